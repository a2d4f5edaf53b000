package vigil.server.types.hash;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/**
 * HINCRBYFLOAT's arithmetic as Redis does it on x86-64: C long double (80-bit extended, 64-bit
 * significand), parsed with strtold and printed with "%.17Lf" minus trailing zeros. Values are
 * kept as exact BigDecimals rounded to 64 significant bits after each step, so results such as
 * 2.1 + 1500 = "1502.09999999999999998" match Redis byte for byte. Null means infinity/NaN.
 */
final class LongDouble {
    private LongDouble() {
    }

    /** Largest finite binary exponent of the 80-bit format. */
    private static final int MAX_EXP = 16383;

    /** An infinite result (a marker; BigDecimal has no infinity). */
    static final BigDecimal INF = new BigDecimal("1e5000");

    /**
     * strtold-like parse of a whole string (no spaces, no NaN); returns the value rounded to
     * long double, INF (or its negation) for infinities, or null when it is not a float.
     */
    static BigDecimal parse(byte[] b) {
        if (b.length == 0 || b.length >= 5 * 1024) return null;
        String s = new String(b, StandardCharsets.US_ASCII);
        if (Character.isWhitespace(s.charAt(0))) return null;
        String l = s.toLowerCase();
        boolean neg = l.startsWith("-");
        String body = neg || l.startsWith("+") ? l.substring(1) : l;
        if (body.equals("inf") || body.equals("infinity")) return neg ? INF.negate() : INF;
        if (HEX.matcher(body).matches()) return hex(body, neg);
        for (int i = 0; i < body.length(); i++) {
            char ch = body.charAt(i);
            if (!((ch >= '0' && ch <= '9') || ch == '.' || ch == 'e' || ch == '-' || ch == '+')) return null;
        }
        try {
            BigDecimal x = new BigDecimal(l);
            BigDecimal v = round(x);
            if (v == null || (v.signum() == 0 && x.signum() != 0)) return null;   // ERANGE: rejected as strtold's callers do
            return v;
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }

    private static final java.util.regex.Pattern HEX = java.util.regex.Pattern.compile("0x([0-9a-f]+\\.?[0-9a-f]*|\\.[0-9a-f]+)(p[+-]?\\d{1,9})?");

    /** A hexadecimal float as strtold reads it ("0x10", "0x1.8p3"), lowercased and without its sign. */
    private static BigDecimal hex(String body, boolean neg) {
        int p = body.indexOf('p');
        String mantissa = body.substring(2, p < 0 ? body.length() : p);
        long exp2 = p < 0 ? 0 : Long.parseLong(body.substring(p + 1).replace("+", ""));
        int dot = mantissa.indexOf('.');
        String digits = dot < 0 ? mantissa : mantissa.substring(0, dot) + mantissa.substring(dot + 1);
        if (dot >= 0) exp2 -= 4L * (mantissa.length() - dot - 1);
        BigInteger h = new BigInteger(digits.isEmpty() ? "0" : digits, 16);
        if (h.signum() == 0) return BigDecimal.ZERO;
        long top = exp2 + h.bitLength();
        if (top > MAX_EXP + 1 || top < -16440) return null;   // ERANGE: overflow, or underflow to zero
        BigDecimal x = exp2 >= 0 ? new BigDecimal(h.shiftLeft((int) exp2))
                : new BigDecimal(h.multiply(BigInteger.valueOf(5).pow((int) -exp2)), (int) -exp2);
        BigDecimal v = round(neg ? x.negate() : x);
        return v == null || v.signum() == 0 ? null : v;
    }

    static boolean isInf(BigDecimal v) {
        return v.abs().compareTo(INF) >= 0;
    }

    /** x rounded to a 64-bit significand (half-even); null on overflow. */
    static BigDecimal round(BigDecimal x) {
        if (x.signum() == 0) return BigDecimal.ZERO;
        BigInteger u = x.unscaledValue().abs();
        int s = x.scale();
        // log2|x| estimate, then adjust k so that q = |x| / 2^k has exactly 64 bits.
        long est = u.bitLength() - (long) Math.ceil(s * 3.321928094887362);
        if (est > MAX_EXP + 70) return null;
        if (est < -16440) return BigDecimal.ZERO;
        int k = (int) est - 64;
        BigInteger q, r, den;
        while (true) {
            BigInteger num = u;
            den = BigInteger.ONE;
            if (s > 0) den = den.multiply(BigInteger.TEN.pow(s));
            else if (s < 0) num = num.multiply(BigInteger.TEN.pow(-s));
            if (k > 0) den = den.shiftLeft(k);
            else if (k < 0) num = num.shiftLeft(-k);
            BigInteger[] qr = num.divideAndRemainder(den);
            q = qr[0];
            r = qr[1];
            int bl = q.bitLength();
            if (bl == 64) break;
            k += bl - 64;
        }
        int cmp = r.shiftLeft(1).compareTo(den);
        if (cmp > 0 || (cmp == 0 && q.testBit(0))) {
            q = q.add(BigInteger.ONE);
            if (q.bitLength() > 64) {
                q = q.shiftRight(1);
                k++;
            }
        }
        if (k + 63 > MAX_EXP) return null;
        BigDecimal v = k >= 0 ? new BigDecimal(q.shiftLeft(k))
                : new BigDecimal(q.multiply(BigInteger.valueOf(5).pow(-k)), -k);
        return x.signum() < 0 ? v.negate() : v;
    }

    /** "%.17Lf" with trailing zeros (and a bare point) removed; "-0" becomes "0". */
    static String format(BigDecimal v) {
        if (isInf(v)) return v.signum() > 0 ? "inf" : "-inf";
        String s = v.setScale(17, RoundingMode.HALF_EVEN).toPlainString();
        if (s.indexOf('.') >= 0) {
            int e = s.length();
            while (s.charAt(e - 1) == '0') e--;
            if (s.charAt(e - 1) == '.') e--;
            s = s.substring(0, e);
        }
        return s.equals("-0") ? "0" : s;
    }
}
