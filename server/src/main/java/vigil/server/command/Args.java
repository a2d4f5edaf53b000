package vigil.server.command;

import vigil.resp.Doubles;
import vigil.resp.server.command.Replies;
import vigil.server.client.Client;
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

    public static Double dbl(Client c, byte[] arg) {
        Double v = Doubles.parseStrict(arg);
        if (v == null) c.out.error(Replies.NOT_FLOAT);
        return v;
    }

    public static boolean is(byte[] arg, String lowerWord) {
        return Bytes.is(arg, lowerWord);
    }
}
