package vigil.resp.server.command;


import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * ACL categories derived from the command table the way Redis 7.0 derives its implicit ones
 * (write, read, admin+dangerous, pubsub, fast or slow, blocking) plus the category of the
 * command's group, with the few explicit extras Redis's JSON files add. Listed in Redis's
 * category order, as COMMAND INFO prints them.
 */
public final class AclCategories {
    /** Redis's ACLCommandCategories order. */
    public static final List<String> ORDER = List.of("keyspace", "read", "write", "set", "sortedset", "list",
            "hash", "string", "bitmap", "hyperloglog", "geo", "stream", "pubsub", "admin", "fast", "slow",
            "blocking", "dangerous", "connection", "transaction", "scripting");

    private static final Map<String, String> GROUPS = Map.ofEntries(
            Map.entry("generic", "keyspace"), Map.entry("keyspace", "keyspace"), Map.entry("string", "string"),
            Map.entry("list", "list"), Map.entry("set", "set"), Map.entry("sorted-set", "sortedset"),
            Map.entry("sortedset", "sortedset"), Map.entry("zset", "sortedset"), Map.entry("hash", "hash"),
            Map.entry("pubsub", "pubsub"), Map.entry("transactions", "transaction"), Map.entry("transaction", "transaction"),
            Map.entry("connection", "connection"), Map.entry("scripting", "scripting"),
            Map.entry("hyperloglog", "hyperloglog"), Map.entry("geo", "geo"), Map.entry("stream", "stream"),
            Map.entry("bitmap", "bitmap"));

    /** Categories Redis's command JSON adds explicitly (beyond what flags and group give). */
    private static final Map<String, Set<String>> EXTRA = Map.ofEntries(
            Map.entry("info", Set.of("dangerous")), Map.entry("lastsave", Set.of("admin", "dangerous")),
            Map.entry("role", Set.of("admin", "dangerous")), Map.entry("keys", Set.of("dangerous")),
            Map.entry("migrate", Set.of("dangerous")), Map.entry("restore", Set.of("dangerous")),
            Map.entry("swapdb", Set.of("dangerous", "keyspace")), Map.entry("flushdb", Set.of("dangerous", "keyspace")),
            Map.entry("flushall", Set.of("dangerous", "keyspace")), Map.entry("restore-asking", Set.of("dangerous", "keyspace")),
            Map.entry("dbsize", Set.of("keyspace")), Map.entry("asking", Set.of("connection")),
            Map.entry("readonly", Set.of("connection")), Map.entry("readwrite", Set.of("connection")),
            Map.entry("command", Set.of("connection")), Map.entry("wait", Set.of("connection")),
            Map.entry("sort", Set.of("set", "sortedset", "list", "dangerous")),
            Map.entry("sort_ro", Set.of("set", "sortedset", "list", "dangerous")));

    private AclCategories() {
    }

    /** Category names without '@', in Redis's order. */
    public static List<String> of(CommandSpec<?> cmd) {
        String top = cmd.parent == null ? cmd.name : cmd.parent.name;
        java.util.Set<String> cats = new java.util.HashSet<>();
        if (cmd.has(CommandFlag.WRITE)) cats.add("write");
        if (cmd.has(CommandFlag.READONLY) && !"scripting".equals(cmd.group)) cats.add("read");
        if (cmd.has(CommandFlag.ADMIN)) {
            cats.add("admin");
            cats.add("dangerous");
        }
        if (cmd.has(CommandFlag.PUBSUB)) cats.add("pubsub");
        cats.add(cmd.has(CommandFlag.FAST) ? "fast" : "slow");
        if (cmd.has(CommandFlag.BLOCKING)) cats.add("blocking");
        boolean container = !cmd.subcommands.isEmpty();
        String g = GROUPS.get(cmd.group);
        if (g != null && !container && !top.equals("sort") && !top.equals("sort_ro") && !top.equals("wait")) cats.add(g);
        Set<String> extra = EXTRA.get(top);
        if (extra != null) cats.addAll(extra);
        List<String> out = new ArrayList<>();
        for (String c : ORDER) if (cats.contains(c)) out.add(c);
        return out;
    }

    public static boolean isCategory(String name) {
        return ORDER.contains(name);
    }
}
