package vigil.rdb;

import java.nio.charset.StandardCharsets;

/**
 * Redis's string2ll rule ("is this byte string exactly the decimal form of a 64-bit integer":
 * no sign other than a leading '-', no leading zeros, no "-0", at most 20 bytes), which decides
 * integer encodings in RDB strings, listpacks and intsets; and the reverse (ll2string).
 */
final class Ints {
    /** What {@link #parseCanonical} returns for "not an integer"; a real value equal to it is told apart by {@link #isCanonical}. */
    static final long NOT_AN_INT = Long.MIN_VALUE + 0x5eed;

    private Ints() {
    }

    /** The value, or NOT_AN_INT. */
    static long parseCanonical(byte[] s, int off, int len) {
        if (len == 0 || len > 20) return NOT_AN_INT;
        if (len == 1 && s[off] == '0') return 0;
        int i = off, end = off + len;
        boolean neg = false;
        if (s[i] == '-') {
            neg = true;
            i++;
            if (i == end) return NOT_AN_INT;
        }
        if (s[i] < '1' || s[i] > '9') return NOT_AN_INT;
        long v = 0;   // accumulate negatively to reach Long.MIN_VALUE
        if (end - i <= 18) {   // cannot overflow: skip the two divisions per digit
            for (; i < end; i++) {
                int d = s[i] - '0';
                if (d < 0 || d > 9) return NOT_AN_INT;
                v = v * 10 - d;
            }
            return neg ? v : -v;
        }
        for (; i < end; i++) {
            int d = s[i] - '0';
            if (d < 0 || d > 9) return NOT_AN_INT;
            if (v < (Long.MIN_VALUE + d) / 10) return NOT_AN_INT;
            if (v * 10 < Long.MIN_VALUE + d) return NOT_AN_INT;
            v = v * 10 - d;
        }
        if (!neg) {
            if (v == Long.MIN_VALUE) return NOT_AN_INT;
            v = -v;
        }
        return v;
    }

    /** True when s is the canonical decimal form of some long (out[0] receives it). */
    static boolean isCanonical(byte[] s, long[] out) {
        long v = parseCanonical(s, 0, s.length);
        if (v == NOT_AN_INT && !(s.length > 0 && Long.toString(NOT_AN_INT).equals(new String(s, StandardCharsets.US_ASCII)))) {
            return false;
        }
        out[0] = v;
        return true;
    }

    static byte[] toBytes(long v) {
        return Long.toString(v).getBytes(StandardCharsets.US_ASCII);
    }
}
