package vigil.rdb;

/**
 * LZF as Redis builds liblzf (HLOG 16, VERY_FAST, empty hash table): RDB strings longer than 20
 * bytes are stored compressed when rdbcompression is on and compression saves at least 4 bytes.
 * The compressor follows lzf_compress step for step so Redis and Vigil produce the same bytes.
 */
public final class Lzf {
    private static final int HLOG = 16;
    private static final int HSIZE = 1 << HLOG;
    private static final int MAX_LIT = 1 << 5;
    private static final int MAX_OFF = 1 << 13;
    private static final int MAX_REF = (1 << 8) + (1 << 3);

    /**
     * One hash table per thread, reused: Redis's table is uninitialized stack memory, a fresh
     * 256 KB int[] per string made SAVE spend most of its time zeroing tables. Entries are
     * stored as base + position, base moving past every input, so an entry of an earlier call
     * reads as a negative position (no match) and the output is that of an empty table.
     */
    static final class Table {
        final int[] htab = new int[HSIZE];
        int base;
        /** The output of the last {@link #compressInto}; reused up to 64 KB. */
        byte[] out = new byte[256];

        byte[] out(int size) {
            if (size <= out.length) return out;
            byte[] b = new byte[size];
            if (size <= 64 * 1024) out = b;
            return b;
        }
    }

    private static final ThreadLocal<Table> TABLE = ThreadLocal.withInitial(Table::new);

    private Lzf() {
    }

    /** The calling thread's table (tables are not shared between threads; calls on one thread do not overlap). */
    static Table threadTable() {
        return TABLE.get();
    }

    private static int idx(int h) {
        return ((h >>> (3 * 8 - HLOG)) - h * 5) & (HSIZE - 1);
    }

    private static int u(byte[] s, int i) {
        return s[i] & 0xff;
    }

    /**
     * Compresses in[0, inLen) into at most maxOut bytes (Redis asks for inLen - 4). Returns the
     * compressed bytes, or null when they would not fit (store the string raw then).
     */
    public static byte[] compress(byte[] in, int inLen, int maxOut) {
        Table t = TABLE.get();
        byte[] out = t.out(Math.max(0, maxOut));
        int n = compressInto(t, out, in, inLen, maxOut);
        return n < 0 ? null : java.util.Arrays.copyOf(out, n);
    }

    /**
     * {@link #compress(byte[], int, int)} with the caller's table (an RDB writer keeps one) into
     * out (at least maxOut bytes, e.g. {@code t.out(maxOut)}): returns the compressed length, or
     * -1 when it would not fit in maxOut.
     */
    static int compressInto(Table t, byte[] out, byte[] in, int inLen, int maxOut) {
        if (inLen <= 4 || maxOut <= 0) return -1;
        int outEnd = maxOut;
        if (t.base > Integer.MAX_VALUE - inLen - 1) {
            java.util.Arrays.fill(t.htab, 0);
            t.base = 0;
        }
        int[] htab = t.htab;   // base + offset; offset 0 ("the first byte") never matches (ref > in)
        int base = t.base;
        t.base = base + inLen + 1;
        int ip = 0, op = 0, lit = 0;
        op++;
        int hval = (u(in, 0) << 8) | u(in, 1);
        while (ip < inLen - 2) {
            hval = (hval << 8) | u(in, ip + 2);
            int slot = idx(hval);
            int ref = htab[slot] - base;
            htab[slot] = base + ip;
            int off = ip - ref - 1;
            if (ref > 0 && off >= 0 && off < MAX_OFF && in[ref + 2] == in[ip + 2]
                    && in[ref] == in[ip] && in[ref + 1] == in[ip + 1]) {
                int len = 2;
                int maxlen = inLen - ip - len;
                if (maxlen > MAX_REF) maxlen = MAX_REF;
                if (op + 3 + 1 >= outEnd && op - (lit == 0 ? 1 : 0) + 3 + 1 >= outEnd) return -1;
                out[op - lit - 1] = (byte) (lit - 1);
                op -= lit == 0 ? 1 : 0;
                boolean stopped = false;
                if (maxlen > 16) {   // liblzf's unrolled loop checks 16 bytes before looking at maxlen
                    for (int k = 0; k < 16 && !stopped; k++) {
                        len++;
                        stopped = in[ref + len] != in[ip + len];
                    }
                }
                if (!stopped) {
                    do {
                        len++;
                    } while (len < maxlen && in[ref + len] == in[ip + len]);
                }
                len -= 2;
                ip++;
                if (len < 7) {
                    out[op++] = (byte) ((off >> 8) + (len << 5));
                } else {
                    out[op++] = (byte) ((off >> 8) + (7 << 5));
                    out[op++] = (byte) (len - 7);
                }
                out[op++] = (byte) off;
                lit = 0;
                op++;
                ip += len + 1;
                if (ip >= inLen - 2) break;
                ip -= 2;
                hval = (u(in, ip) << 8) | u(in, ip + 1);
                hval = (hval << 8) | u(in, ip + 2);
                htab[idx(hval)] = base + ip;
                ip++;
                hval = (hval << 8) | u(in, ip + 2);
                htab[idx(hval)] = base + ip;
                ip++;
            } else {
                if (op >= outEnd) return -1;
                lit++;
                out[op++] = in[ip++];
                if (lit == MAX_LIT) {
                    out[op - lit - 1] = (byte) (lit - 1);
                    lit = 0;
                    op++;
                }
            }
        }
        if (op + 3 > outEnd) return -1;
        while (ip < inLen) {
            lit++;
            out[op++] = in[ip++];
            if (lit == MAX_LIT) {
                out[op - lit - 1] = (byte) (lit - 1);
                lit = 0;
                op++;
            }
        }
        out[op - lit - 1] = (byte) (lit - 1);
        op -= lit == 0 ? 1 : 0;
        return op;
    }

    /**
     * Decompresses exactly outLen bytes from in[0, inLen). Returns null when the data is corrupt
     * (a back reference before the start, a run past either end, or a length mismatch).
     */
    public static byte[] decompress(byte[] in, int inLen, int outLen) {
        byte[] out = new byte[outLen];
        int ip = 0, op = 0;
        while (ip < inLen) {
            int ctrl = in[ip++] & 0xff;
            if (ctrl < (1 << 5)) {
                int n = ctrl + 1;
                if (op + n > outLen || ip + n > inLen) return null;
                System.arraycopy(in, ip, out, op, n);
                op += n;
                ip += n;
            } else {
                int len = ctrl >> 5;
                int ref = op - ((ctrl & 0x1f) << 8) - 1;
                if (ip >= inLen) return null;
                if (len == 7) {
                    len += in[ip++] & 0xff;
                    if (ip >= inLen) return null;
                }
                ref -= in[ip++] & 0xff;
                len += 2;
                if (op + len > outLen || ref < 0) return null;
                for (int i = 0; i < len; i++) out[op++] = out[ref++];
            }
        }
        return op == outLen ? out : null;
    }
}
