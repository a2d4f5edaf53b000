package vigil.resp.server.command;

import vigil.resp.RespWriter;

import java.nio.charset.StandardCharsets;

/** Redis 7.0's standard error texts, in one place. */
public final class Replies {
    private Replies() {
    }

    public static final String WRONGTYPE = "WRONGTYPE Operation against a key holding the wrong kind of value";
    public static final String SYNTAX = "ERR syntax error";
    public static final String NOT_INTEGER = "ERR value is not an integer or out of range";
    public static final String NOT_FLOAT = "ERR value is not a valid float";
    public static final String NO_SUCH_KEY = "ERR no such key";
    public static final String OUT_OF_RANGE = "ERR index out of range";
    public static final String OVERFLOW = "ERR increment or decrement would overflow";
    public static final String DB_INDEX = "ERR DB index is out of range";
    public static final String NOAUTH = "NOAUTH Authentication required.";
    public static final String WRONGPASS = "WRONGPASS invalid username-password pair or user is disabled.";
    public static final String READONLY = "READONLY You can't write against a read only replica.";
    public static final String EXECABORT = "EXECABORT Transaction discarded because of previous errors.";

    private static final String NOT_IN_PUBSUB_CONTEXT_TAIL =
            "': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context";

    /** The RESP2 pub/sub context's refusal of any other command. */
    public static String notInPubSubContext(CommandSpec<?> spec) {
        return "ERR Can't execute '" + spec.fullName() + NOT_IN_PUBSUB_CONTEXT_TAIL;
    }

    /** "unknown command 'x', with args beginning with: 'a' 'b' ", each part cut at 128 characters as Redis does. */
    public static String unknownCommand(byte[][] argv) {
        StringBuilder args = new StringBuilder();
        for (int i = 1; i < argv.length && args.length() < 128; i++) {
            String a = new String(argv[i], StandardCharsets.UTF_8);
            int room = 128 - args.length();
            args.append('\'').append(a, 0, Math.min(a.length(), Math.max(0, room))).append("' ");
        }
        return "ERR unknown command '" + truncate(new String(argv[0], StandardCharsets.UTF_8), 128)
                + "', with args beginning with: " + args;
    }

    /** Redis's addReplyHelp: an array of status lines. */
    public static void help(RespWriter out, String[] lines) {
        out.array(lines.length);
        for (String l : lines) out.simple(l);
    }

    public static String wrongArgs(CommandSpec<?> spec) {
        return "ERR wrong number of arguments for '" + spec.fullName() + "' command";
    }

    public static String unknownSubcommand(String sub, String container) {
        return "ERR unknown subcommand '" + truncate(sub, 128) + "'. Try " + container.toUpperCase() + " HELP.";
    }

    static String truncate(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n);
    }
}
