package vigil.server.types;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Builds the exact bytes Redis 7.0 would hold for a small collection: a listpack (the node of
 * a quicklist, a small hash or sorted set) or an intset. Vigil's own packed forms differ, but
 * DEBUG OBJECT's serializedlength (and its LZF compression of these blobs) depends on Redis's
 * bytes, so they are rebuilt on demand.
 */
public final class RedisPacked {
    /** LP_HDR_SIZE (total bytes + element count) plus the end byte. */
    public static final int EMPTY_LISTPACK = 7;

    private RedisPacked() {
    }

    /** A listpack being appended to. */
    public static final class Listpack {
        private final ByteArrayOutputStream entries = new ByteArrayOutputStream();
        private int count;

        public void append(byte[] b, int off, int len) {
            int start = entries.size();
            Long v = canonicalLong(b, off, len);
            if (v != null) {
                writeInt(v);
            } else if (len < 64) {
                entries.write(0x80 | len);
                entries.write(b, off, len);
            } else if (len < 4096) {
                entries.write(0xE0 | (len >> 8));
                entries.write(len & 0xff);
                entries.write(b, off, len);
            } else {
                entries.write(0xF0);
                le(len, 4);
                entries.write(b, off, len);
            }
            backlen(entries.size() - start);
            count++;
        }

        public void append(byte[] b) {
            append(b, 0, b.length);
        }

        public void append(String s) {
            append(s.getBytes(StandardCharsets.US_ASCII));
        }

        /** Size of the listpack, header and end byte included. */
        public int bytes() {
            return entries.size() + EMPTY_LISTPACK;
        }

        public int count() {
            return count;
        }

        public byte[] toBytes() {
            ByteArrayOutputStream out = new ByteArrayOutputStream(bytes());
            int total = bytes();
            for (int i = 0; i < 4; i++) out.write(total >>> (8 * i));
            int n = Math.min(count, 65535);
            out.write(n);
            out.write(n >>> 8);
            out.writeBytes(entries.toByteArray());
            out.write(0xFF);
            return out.toByteArray();
        }

        private void writeInt(long v) {
            if (v >= 0 && v <= 127) {
                entries.write((int) v);
            } else if (v >= -4096 && v <= 4095) {
                long u = v < 0 ? (1L << 13) + v : v;
                entries.write((int) (u >> 8) | 0xC0);
                entries.write((int) (u & 0xff));
            } else if (v >= -32768 && v <= 32767) {
                entries.write(0xF1);
                le(v, 2);
            } else if (v >= -8388608 && v <= 8388607) {
                entries.write(0xF2);
                le(v, 3);
            } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
                entries.write(0xF3);
                le(v, 4);
            } else {
                entries.write(0xF4);
                le(v, 8);
            }
        }

        private void le(long v, int n) {
            for (int i = 0; i < n; i++) entries.write((int) (v >>> (8 * i)));
        }

        /** lpEncodeBacklen: the entry's length, 7 bits per byte, read from the right. */
        private void backlen(int l) {
            if (l <= 127) {
                entries.write(l);
            } else if (l < 16383) {
                entries.write(l >> 7);
                entries.write((l & 127) | 128);
            } else if (l < 2097151) {
                entries.write(l >> 14);
                entries.write(((l >> 7) & 127) | 128);
                entries.write((l & 127) | 128);
            } else if (l < 268435455) {
                entries.write(l >> 21);
                entries.write(((l >> 14) & 127) | 128);
                entries.write(((l >> 7) & 127) | 128);
                entries.write((l & 127) | 128);
            } else {
                entries.write(l >> 28);
                entries.write(((l >> 21) & 127) | 128);
                entries.write(((l >> 14) & 127) | 128);
                entries.write(((l >> 7) & 127) | 128);
                entries.write((l & 127) | 128);
            }
        }
    }

    /** An intset of these ascending values: encoding width, length, little-endian contents. */
    public static byte[] intset(long[] sorted) {
        int width = 2;
        for (long v : sorted) {
            if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) width = 8;
            else if ((v < Short.MIN_VALUE || v > Short.MAX_VALUE) && width < 4) width = 4;
        }
        byte[] out = new byte[8 + width * sorted.length];
        out[0] = (byte) width;
        int n = sorted.length;
        for (int i = 0; i < 4; i++) out[4 + i] = (byte) (n >>> (8 * i));
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < width; i++) out[8 + j * width + i] = (byte) (sorted[j] >>> (8 * i));
        }
        return out;
    }

    /** lpStringToInt64: the value when the bytes are a canonical 64-bit integer, else null. */
    static Long canonicalLong(byte[] b, int off, int len) {
        if (len == 0 || len > 20) return null;
        int i = off, end = off + len;
        boolean neg = b[i] == '-';
        if (neg) {
            i++;
            if (i == end) return null;
        }
        if (b[i] == '0' && (end - i > 1 || neg)) return null;
        long v = 0;
        for (; i < end; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) return null;
            // accumulate negatively so Long.MIN_VALUE fits
            if (v < (Long.MIN_VALUE + d) / 10) return null;
            v = v * 10 - d;
        }
        if (!neg) {
            if (v == Long.MIN_VALUE) return null;
            v = -v;
        }
        return v;
    }
}
