package vigil.sentinel.server;

import java.nio.charset.StandardCharsets;

/** Redis's string2ll: an exact decimal long (no spaces, no '+', no leading zeros), else null. */
final class Numbers {
    private Numbers() {
    }

    static Long parseLong(byte[] b) {
        return parseLong(new String(b, StandardCharsets.ISO_8859_1));
    }

    static Long parseLong(String s) {
        int n = s.length();
        if (n == 0 || n > 20) return null;
        if (s.equals("0")) return 0L;
        int i = s.charAt(0) == '-' ? 1 : 0;
        if (i == n || s.charAt(i) < '1' || s.charAt(i) > '9') return null;
        for (int k = i; k < n; k++) if (s.charAt(k) < '0' || s.charAt(k) > '9') return null;
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
