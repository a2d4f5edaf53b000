package vigil.server.keys;

/**
 * The output length of liblzf's lzf_compress as Redis builds it (HLOG 16, VERY_FAST), with the
 * output limited to length-4 bytes as rdbSaveLzfStringObject asks: 0 means "not compressible".
 * Only the length is computed; DEBUG OBJECT reports it. (The hash table starts empty, which is
 * what a fresh Redis process sees.)
 */
final class Lzf {
    private static final int HLOG = 16;
    private static final int HSIZE = 1 << HLOG;
    private static final int MAX_LIT = 1 << 5;
    private static final int MAX_OFF = 1 << 13;
    private static final int MAX_REF = (1 << 8) + (1 << 3);

    private Lzf() {
    }

    private static int idx(int h) {
        return ((h >>> (3 * 8 - HLOG)) - h * 5) & (HSIZE - 1);
    }

    private static int u(byte[] s, int i) {
        return s[i] & 0xff;
    }

    static int compressedLength(byte[] in) {
        int inLen = in.length;
        if (inLen <= 4) return 0;
        int outEnd = inLen - 4;
        int[] htab = new int[HSIZE];   // offsets; 0 means "the first byte", which never matches (ref > in)
        int ip = 0, op = 0, lit = 0;
        op++;
        int hval = (u(in, 0) << 8) | u(in, 1);
        while (ip < inLen - 2) {
            hval = (hval << 8) | u(in, ip + 2);
            int slot = idx(hval);
            int ref = htab[slot];
            htab[slot] = ip;
            long off = (long) ip - ref - 1;
            if (off >= 0 && off < MAX_OFF && ref > 0 && in[ref + 2] == in[ip + 2]
                    && in[ref] == in[ip] && in[ref + 1] == in[ip + 1]) {
                int len = 2;
                int maxlen = inLen - ip - len;
                if (maxlen > MAX_REF) maxlen = MAX_REF;
                if (op + 3 + 1 >= outEnd && op - (lit == 0 ? 1 : 0) + 3 + 1 >= outEnd) return 0;
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
                op += len < 7 ? 2 : 3;
                lit = 0;
                op++;
                ip += len + 1;
                if (ip >= inLen - 2) break;
                ip -= 2;
                hval = (u(in, ip) << 8) | u(in, ip + 1);
                hval = (hval << 8) | u(in, ip + 2);
                htab[idx(hval)] = ip;
                ip++;
                hval = (hval << 8) | u(in, ip + 2);
                htab[idx(hval)] = ip;
                ip++;
            } else {
                if (op >= outEnd) return 0;
                lit++;
                op++;
                ip++;
                if (lit == MAX_LIT) {
                    lit = 0;
                    op++;
                }
            }
        }
        if (op + 3 > outEnd) return 0;
        while (ip < inLen) {
            lit++;
            op++;
            ip++;
            if (lit == MAX_LIT) {
                lit = 0;
                op++;
            }
        }
        op -= lit == 0 ? 1 : 0;
        return op;
    }
}
