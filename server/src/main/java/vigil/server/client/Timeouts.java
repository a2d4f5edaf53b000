package vigil.server.client;


import vigil.server.node.Client;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/**
 * Parses a blocking command's timeout (seconds, fractional allowed) the way Redis 7.0's
 * getTimeoutFromObjectOrReply does, including its quirks: hex floats are accepted (strtold),
 * and a value whose milliseconds do not fit a long (inf, 1e300) reads as negative.
 */
public final class Timeouts {
    private Timeouts() {
    }

    public static final String NOT_FLOAT = "ERR timeout is not a float or out of range";
    public static final String NEGATIVE = "ERR timeout is negative";
    public static final String OUT_OF_RANGE = "ERR timeout is out of range";

    /** The absolute deadline in ms (0 = block forever), or -1 after writing the error. */
    public static long deadline(Client c, byte[] arg, long now) {
        Double secs = parse(arg);
        if (secs == null) {
            c.out.error(NOT_FLOAT);
            return -1;
        }
        double ms = Math.ceil(secs * 1000.0);
        if (ms < 0 || ms >= 9.223372036854775807E18 || Double.isNaN(ms)) {
            c.out.error(NEGATIVE);   // (long long) of an out-of-range long double is LLONG_MIN
            return -1;
        }
        long t = (long) ms;
        if (t == 0) return 0;
        if (t > Long.MAX_VALUE - now) {
            c.out.error(OUT_OF_RANGE);
            return -1;
        }
        return t + now;
    }

    /**
     * A timeout in integer milliseconds (WAIT, CLIENT PAUSE: getTimeoutFromObjectOrReply with
     * UNIT_MILLISECONDS), relative; or -1 after writing Redis's error.
     */
    public static long millis(Client c, byte[] arg) {
        Long ms = vigil.util.Bytes.parseLong(arg);
        if (ms == null) {
            c.out.error("ERR timeout is not an integer or out of range");
            return -1;
        }
        if (ms < 0) {
            c.out.error(NEGATIVE);
            return -1;
        }
        return ms;
    }

    static Double parse(byte[] b) {
        if (b.length == 0 || b.length > 5000) return null;
        String s = new String(b, StandardCharsets.US_ASCII);
        if (Character.isWhitespace(s.charAt(0))) return null;
        String l = s.toLowerCase();
        String body = l.startsWith("-") || l.startsWith("+") ? l.substring(1) : l;
        boolean neg = l.startsWith("-");
        if (body.equals("inf") || body.equals("infinity")) return neg ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        if (body.isEmpty() || body.contains("nan")) return null;
        try {
            if (body.startsWith("0x")) {
                String hex = body.contains("p") ? body : body + "p0";
                double d = Double.parseDouble(hex);
                return neg ? -d : d;
            }
            for (int i = 0; i < body.length(); i++) {
                char ch = body.charAt(i);
                if (!((ch >= '0' && ch <= '9') || ch == '.' || ch == 'e' || ch == '-' || ch == '+')) return null;
            }
            return new BigDecimal(l).doubleValue();
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
