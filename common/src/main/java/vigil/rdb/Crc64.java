package vigil.rdb;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Redis's CRC-64 (Jones polynomial 0xad93d23594c935a9, reflected input and output, initial value
 * 0, no final xor): the RDB trailer and the DUMP payload footer. Kept as a running value so
 * writers and readers checksum while streaming.
 */
public final class Crc64 {
    private static final long POLY_REFLECTED = 0x95ac9329ac4bc9b5L;
    private static final long[] TABLE = new long[256];
    /** Slicing-by-8 tables (as Redis's crcspeed): T[k][b] is the CRC of byte b followed by k zero bytes. */
    private static final long[][] T = new long[8][];
    private static final VarHandle LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    static {
        for (int i = 0; i < 256; i++) {
            long crc = i;
            for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >>> 1) ^ POLY_REFLECTED : crc >>> 1;
            TABLE[i] = crc;
        }
        T[0] = TABLE;
        for (int k = 1; k < 8; k++) {
            T[k] = new long[256];
            for (int i = 0; i < 256; i++) T[k][i] = TABLE[(int) T[k - 1][i] & 0xff] ^ (T[k - 1][i] >>> 8);
        }
    }

    private Crc64() {
    }

    /** Continues crc over b[off, off+len). Start with 0. */
    public static long update(long crc, byte[] b, int off, int len) {
        int i = off, end = off + len;
        long[] t0 = T[0], t1 = T[1], t2 = T[2], t3 = T[3], t4 = T[4], t5 = T[5], t6 = T[6], t7 = T[7];
        for (; i + 8 <= end; i += 8) {
            long x = crc ^ (long) LE.get(b, i);
            crc = t7[(int) x & 0xff] ^ t6[(int) (x >>> 8) & 0xff] ^ t5[(int) (x >>> 16) & 0xff]
                    ^ t4[(int) (x >>> 24) & 0xff] ^ t3[(int) (x >>> 32) & 0xff] ^ t2[(int) (x >>> 40) & 0xff]
                    ^ t1[(int) (x >>> 48) & 0xff] ^ t0[(int) (x >>> 56)];
        }
        for (; i < end; i++) crc = t0[(int) (crc ^ b[i]) & 0xff] ^ (crc >>> 8);
        return crc;
    }

    public static long of(byte[] b, int off, int len) {
        return update(0, b, off, len);
    }
}
