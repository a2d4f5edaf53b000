package vigil.server.command;

import vigil.resp.server.command.CommandSpec;
import vigil.resp.server.command.CommandFlag;

import org.junit.jupiter.api.Test;
import vigil.client.BlockingClient;
import vigil.resp.RespValue;
import vigil.server.node.VigilServer;
import vigil.server.config.ServerConfig;
import vigil.server.support.RedisProcess;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command table is the one source of truth: check its invariants and that it agrees with Redis 7.0's. */
class CommandTableTest {
    private static List<CommandSpec<?>> allSpecs() {
        VigilServer server = vigil.server.support.BareNode.assemble(new ServerConfig()).server;
        List<CommandSpec<?>> out = new ArrayList<>();
        for (CommandSpec<?> s : server.commands.all()) {
            out.add(s);
            out.addAll(s.subcommands.values());
        }
        return out;
    }

    /** Flags Redis's COMMAND does not show. */
    private static final Set<CommandFlag> HIDDEN = Set.of(CommandFlag.MAY_REPLICATE, CommandFlag.SENTINEL,
            CommandFlag.ONLY_SENTINEL, CommandFlag.PROTECTED);

    @Test
    void everyCommandIsWellFormed() {
        for (CommandSpec<?> s : allSpecs()) {
            String n = s.fullName();
            assertEquals(n.toLowerCase(), n, "names are lower case");
            assertNotEquals(0, s.arity, n + " arity");
            assertFalse(s.group == null || s.group.isEmpty(), n + " has a group");
            assertFalse(s.isWrite() && s.has(CommandFlag.READONLY), n + " is not both write and readonly");
            if (s.firstKey > 0) {
                assertTrue(s.keyStep > 0, n + " key step");
                assertTrue(s.lastKey < 0 || s.lastKey >= s.firstKey, n + " last key");
                assertTrue(s.arity < 0 || s.firstKey < s.arity, n + " first key inside arity");
            }
            assertTrue(s.subcommands.isEmpty() || s.parent == null, n + " nests one level only");
            assertTrue(s.handler != null, n + " has a handler");
        }
    }

    @Test
    void keyIndexesFollowFirstLastStep() {
        CommandSpec<?> mset = new CommandSpec<>("mset", -3, Set.of(CommandFlag.WRITE), 1, -1, 2, "string", (c, a) -> { });
        assertEquals(List.of(1, 3, 5), toList(mset.keyIndexes(7)));
        CommandSpec<?> get = new CommandSpec<>("get", 2, Set.of(CommandFlag.READONLY), 1, 1, 1, "string", (c, a) -> { });
        assertEquals(List.of(1), toList(get.keyIndexes(2)));
        CommandSpec<?> ping = new CommandSpec<>("ping", -1, Set.of(), 0, 0, 0, "connection", (c, a) -> { });
        assertEquals(List.of(), toList(ping.keyIndexes(2)));
    }

    private static List<Integer> toList(int[] a) {
        List<Integer> l = new ArrayList<>();
        for (int x : a) l.add(x);
        return l;
    }

    /**
     * For every command Vigil has, Redis 7.0's COMMAND INFO must report the same arity, key
     * positions and flags: clients and proxies rely on them.
     */
    @Test
    void agreesWithRedisCommandInfo() throws Exception {
        try (RedisProcess redis = RedisProcess.start(); BlockingClient c = redis.raw()) {
            List<String> mismatches = new ArrayList<>();
            for (CommandSpec<?> s : allSpecs()) {
                if (s.subcommands.size() > 0) continue;
                RespValue v = c.call("COMMAND", "INFO", s.fullName());
                List<RespValue> outer = ((RespValue.Aggregate) v).items();
                if (outer.get(0) instanceof RespValue.Null) {
                    mismatches.add(s.fullName() + ": not a Redis 7.0 command");
                    continue;
                }
                List<RespValue> info = ((RespValue.Aggregate) outer.get(0)).items();
                long arity = ((RespValue.Int) info.get(1)).value();
                Set<String> flags = new TreeSet<>();
                for (RespValue f : ((RespValue.Aggregate) info.get(2)).items()) flags.add(f.asString());
                long first = ((RespValue.Int) info.get(3)).value();
                long last = ((RespValue.Int) info.get(4)).value();
                long step = ((RespValue.Int) info.get(5)).value();
                Set<String> ours = new TreeSet<>();
                for (CommandFlag f : s.flags) {
                    if (!HIDDEN.contains(f)) ours.add(f.redisName);
                }
                String want = arity + " " + flags + " " + first + " " + last + " " + step;
                String have = s.arity + " " + ours + " " + s.firstKey + " " + s.lastKey + " " + s.keyStep;
                if (!want.equals(have)) mismatches.add(s.fullName() + ": redis " + want + " / vigil " + have);
            }
            assertEquals(List.of(), mismatches);
        }
    }
}
