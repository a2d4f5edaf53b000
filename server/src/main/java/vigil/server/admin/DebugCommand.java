package vigil.server.admin;

import vigil.resp.server.command.CommandTable;
import vigil.resp.server.command.Replies;
import vigil.server.node.VigilServer;
import vigil.server.node.Client;
import vigil.server.keys.ObjectCommand;
import vigil.server.keys.ValueDigest;
import vigil.server.keys.ValueKind;
import vigil.server.keys.ValueKinds;
import vigil.server.keyspace.ActiveExpire;
import vigil.server.keyspace.Dict;
import vigil.util.Bytes;

/**
 * DEBUG: the subcommands tests and tools rely on (DIGEST, DIGEST-VALUE, OBJECT, SLEEP,
 * SET-ACTIVE-EXPIRE, HELP), with Redis 7.0's replies. DEBUG is not a container command in Redis:
 * a wrong subcommand or argument count gets one combined error.
 */
public final class DebugCommand {
    private DebugCommand() {
    }

    public static void register(CommandTable<Client> t, VigilServer server, ActiveExpire activeExpire) {
        t.add("debug", -2, "admin noscript loading stale", 0, 0, 0, "server", (c, argv) -> debug(server, activeExpire, c, argv));
    }

    static void debug(VigilServer server, ActiveExpire activeExpire, Client c, byte[][] argv) {
        String sub = Bytes.lower(argv[1]);
        int argc = argv.length;
        switch (sub) {
            case "help" -> {
                if (argc == 2) {
                    Replies.help(c.out, DebugHelp.LINES);
                    return;
                }
            }
            case "digest" -> {
                if (argc == 2) {
                    c.out.simple(ValueDigest.dataset(server.keyspace));
                    return;
                }
            }
            case "digest-value" -> {
                c.out.array(argc - 2);
                for (int j = 2; j < argc; j++) c.out.simple(ValueDigest.valueDigest(c.db, argv[j]));
                return;
            }
            case "object" -> {
                if (argc == 3) {
                    object(server, c, argv[2]);
                    return;
                }
            }
            case "sleep" -> {
                if (argc == 3) {
                    sleep(argv[2]);
                    c.out.ok();
                    return;
                }
            }
            case "reload" -> {
                vigil.server.persistence.PersistenceCommands.debugReload(server, c, argv);
                return;
            }
            case "set-active-expire" -> {
                if (argc == 3) {
                    activeExpire.setEnabled(atoi(argv[2]) != 0);
                    c.out.ok();
                    return;
                }
            }
            default -> {
            }
        }
        String name = Bytes.str(argv[1]);
        if (name.length() > 128) name = name.substring(0, 128);
        c.out.error("ERR unknown subcommand or wrong number of arguments for '" + name + "'. Try DEBUG HELP.");
    }

    /** "Value at:0x... refcount:1 encoding:embstr serializedlength:N lru:N lru_seconds_idle:N" */
    static void object(VigilServer server, Client c, byte[] key) {
        Dict.Node n = c.db.dict().get(key);   // no expiry check: DEBUG sees logically expired keys
        if (n == null) {
            c.out.error(vigil.resp.server.command.Replies.NO_SUCH_KEY);
            return;
        }
        ValueKind kind = ValueKinds.of(n.value);
        long address = 0x7f0000000000L | ((long) System.identityHashCode(n.value) << 4);
        long lru = (n.accessed / 1000) & ((1 << 24) - 1);
        c.out.simple("Value at:0x" + Long.toHexString(address)
                + " refcount:" + ObjectCommand.refcount(server, n)
                + " encoding:" + kind.encoding(n)
                + " serializedlength:" + kind.serializedLength(n.value, server.encodingLimits)
                + " lru:" + lru
                + " lru_seconds_idle:" + ObjectCommand.idleSeconds(server, n)
                + kind.debugExtra(n.value, server.encodingLimits));
    }

    /** DEBUG SLEEP blocks the event loop, as it blocks Redis's main thread. strtod: garbage is 0. */
    static void sleep(byte[] arg) {
        double seconds;
        try {
            seconds = Double.parseDouble(Bytes.str(arg).trim());
        } catch (NumberFormatException e) {
            seconds = 0;
        }
        long micros = (long) (seconds * 1_000_000);
        if (micros <= 0) return;
        try {
            Thread.sleep(micros / 1000, (int) (micros % 1000) * 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** C's atoi: optional sign and leading digits, 0 when none. */
    static long atoi(byte[] b) {
        int i = 0;
        while (i < b.length && (b[i] == ' ' || (b[i] >= '\t' && b[i] <= '\r'))) i++;
        boolean neg = false;
        if (i < b.length && (b[i] == '+' || b[i] == '-')) neg = b[i++] == '-';
        long v = 0;
        while (i < b.length && b[i] >= '0' && b[i] <= '9' && v < Integer.MAX_VALUE) v = v * 10 + (b[i++] - '0');
        return neg ? -v : v;
    }
}
