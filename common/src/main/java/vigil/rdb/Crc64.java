package vigil.rdb;

/**
 * Redis's CRC-64 (Jones polynomial 0xad93d23594c935a9, reflected input and output, initial value
 * 0, no final xor): the RDB trailer and the DUMP payload footer. Kept as a running value so
 * writers and readers checksum while streaming.
 */
public final class Crc64 {
    private static final long POLY_REFLECTED = 0x95ac9329ac4bc9b5L;
    private static final long[] TABLE = new long[256];

    static {
        for (int i = 0; i < 256; i++) {
            long crc = i;
            for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >>> 1) ^ POLY_REFLECTED : crc >>> 1;
            TABLE[i] = crc;
        }
    }

    private Crc64() {
    }

    /** Continues crc over b[off, off+len). Start with 0. */
    public static long update(long crc, byte[] b, int off, int len) {
        for (int i = off, end = off + len; i < end; i++) crc = TABLE[(int) (crc ^ b[i]) & 0xff] ^ (crc >>> 8);
        return crc;
    }

    public static long of(byte[] b, int off, int len) {
        return update(0, b, off, len);
    }
}
