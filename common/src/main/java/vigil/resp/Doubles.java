package vigil.resp;

import java.math.BigDecimal;

/** Number formatting and parsing with Redis's rules. */
public final class Doubles {
    private Doubles() {
    }

    /**
     * Formats a double the way Redis 7.0 replies with scores and RESP3 doubles: "inf", "-inf",
     * "nan", otherwise C's "%.17g" (17 significant digits, trailing zeros removed, exponent form
     * below 1e-4 and from 1e17), so 1.1 reads "1.1000000000000001" exactly as Redis 7.0 prints it.
     */
    public static String format(double d) {
        if (Double.isNaN(d)) return "nan";
        if (Double.isInfinite(d)) return d > 0 ? "inf" : "-inf";
        if (d == 0) return (1 / d < 0) ? "-0" : "0";
        if (d == Math.rint(d) && Math.abs(d) < 1e15) return Long.toString((long) d);
        BigDecimal bd = new BigDecimal(d).round(new java.math.MathContext(17, java.math.RoundingMode.HALF_EVEN));
        int exp = bd.precision() - bd.scale() - 1;
        if (exp < -4 || exp >= 17) {
            String digits = bd.unscaledValue().abs().toString();
            digits = stripZeros(digits.substring(0, 1) + "." + digits.substring(1));
            return (d < 0 ? "-" : "") + digits + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
        }
        return stripZeros(bd.setScale(Math.max(0, 16 - exp), java.math.RoundingMode.HALF_EVEN).toPlainString());
    }

    private static String stripZeros(String s) {
        if (s.indexOf('.') < 0) return s;
        int e = s.length();
        while (s.charAt(e - 1) == '0') e--;
        if (s.charAt(e - 1) == '.') e--;
        return s.substring(0, e);
    }

    private static final java.util.regex.Pattern DECIMAL = java.util.regex.Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final java.util.regex.Pattern HEX = java.util.regex.Pattern.compile("[+-]?0[xX]([0-9a-fA-F]+\\.?[0-9a-fA-F]*|\\.[0-9a-fA-F]+)([pP][+-]?\\d+)?");
    private static final java.util.regex.Pattern INF = java.util.regex.Pattern.compile("[+-]?(inf|infinity)", java.util.regex.Pattern.CASE_INSENSITIVE);

    /**
     * Parses a double the way strtod does when Redis requires the whole string to be consumed
     * (zslParseRange, SORT): decimal or hexadecimal ("0x1p3", "0x10") forms, "inf"/"infinity"
     * with a sign in any case, no leading or trailing spaces, no NaN. Overflow gives +-inf and
     * underflow 0, as strtod. Returns null when the input is not a valid float.
     */
    public static Double parse(byte[] b) {
        if (b.length == 0 || b.length > 5000) return null;
        String s = new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
        try {
            if (DECIMAL.matcher(s).matches()) return Double.parseDouble(s);
            if (HEX.matcher(s).matches()) {
                boolean exp = s.indexOf('p') >= 0 || s.indexOf('P') >= 0;
                return Double.parseDouble(exp ? s : s + "p0");
            }
        } catch (NumberFormatException e) {
            return null;
        }
        if (INF.matcher(s).matches()) return s.charAt(0) == '-' ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        return null;
    }

    /**
     * Parses as Redis's getDoubleFromObject (ZADD scores, ZINCRBY, WEIGHTS): {@link #parse}, and
     * also rejecting what strtod reports as ERANGE to infinity or to zero ("1e400", "1e-400").
     */
    public static Double parseStrict(byte[] b) {
        Double d = parse(b);
        if (d == null) return null;
        String s = new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
        if (Double.isInfinite(d) && !INF.matcher(s).matches()) return null;
        if (d == 0.0 && nonZeroMantissa(s)) return null;
        return d;
    }

    private static boolean nonZeroMantissa(String s) {
        int x = Math.max(s.indexOf('x'), s.indexOf('X'));
        boolean hex = x >= 0;
        for (int i = x + 1; i < s.length(); i++) {
            char ch = Character.toLowerCase(s.charAt(i));
            if (ch == (hex ? 'p' : 'e')) break;
            if (ch >= '1' && ch <= '9' || hex && ch >= 'a' && ch <= 'f') return true;
        }
        return false;
    }
}
