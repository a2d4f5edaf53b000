package vigil.server.command;

import vigil.resp.Doubles;
import vigil.resp.server.command.Replies;
import vigil.server.node.Client;
import vigil.util.Bytes;

/**
 * Argument parsing with Redis's error replies. Each method writes the error to the client and
 * returns null when the argument is bad, so handlers read: {@code Long n = Args.integer(c, a); if (n == null) return;}
 */
public final class Args {
    private Args() {
    }

    public static Long integer(Client c, byte[] arg) {
        Long v = Bytes.parseLong(arg);
        if (v == null) c.out.error(Replies.NOT_INTEGER);
        return v;
    }

    /** An integer within [min, max], else {@code message}. */
    public static Long integer(Client c, byte[] arg, long min, long max, String message) {
        Long v = Bytes.parseLong(arg);
        if (v == null) {
            c.out.error(Replies.NOT_INTEGER);
            return null;
        }
        if (v < min || v > max) {
            c.out.error(message);
            return null;
        }
        return v;
    }

    /** The count of SRANDMEMBER, HRANDFIELD and ZRANDMEMBER: an integer in [-LONG_MAX, LONG_MAX]. */
    public static Long randomCount(Client c, byte[] arg) {
        return integer(c, arg, -Long.MAX_VALUE, Long.MAX_VALUE,
                "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807");
    }

    /**
     * HRANDFIELD / ZRANDMEMBER key count [word]: whether the option (WITHVALUES, WITHSCORES) is
     * given; null after the syntax error, or the range error for a count beyond +-LONG_MAX/2 with it.
     */
    public static Boolean randomWithOption(Client c, byte[][] argv, long count, String word) {
        if (argv.length > 4 || (argv.length == 4 && !Bytes.is(argv[3], word))) {
            c.out.error(Replies.SYNTAX);
            return null;
        }
        if (argv.length < 4) return false;
        if (count < -Long.MAX_VALUE / 2 || count > Long.MAX_VALUE / 2) {
            c.out.error("ERR value is out of range");
            return null;
        }
        return true;
    }

    public static Double dbl(Client c, byte[] arg) {
        Double v = Doubles.parseStrict(arg);
        if (v == null) c.out.error(Replies.NOT_FLOAT);
        return v;
    }

    public static boolean is(byte[] arg, String lowerWord) {
        return Bytes.is(arg, lowerWord);
    }
}
