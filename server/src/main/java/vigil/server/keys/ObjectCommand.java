package vigil.server.keys;

import vigil.resp.server.command.Replies;
import vigil.server.node.VigilServer;
import vigil.server.node.Client;
import vigil.resp.server.command.CommandSpec;
import vigil.resp.server.command.CommandTable;
import vigil.server.keyspace.Dict;

/**
 * OBJECT ENCODING | REFCOUNT | IDLETIME | FREQ | HELP. Lookups do not touch the key's access
 * time (LOOKUP_NOTOUCH) and a missing key answers a null bulk before any policy error.
 */
public final class ObjectCommand {
    static final String FREQ_ERROR = "ERR An LFU maxmemory policy is not selected, access frequency not tracked. "
            + "Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.";
    static final String IDLE_ERROR = "ERR An LFU maxmemory policy is selected, idle time not tracked. "
            + "Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.";
    /** Redis's OBJ_SHARED_REFCOUNT, reported for the shared integers 0..9999. */
    static final long SHARED_REFCOUNT = Integer.MAX_VALUE;
    static final int SHARED_INTEGERS = 10000;
    /** LFU_INIT_VAL: the counter of a new key under an LFU policy. */
    static final int LFU_INIT_VAL = 5;

    static final String[] HELP = {
        "OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "ENCODING <key>",
        "    Return the kind of internal representation used in order to store the value",
        "    associated with a <key>.",
        "FREQ <key>",
        "    Return the access frequency index of the <key>. The returned integer is",
        "    proportional to the logarithm of the recent access frequency of the key.",
        "IDLETIME <key>",
        "    Return the idle time of the <key>, that is the approximated number of",
        "    seconds elapsed since the last access to the key.",
        "REFCOUNT <key>",
        "    Return the number of references of the value associated with the specified",
        "    <key>.",
        "HELP",
        "    Prints this help.",
    };

    private ObjectCommand() {
    }

    static void register(CommandTable<Client> t, VigilServer server) {
        CommandSpec<Client> object = t.container("object", "", "keyspace");
        object.sub("encoding", 3, "readonly", 2, 2, 1, (c, argv) -> {
            Dict.Node n = lookup(c, argv);
            if (n != null) c.out.bulk(ValueKinds.of(n.value).encoding(n));
        });
        object.sub("refcount", 3, "readonly", 2, 2, 1, (c, argv) -> {
            Dict.Node n = lookup(c, argv);
            if (n != null) c.out.integer(refcount(server, n));
        });
        object.sub("idletime", 3, "readonly", 2, 2, 1, (c, argv) -> {
            Dict.Node n = lookup(c, argv);
            if (n == null) return;
            if (lfu(server)) c.out.error(IDLE_ERROR);
            else c.out.integer(idleSeconds(server, n));
        });
        object.sub("freq", 3, "readonly", 2, 2, 1, (c, argv) -> {
            Dict.Node n = lookup(c, argv);
            if (n == null) return;
            if (!lfu(server)) {
                c.out.error(FREQ_ERROR);
                return;
            }
            // Access counts are not tracked: report the initial counter, decayed one step per idle minute.
            c.out.integer(Math.max(0, LFU_INIT_VAL - idleSeconds(server, n) / 60));
        });
        object.sub("help", 2, "loading stale", 0, 0, 0, (c, argv) -> Replies.help(c.out, HELP));
    }

    private static Dict.Node lookup(Client c, byte[][] argv) {
        Dict.Node n = c.db.find(argv[2]);
        if (n == null) c.out.nullBulk();
        return n;
    }

    static boolean lfu(VigilServer server) {
        return server.config.maxmemoryPolicy.endsWith("-lfu");
    }

    /** MAXMEMORY_FLAG_NO_SHARED_INTEGERS: LRU and LFU policies (with a limit) give each value its own object. */
    static boolean sharedIntegers(VigilServer server) {
        String p = server.config.maxmemoryPolicy;
        return server.config.maxmemory == 0 || !(p.endsWith("-lru") || p.endsWith("-lfu"));
    }

    public static long refcount(VigilServer server, Dict.Node n) {
        if (n.value instanceof byte[] b && ValueKinds.STRING.encoding(n).equals("int") && sharedIntegers(server)) {
            long v = vigil.util.Bytes.parseLong(b);
            if (v >= 0 && v < SHARED_INTEGERS) return SHARED_REFCOUNT;
        }
        return 1;
    }

    /** estimateObjectIdleTime / 1000, on Redis's seconds-resolution LRU clock. */
    public static long idleSeconds(VigilServer server, Dict.Node n) {
        return Math.max(0, server.now() / 1000 - n.accessed / 1000);
    }
}
