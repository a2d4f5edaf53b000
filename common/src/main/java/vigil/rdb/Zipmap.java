package vigil.rdb;

import java.io.IOException;

/**
 * Decoder for Redis's zipmap (RDB type 9, small hashes from Redis before 2.6): a count byte,
 * then key length, key, value length, free byte, value, free padding per pair, and 0xFF.
 * Lengths below 254 take one byte; 254 introduces a 4-byte little-endian length.
 */
final class Zipmap {
    private Zipmap() {
    }

    /** Delivers field, value, field, value...; returns the number of pairs. */
    static long decode(byte[] zm, long at, Listpack.Sink sink) throws IOException {
        Cursor c = new Cursor(zm, at, "zipmap");
        c.u8();   // count hint (254 or more means "count it")
        long pairs = 0;
        while (true) {
            int first = c.u8();
            if (first == 0xff) break;
            byte[] field = c.bytes(len(c, first));
            int vfirst = c.u8();
            if (vfirst == 0xff) throw c.error("zipmap field without a value");
            long vlen = len(c, vfirst);
            int free = c.u8();
            byte[] value = c.bytes(vlen);
            c.need(free, free + " bytes of zipmap padding");
            c.pos += free;
            sink.accept(field);
            sink.accept(value);
            pairs++;
        }
        if (c.pos != zm.length) throw c.error("zipmap end marker before the end of the string");
        return pairs;
    }

    private static long len(Cursor c, int first) throws RdbFormatException {
        if (first < 254) return first;
        if (first == 254) return c.le(4);
        throw c.error("invalid zipmap length byte 0x" + Integer.toHexString(first));
    }
}
