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
        else if (d > -4503599627370495.0 && d < 4503599627370496.0 && d == (double) (long) d) s = Long.toString((long) d);
        else s = Doubles.format(d);
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** The double, or null when b is not a number strtod would read completely. */
    static Double parse(byte[] b) {
        String s = new String(b, StandardCharsets.ISO_8859_1).trim().toLowerCase();
        if (s.equals("nan") || s.equals("-nan")) return Double.NaN;
        return Doubles.parse(s.getBytes(StandardCharsets.ISO_8859_1));
    }
}
