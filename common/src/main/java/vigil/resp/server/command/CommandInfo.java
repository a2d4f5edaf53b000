package vigil.resp.server.command;

import vigil.resp.RespWriter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes a command's COMMAND INFO entry (Redis 7.0 shape: name, arity, flags, first key, last
 * key, step, ACL categories, tips, key specs, subcommands) and its COMMAND DOCS entry, both
 * derived from the command table. Key specs are the legacy range (first/last/step) as one spec.
 */
public final class CommandInfo {
    /**
     * Redis's reply order of flags (addCommandFlags). may_replicate, sentinel, only_sentinel and
     * protected are hidden on purpose, as in Redis.
     */
    private static final List<CommandFlag> FLAG_ORDER = List.of(CommandFlag.WRITE, CommandFlag.READONLY,
            CommandFlag.DENYOOM, CommandFlag.ADMIN, CommandFlag.PUBSUB, CommandFlag.NOSCRIPT, CommandFlag.BLOCKING,
            CommandFlag.LOADING, CommandFlag.STALE, CommandFlag.SKIP_MONITOR, CommandFlag.SKIP_SLOWLOG,
            CommandFlag.FAST, CommandFlag.NO_AUTH, CommandFlag.NO_MANDATORY_KEYS, CommandFlag.NO_ASYNC_LOADING,
            CommandFlag.NO_MULTI, CommandFlag.MOVABLE_KEYS, CommandFlag.ALLOW_BUSY);

    private static final List<String> LATENCY_TIPS = List.of("nondeterministic_output", "request_policy:all_nodes",
            "response_policy:special");

    /** Command tips Redis 7.0 declares for the commands Vigil registers (others have none). */
    static final Map<String, List<String>> TIPS = Map.ofEntries(
            Map.entry("info", List.of("nondeterministic_output", "request_policy:all_shards", "response_policy:special")),
            Map.entry("time", List.of("nondeterministic_output")),
            Map.entry("lastsave", List.of("nondeterministic_output")),
            Map.entry("ping", List.of("request_policy:all_shards", "response_policy:all_succeeded")),
            Map.entry("command", List.of("nondeterministic_output_order")),
            Map.entry("client|info", List.of("nondeterministic_output")),
            Map.entry("client|list", List.of("nondeterministic_output")),
            Map.entry("command|docs", List.of("nondeterministic_output_order")),
            Map.entry("command|info", List.of("nondeterministic_output_order")),
            Map.entry("command|list", List.of("nondeterministic_output_order")),
            Map.entry("slowlog|get", List.of("request_policy:all_nodes", "nondeterministic_output")),
            Map.entry("slowlog|len", List.of("request_policy:all_nodes", "response_policy:agg_sum", "nondeterministic_output")),
            Map.entry("slowlog|reset", List.of("request_policy:all_nodes", "response_policy:all_succeeded")),
            Map.entry("latency|doctor", LATENCY_TIPS), Map.entry("latency|graph", LATENCY_TIPS),
            Map.entry("latency|latest", LATENCY_TIPS), Map.entry("latency|history", LATENCY_TIPS),
            Map.entry("latency|histogram", LATENCY_TIPS),
            Map.entry("latency|reset", List.of("request_policy:all_nodes", "response_policy:all_succeeded")),
            Map.entry("keys", List.of("request_policy:all_shards", "nondeterministic_output_order")),
            Map.entry("dbsize", List.of("request_policy:all_shards", "response_policy:agg_sum")));

    /** Redis's COMMAND DOCS group names (our table may say "keyspace" for Redis's "generic"). */
    private static final Map<String, String> DOC_GROUPS = Map.of("keyspace", "generic", "transaction", "transactions",
            "sortedset", "sorted-set", "zset", "sorted-set");

    private CommandInfo() {
    }

    public static List<String> flags(CommandSpec<?> cmd) {
        List<String> out = new ArrayList<>();
        for (CommandFlag f : FLAG_ORDER) if (cmd.has(f)) out.add(f.redisName);
        return out;
    }

    public static void writeInfo(RespWriter w, CommandSpec<?> cmd) {
        w.array(10);
        w.bulk(cmd.fullName());
        w.integer(cmd.arity);
        List<String> flags = flags(cmd);
        w.set(flags.size());
        for (String f : flags) w.simple(f);
        w.integer(cmd.firstKey);
        w.integer(cmd.lastKey);
        w.integer(cmd.keyStep);
        List<String> cats = AclCategories.of(cmd);
        w.set(cats.size());
        for (String c : cats) w.simple("@" + c);
        List<String> tips = TIPS.getOrDefault(cmd.fullName(), List.of());
        w.set(tips.size());
        for (String t : tips) w.bulk(t);
        writeKeySpecs(w, cmd);
        if (cmd.subcommands.isEmpty()) {
            w.set(0);
            return;
        }
        w.array(cmd.subcommands.size());
        for (CommandSpec<?> sub : cmd.subcommands.values()) writeInfo(w, sub);
    }

    public static List<String> keySpecFlags(CommandSpec<?> cmd) {
        if (cmd.isWrite()) return List.of("RW", "update");
        if (cmd.has(CommandFlag.READONLY)) return List.of("RO", "access");
        return List.of("RO");
    }

    private static void writeKeySpecs(RespWriter w, CommandSpec<?> cmd) {
        if (cmd.firstKey <= 0) {
            w.set(0);
            return;
        }
        w.set(1);
        w.map(3);
        w.bulk("flags");
        List<String> flags = keySpecFlags(cmd);
        w.set(flags.size());
        for (String f : flags) w.simple(f);
        w.bulk("begin_search");
        w.map(2).bulk("type").bulk("index").bulk("spec").map(1).bulk("index").integer(cmd.firstKey);
        w.bulk("find_keys");
        w.map(2).bulk("type").bulk("range").bulk("spec").map(3);
        w.bulk("lastkey").integer(cmd.lastKey < 0 ? cmd.lastKey : cmd.lastKey - cmd.firstKey);
        w.bulk("keystep").integer(cmd.keyStep);
        w.bulk("limit").integer(0);
    }

    /** COMMAND DOCS entry: the group (Vigil keeps no summaries yet) and the subcommands' docs. */
    public static void writeDocs(RespWriter w, CommandSpec<?> cmd) {
        boolean subs = !cmd.subcommands.isEmpty();
        w.map(subs ? 2 : 1);
        w.bulk("group").bulk(DOC_GROUPS.getOrDefault(cmd.group, cmd.group));
        if (subs) {
            w.bulk("subcommands");
            w.map(cmd.subcommands.size());
            for (CommandSpec<?> sub : cmd.subcommands.values()) {
                w.bulk(sub.fullName());
                writeDocs(w, sub);
            }
        }
    }
}
