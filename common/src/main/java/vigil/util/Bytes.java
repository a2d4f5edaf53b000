package vigil.util;

import java.nio.charset.StandardCharsets;

/** Small helpers over byte arrays: ASCII comparisons, number parsing with Redis's rules. */
public final class Bytes {
    private Bytes() {
    }

    public static byte[] of(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    public static String str(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    /** Case-insensitive comparison against a lower-case ASCII word. */
    public static boolean is(byte[] b, String lowerWord) {
        if (b.length != lowerWord.length()) return false;
        for (int i = 0; i < b.length; i++) {
            int c = b[i];
            if (c >= 'A' && c <= 'Z') c += 32;
            if (c != lowerWord.charAt(i)) return false;
        }
        return true;
    }

    public static String lower(byte[] b) {
        char[] c = new char[b.length];
        for (int i = 0; i < b.length; i++) {
            int x = b[i] & 0xff;
            if (x >= 'A' && x <= 'Z') x += 32;
            c[i] = (char) x;
        }
        return new String(c);
    }

    /**
     * Parses a signed 64-bit decimal exactly as Redis's string2ll: no spaces, no '+', no leading
     * zeros (except "0"), no "-0". Returns null when the bytes are not such a number.
     */
    public static Long parseLong(byte[] b) {
        int n = b.length;
        if (n == 0 || n > 20) return null;
        if (n == 1 && b[0] == '0') return 0L;
        int i = 0;
        boolean neg = false;
        if (b[0] == '-') {
            neg = true;
            i = 1;
            if (n == 1) return null;
        }
        if (b[i] < '1' || b[i] > '9') return null;
        long v = 0;
        for (; i < n; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) return null;
            if (v > (Long.MAX_VALUE - d) / 10) {
                // Allow exactly Long.MIN_VALUE.
                if (neg && v == 922337203685477580L && d == 8 && i == n - 1) return Long.MIN_VALUE;
                return null;
            }
            v = v * 10 + d;
        }
        return neg ? -v : v;
    }

    public static byte[] fromLong(long v) {
        return Long.toString(v).getBytes(StandardCharsets.US_ASCII);
    }

    /** Redis's stringmatchlen: glob matching with * ? [abc] [^a-z] and \ escapes. */
    public static boolean globMatch(byte[] pattern, byte[] string, boolean nocase) {
        return Glob.match(pattern, string, nocase);
    }
}
