package vigil.rdb;

import java.io.IOException;

/**
 * Decoder for Redis's ziplist (ziplist.c), the blob of RDB types 10, 12, 13 and of quicklist-1
 * nodes (14) written by Redis before 7.0: a 10-byte header, entries of prevlen + encoding +
 * data, and 0xFF. Redis 7.0 still loads these (converting them), so Vigil must read them.
 */
final class Ziplist {
    private Ziplist() {
    }

    static long decode(byte[] zl, long at, Listpack.Sink sink) throws IOException {
        Cursor c = new Cursor(zl, at, "ziplist");
        c.need(11, "a ziplist header");
        long total = c.le(4);
        c.le(4);   // tail offset
        int declared = (int) c.le(2);
        if (total != zl.length) throw c.error("ziplist header says " + total + " bytes but the string holds " + zl.length);
        long n = 0;
        int prevEntry = 0;
        while (true) {
            int start = c.pos;
            int first = c.u8();
            if (first == 0xff) break;
            long prevlen = first;
            if (first == 0xfe) prevlen = c.le(4);
            if (prevlen != prevEntry) throw c.error("ziplist entry prevlen " + prevlen + " does not match previous entry length " + prevEntry);
            int enc = c.u8();
            byte[] e;
            switch (enc >> 6) {
                case 0 -> e = c.bytes(enc & 0x3f);
                case 1 -> e = c.bytes(((enc & 0x3f) << 8) | c.u8());
                case 2 -> {
                    if (enc != 0x80) throw c.error("invalid ziplist string encoding 0x" + Integer.toHexString(enc));
                    long len = 0;
                    for (int i = 0; i < 4; i++) len = (len << 8) | c.u8();
                    e = c.bytes(len);
                }
                default -> e = switch (enc) {
                    case 0xc0 -> Ints.toBytes((short) c.le(2));
                    case 0xd0 -> Ints.toBytes((int) c.le(4));
                    case 0xe0 -> Ints.toBytes(c.le(8));
                    case 0xf0 -> Ints.toBytes(((int) c.le(3) << 8) >> 8);
                    case 0xfe -> Ints.toBytes((byte) c.u8());
                    default -> {
                        if (enc >= 0xf1 && enc <= 0xfd) yield Ints.toBytes((enc & 0x0f) - 1);
                        throw c.error("invalid ziplist entry encoding 0x" + Integer.toHexString(enc));
                    }
                };
            }
            prevEntry = c.pos - start;
            n++;
            sink.accept(e);
        }
        if (c.pos != zl.length) throw c.error("ziplist end marker before the end of the string");
        if (declared != 65535 && declared != n) throw c.error("ziplist header counts " + declared + " entries but holds " + n);
        return n;
    }
}
