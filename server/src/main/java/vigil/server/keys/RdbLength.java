package vigil.server.keys;

import vigil.util.Bytes;

/**
 * Lengths of values as Redis's RDB writer would emit them (rdbSaveRawString, rdbSaveLen),
 * reported by DEBUG OBJECT as serializedlength. Strings longer than 20 bytes are counted as
 * stored verbatim: Redis would LZF-compress compressible ones and report fewer bytes.
 */
public final class RdbLength {
    private RdbLength() {
    }

    /** rdbSaveLen: 1, 2, 5 or 9 bytes. */
    public static int len(long n) {
        if (n < (1 << 6)) return 1;
        if (n < (1 << 14)) return 2;
        if (n <= 0xFFFFFFFFL) return 5;
        return 9;
    }

    /** rdbSaveRawString: integer encoding for short numbers, else length + bytes. */
    public static long string(byte[] s) {
        if (s.length <= 11) {
            Long v = Bytes.parseLong(s);
            if (v != null) {
                if (v >= -(1 << 7) && v <= (1 << 7) - 1) return 2;
                if (v >= -(1 << 15) && v <= (1 << 15) - 1) return 3;
                if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) return 5;
            }
        }
        if (s.length > 20) {
            byte[] packed = vigil.rdb.Lzf.compress(s, s.length, s.length - 4);
            if (packed != null) return 1 + len(packed.length) + len(s.length) + packed.length;
        }
        return len(s.length) + s.length;
    }
}
