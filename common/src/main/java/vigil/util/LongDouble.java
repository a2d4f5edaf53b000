package vigil.util;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.regex.Pattern;

/**
 * Exact emulation of the x86-64 80-bit {@code long double} that Redis 7.0 uses for INCRBYFLOAT:
 * strtold parsing (as string2ld accepts it), one rounded addition and "%.17Lf" printing with
 * trailing zeros removed. A finite value is {@code (-1)^neg * mant * 2^exp} with a 64-bit
 * significand, rounded to nearest-even; exponents follow the x87 range including subnormals.
 * INCRBYFLOAT and HINCRBYFLOAT both use it, as Redis uses the same arithmetic for both.
 */
public final class LongDouble {
    private static final int MIN_EXP = -16445;           // lsb exponent of the smallest subnormal
    private static final int MAX_TOP = 16384;            // values must stay below 2^16384
    private static final int MAX_CHARS = 5 * 1024;        // MAX_LONG_DOUBLE_CHARS
    private static final Pattern DEC = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern HEX = Pattern.compile("[+-]?0[xX]([0-9a-fA-F]+\\.?[0-9a-fA-F]*|\\.[0-9a-fA-F]+)([pP][+-]?\\d+)?");
    private static final Pattern INF = Pattern.compile("(?i)[+-]?(inf|infinity)");

    final boolean neg;
    /** True for an infinity; add() returns null for NaN. */
    public final boolean inf;
    final BigInteger mant;   // zero for zeros and infinities
    final int exp;

    private LongDouble(boolean neg, boolean inf, BigInteger mant, int exp) {
        this.neg = neg;
        this.inf = inf;
        this.mant = mant;
        this.exp = exp;
    }

    public static LongDouble ofLong(long v) {
        BigInteger m = BigInteger.valueOf(v).abs();
        return new LongDouble(v < 0, false, m, 0);
    }

    /** Redis's string2ld: null when the bytes are not a number strtold fully accepts (NaN, ranges errors included). */
    public static LongDouble parse(byte[] b) {
        int n = b.length;
        if (n == 0 || n >= MAX_CHARS) return null;
        for (int i = 0; i < n; i++) {
            if (b[i] <= 0) return null;   // NUL (string2ld wants all slen bytes consumed) or non-ASCII
        }
        String s = new String(b, 0, n, java.nio.charset.StandardCharsets.US_ASCII);
        if (s.isEmpty()) return null;
        boolean neg = s.charAt(0) == '-';
        if (INF.matcher(s).matches()) return new LongDouble(neg, true, BigInteger.ZERO, 0);
        if (DEC.matcher(s).matches()) return parseDecimal(s, neg);
        if (HEX.matcher(s).matches()) return parseHex(s, neg);
        return null;
    }

    private static LongDouble parseDecimal(String s, boolean neg) {
        int e = s.indexOf('e');
        if (e < 0) e = s.indexOf('E');
        String mantissa = e < 0 ? s : s.substring(0, e);
        long exp10 = e < 0 ? 0 : clampExp(s.substring(e + 1));
        if (mantissa.startsWith("+") || mantissa.startsWith("-")) mantissa = mantissa.substring(1);
        int dot = mantissa.indexOf('.');
        String digits = dot < 0 ? mantissa : mantissa.substring(0, dot) + mantissa.substring(dot + 1);
        if (dot >= 0) exp10 -= mantissa.length() - dot - 1;
        BigInteger d = new BigInteger(digits);
        if (d.signum() == 0) return new LongDouble(neg, false, BigInteger.ZERO, 0);
        long magnitude = exp10 + d.toString().length();
        if (magnitude > 4940) return null;          // overflow: ERANGE with HUGE_VALL
        if (magnitude < -4960) return null;         // underflow to zero: ERANGE
        BigInteger num = d, den = BigInteger.ONE;
        if (exp10 >= 0) num = d.multiply(BigInteger.TEN.pow((int) exp10));
        else den = BigInteger.TEN.pow((int) -exp10);
        LongDouble r = round(neg, num, den, 0);
        return (r == null || r.inf || r.mant.signum() == 0) ? null : r;
    }

    private static LongDouble parseHex(String s, boolean neg) {
        int start = s.indexOf('x') >= 0 ? s.indexOf('x') : s.indexOf('X');
        int p = Math.max(s.indexOf('p'), s.indexOf('P'));
        String mantissa = s.substring(start + 1, p < 0 ? s.length() : p);
        long exp2 = p < 0 ? 0 : clampExp(s.substring(p + 1));
        int dot = mantissa.indexOf('.');
        String digits = dot < 0 ? mantissa : mantissa.substring(0, dot) + mantissa.substring(dot + 1);
        if (dot >= 0) exp2 -= 4L * (mantissa.length() - dot - 1);
        BigInteger h = new BigInteger(digits.isEmpty() ? "0" : digits, 16);
        if (h.signum() == 0) return new LongDouble(neg, false, BigInteger.ZERO, 0);
        long top = exp2 + h.bitLength();
        if (top > MAX_TOP) return null;
        if (top < MIN_EXP - 2) return null;
        LongDouble r = round(neg, h, BigInteger.ONE, (int) exp2);
        return (r == null || r.inf || r.mant.signum() == 0) ? null : r;
    }

    private static long clampExp(String e) {
        String t = e.startsWith("+") ? e.substring(1) : e;
        boolean negative = t.startsWith("-");
        String digits = negative ? t.substring(1) : t;
        digits = digits.replaceFirst("^0+(?=.)", "");
        long v = digits.length() > 9 ? 1_000_000_000L : Long.parseLong(digits);
        return negative ? -v : v;
    }

    /** Rounds num/den * 2^exp2 (num, den > 0) to the x87 format; an infinity on overflow. */
    private static LongDouble round(boolean neg, BigInteger num, BigInteger den, int exp2) {
        // Find k with 2^63 <= num / den / 2^(k - exp2) < 2^64, bounded below by the subnormal exponent.
        long k = (long) num.bitLength() - den.bitLength() - 64 + exp2;
        BigInteger q, r, div;
        while (true) {
            if (k < MIN_EXP) k = MIN_EXP;
            long shift = k - exp2;
            BigInteger n = num, d = den;
            if (shift >= 0) d = den.shiftLeft((int) shift);
            else n = num.shiftLeft((int) -shift);
            BigInteger[] qr = n.divideAndRemainder(d);
            q = qr[0];
            r = qr[1];
            div = d;
            if (q.bitLength() > 64) {
                k++;
                continue;
            }
            if (q.bitLength() < 64 && k > MIN_EXP) {
                k--;
                continue;
            }
            break;
        }
        int cmp = r.shiftLeft(1).compareTo(div);
        if (cmp > 0 || (cmp == 0 && q.testBit(0))) q = q.add(BigInteger.ONE);
        if (q.bitLength() > 64) {
            q = q.shiftRight(1);
            k++;
        }
        if (q.signum() != 0 && k + q.bitLength() > MAX_TOP) return new LongDouble(neg, true, BigInteger.ZERO, 0);
        return new LongDouble(neg, false, q, (int) k);
    }

    /** this + o, rounded once, as the FPU adds in round-to-nearest. */
    public LongDouble add(LongDouble o) {
        if (inf || o.inf) {
            if (inf && o.inf && neg != o.neg) return null;   // NaN
            return inf ? this : o;
        }
        if (mant.signum() == 0 && o.mant.signum() == 0) return new LongDouble(neg && o.neg, false, BigInteger.ZERO, 0);
        if (mant.signum() == 0) return o;
        if (o.mant.signum() == 0) return this;
        int e = Math.min(exp, o.exp);
        BigInteger a = mant.shiftLeft(exp - e), b = o.mant.shiftLeft(o.exp - e);
        BigInteger sum = (neg ? a.negate() : a).add(o.neg ? b.negate() : b);
        if (sum.signum() == 0) return new LongDouble(false, false, BigInteger.ZERO, 0);
        return round(sum.signum() < 0, sum.abs(), BigInteger.ONE, e);
    }

    /** Redis's ld2string in LD_STR_HUMAN mode: "%.17Lf" with trailing zeros (and a bare "-0") removed. */
    public String format() {
        if (inf) return neg ? "-inf" : "inf";
        BigDecimal v;
        if (exp >= 0) v = new BigDecimal(mant.shiftLeft(exp));
        else v = new BigDecimal(mant.multiply(BigInteger.valueOf(5).pow(-exp)), -exp);
        if (neg) v = v.negate();
        String s = v.setScale(17, java.math.RoundingMode.HALF_EVEN).toPlainString();
        if (neg && v.signum() == 0) s = "-" + s;
        if (neg && !s.startsWith("-")) s = "-" + s;   // -0.000...: "%.17Lf" keeps the sign
        int end = s.length();
        while (s.charAt(end - 1) == '0') end--;
        if (s.charAt(end - 1) == '.') end--;
        s = s.substring(0, end);
        return s.equals("-0") ? "0" : s;
    }
}
