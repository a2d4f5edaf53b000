package vigil.rdb;

import java.io.IOException;
import java.util.Arrays;

/**
 * Redis's listpack (listpack.c), the blob inside RDB types 16, 17 and 18: a builder that encodes
 * entries the way lpAppend does (integers in the smallest of 7/13/16/24/32/64-bit forms, strings
 * with 6/12/32-bit lengths, each entry followed by its back-length), and a validating decoder.
 * The server also builds these bytes to size values as Redis would hold them (DEBUG OBJECT).
 */
public final class Listpack {
    static final int HEADER = 6;

    /** Receives decoded entries; integers arrive as their decimal bytes. */
    interface Sink {
        void accept(byte[] element) throws IOException;
    }

    private Listpack() {
    }

    /** Encoded size of one entry (encoding + data + back-length), as lpAppend would store it. */
    static int entrySize(byte[] s) {
        long v = Ints.parseCanonical(s, 0, s.length);
        int len;
        if (v != Ints.NOT_AN_INT || isMinSentinel(s, 0, s.length)) {
            len = intEncodedSize(v);
        } else {
            len = s.length + (s.length < 64 ? 1 : s.length < 4096 ? 2 : 5);
        }
        return len + backlenSize(len);
    }

    private static boolean isMinSentinel(byte[] s, int off, int n) {
        return n == 20 && Arrays.equals(s, off, off + n, Ints.toBytes(Ints.NOT_AN_INT), 0, 20);
    }

    private static int intEncodedSize(long v) {
        if (v >= 0 && v <= 127) return 1;
        if (v >= -4096 && v <= 4095) return 2;
        if (v >= -32768 && v <= 32767) return 3;
        if (v >= -8388608 && v <= 8388607) return 4;
        if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) return 5;
        return 9;
    }

    static int backlenSize(long l) {
        if (l <= 127) return 1;
        if (l < 16383) return 2;
        if (l < 2097151) return 3;
        if (l < 268435455) return 4;
        return 5;
    }

    /** Builds one listpack in memory (callers keep listpacks small: a quicklist node or a small hash/zset). */
    public static final class Builder {
        private byte[] buf = new byte[256];
        private int pos = HEADER;
        private int count;

        public int count() {
            return count;
        }

        /** Total size if finished now. */
        public int bytes() {
            return pos + 1;
        }

        public void add(byte[] s) {
            add(s, 0, s.length);
        }

        /** Appends s[off, off + n) as lpAppend does: as an integer when it is a canonical one. */
        public void add(byte[] s, int off, int n) {
            long v = Ints.parseCanonical(s, off, n);
            if (v != Ints.NOT_AN_INT || isMinSentinel(s, off, n)) addInt(v);
            else addString(s, off, n);
        }

        void addInt(long v) {
            int start = pos;
            ensure(9 + 5);
            if (v >= 0 && v <= 127) {
                buf[pos++] = (byte) v;
            } else if (v >= -4096 && v <= 4095) {
                long u = v < 0 ? (1L << 13) + v : v;
                buf[pos++] = (byte) ((u >> 8) | 0xc0);
                buf[pos++] = (byte) u;
            } else if (v >= -32768 && v <= 32767) {
                buf[pos++] = (byte) 0xf1;
                le(v, 2);
            } else if (v >= -8388608 && v <= 8388607) {
                buf[pos++] = (byte) 0xf2;
                le(v, 3);
            } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
                buf[pos++] = (byte) 0xf3;
                le(v, 4);
            } else {
                buf[pos++] = (byte) 0xf4;
                le(v, 8);
            }
            backlen(pos - start);
            count++;
        }

        private void addString(byte[] s, int off, int n) {
            int start = pos;
            ensure(n + 10);
            if (n < 64) {
                buf[pos++] = (byte) (0x80 | n);
            } else if (n < 4096) {
                buf[pos++] = (byte) (0xe0 | (n >> 8));
                buf[pos++] = (byte) n;
            } else {
                buf[pos++] = (byte) 0xf0;
                le(n, 4);
            }
            System.arraycopy(s, off, buf, pos, n);
            pos += n;
            backlen(pos - start);
            count++;
        }

        private void le(long v, int n) {
            for (int i = 0; i < n; i++) buf[pos++] = (byte) (v >>> (8 * i));
        }

        private void backlen(long l) {
            switch (backlenSize(l)) {
                case 1 -> buf[pos++] = (byte) l;
                case 2 -> {
                    buf[pos++] = (byte) (l >> 7);
                    buf[pos++] = (byte) ((l & 127) | 128);
                }
                case 3 -> {
                    buf[pos++] = (byte) (l >> 14);
                    buf[pos++] = (byte) (((l >> 7) & 127) | 128);
                    buf[pos++] = (byte) ((l & 127) | 128);
                }
                case 4 -> {
                    buf[pos++] = (byte) (l >> 21);
                    buf[pos++] = (byte) (((l >> 14) & 127) | 128);
                    buf[pos++] = (byte) (((l >> 7) & 127) | 128);
                    buf[pos++] = (byte) ((l & 127) | 128);
                }
                default -> {
                    buf[pos++] = (byte) (l >> 28);
                    buf[pos++] = (byte) (((l >> 21) & 127) | 128);
                    buf[pos++] = (byte) (((l >> 14) & 127) | 128);
                    buf[pos++] = (byte) (((l >> 7) & 127) | 128);
                    buf[pos++] = (byte) ((l & 127) | 128);
                }
            }
        }

        private void ensure(int more) {
            if (pos + more + 1 > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more + 1));
        }

        /** The finished listpack; the builder must not be used afterwards (or {@link #reset} first). */
        public byte[] finish() {
            return Arrays.copyOf(buf, finishInPlace());
        }

        /** Finishes the listpack in {@link #buffer} and returns its length (no copy). */
        int finishInPlace() {
            ensure(1);
            buf[pos++] = (byte) 0xff;
            long total = pos;
            for (int i = 0; i < 4; i++) buf[i] = (byte) (total >>> (8 * i));
            int n = Math.min(count, 65535);
            buf[4] = (byte) n;
            buf[5] = (byte) (n >>> 8);
            return pos;
        }

        byte[] buffer() {
            return buf;
        }

        /** Empties the builder for the next listpack (a writer reuses one; big buffers are dropped). */
        Builder reset() {
            if (buf.length > 64 * 1024) buf = new byte[256];
            pos = HEADER;
            count = 0;
            return this;
        }
    }

    /**
     * Decodes every entry of lp, checking the header's total length and count, each entry's
     * encoding and back-length, and the end marker. at is the stream offset of the blob, for errors.
     * Returns the number of entries.
     */
    static long decode(byte[] lp, long at, Sink sink) throws IOException {
        Cursor c = new Cursor(lp, at, "listpack");
        c.need(HEADER + 1, "a listpack header");
        long total = c.le(4);
        int declared = (int) c.le(2);
        if (total != lp.length) throw c.error("listpack header says " + total + " bytes but the string holds " + lp.length);
        long n = 0;
        while (true) {
            int start = c.pos;
            int b = c.u8();
            if (b == 0xff) break;
            byte[] e;
            if ((b & 0x80) == 0) {
                e = Ints.toBytes(b);
            } else if ((b & 0xc0) == 0x80) {
                e = c.bytes(b & 0x3f);
            } else if ((b & 0xe0) == 0xc0) {
                long v = ((b & 0x1f) << 8) | c.u8();
                if (v >= 1 << 12) v -= 1 << 13;
                e = Ints.toBytes(v);
            } else if ((b & 0xf0) == 0xe0) {
                e = c.bytes(((b & 0x0f) << 8) | c.u8());
            } else {
                e = switch (b) {
                    case 0xf0 -> c.bytes(c.le(4));
                    case 0xf1 -> Ints.toBytes((short) c.le(2));
                    case 0xf2 -> Ints.toBytes(((int) c.le(3) << 8) >> 8);
                    case 0xf3 -> Ints.toBytes((int) c.le(4));
                    case 0xf4 -> Ints.toBytes(c.le(8));
                    default -> throw c.error("invalid listpack entry encoding 0x" + Integer.toHexString(b));
                };
            }
            int encLen = c.pos - start;
            int bl = backlenSize(encLen);
            c.need(bl, "an entry back-length");
            long got = 0;
            for (int i = 0; i < bl; i++) got = (got << 7) | (lp[c.pos + i] & 0x7f);
            if (got != encLen) throw c.error("listpack entry back-length " + got + " does not match entry length " + encLen);
            c.pos += bl;
            n++;
            sink.accept(e);
        }
        if (c.pos != lp.length) throw c.error("listpack end marker before the end of the string");
        if (declared != 65535 && declared != n) throw c.error("listpack header counts " + declared + " entries but holds " + n);
        return n;
    }
}
