package vigil.rdb;

import vigil.resp.Doubles;

import java.nio.charset.StandardCharsets;

/**
 * Sorted-set scores as text, the way Redis keeps them in listpacks and old zset (type 3) files:
 * d2string for writing (integers within 2^52 as integers, otherwise "%.17g", "inf", "-inf") and
 * strtod-like parsing for reading.
 */
final class Scores {
    private Scores() {
    }

    static byte[] format(double d) {
        String s;
        if (Double.isNaN(d)) s = "nan";
        else if (d == 0) s = (1 / d < 0) ? "-0" : "0";
        else if (d > -4503599627370495.0 && d < 4503599627370496.0 && d == (double) (long) d) return Ints.toBytes((long) d);
        else {
            byte[] fast = dyadic(d);
            if (fast != null) return fast;
            s = Doubles.format(d);
        }
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static final long[] POW5 = {1, 5, 25, 125, 625, 3125, 15625, 78125, 390625};

    /**
     * "%.17g" without BigDecimal for the common scores that are m / 2^k with k at most 8 (x.5,
     * x.25, x.125...): their exact decimal expansion m * 5^k / 10^k has at most 17 significant
     * digits here, so it is what "%.17g" prints (fixed notation: |d| is at least 1/256).
     * Null for anything else (the caller formats it exactly the slow way).
     */
    static byte[] dyadic(double d) {
        if (d == Math.rint(d)) return null;   // integers (and infinities) are not this path's
        for (int k = 1; k <= 8; k++) {
            double t = d * (1 << k);   // exact: a power of two
            if (t != Math.rint(t)) continue;
            if (Math.abs(t) >= 1e17 / POW5[k]) return null;
            long m = Math.abs((long) t) * POW5[k];   // |d| * 10^k, exactly; its last digit is 5
            byte[] c = new byte[20];
            int p = c.length;
            for (int i = 0; i < k; i++, m /= 10) c[--p] = (byte) ('0' + m % 10);
            c[--p] = '.';
            do {
                c[--p] = (byte) ('0' + m % 10);
                m /= 10;
            } while (m != 0);
            if (d < 0) c[--p] = '-';
            return java.util.Arrays.copyOfRange(c, p, c.length);
        }
        return null;
    }

    /** The double, or null when b is not a number strtod would read completely. */
    static Double parse(byte[] b) {
        String s = new String(b, StandardCharsets.ISO_8859_1).trim().toLowerCase();
        if (s.equals("nan") || s.equals("-nan")) return Double.NaN;
        return Doubles.parse(s.getBytes(StandardCharsets.ISO_8859_1));
    }
}
