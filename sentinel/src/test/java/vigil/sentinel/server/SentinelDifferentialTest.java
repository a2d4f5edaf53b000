package vigil.sentinel.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vigil.client.BlockingClient;
import vigil.resp.RespValue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Vigil's sentinel beside Redis 7.0's redis-sentinel, both monitoring a master "mymaster" with one
 * replica and one known peer: replies that do not depend on timing or ids must be identical,
 * the others must have the same shape and field names.
 */
class SentinelDifferentialTest {
    static final String PEER = "0123456789012345678901234567890123456789";
    static RedisSentinelProcess ref;
    static TestSentinel vigil;

    @BeforeAll
    static void start() throws Exception {
        ref = RedisSentinelProcess.start("sentinel known-sentinel mymaster 127.0.0.1 1 " + PEER);
        vigil = TestSentinel.start("port 0", "sentinel monitor mymaster 127.0.0.1 " + ref.masterPort + " 2",
                "sentinel down-after-milliseconds mymaster 5000",
                "sentinel known-replica mymaster 127.0.0.1 " + ref.replicaPort,
                "sentinel known-sentinel mymaster 127.0.0.1 1 " + PEER);
        vigil.onLoop(() -> {
            var m = vigil.brain.masters.get("mymaster");
            m.linkUp = true;
            m.replicas.values().forEach(r -> r.linkUp = true);
        });
    }

    @AfterAll
    static void stop() {
        if (vigil != null) vigil.close();
        if (ref != null) ref.close();
    }

    static final String[][] SAME = {
            {"PING"}, {"PING", "hi"}, {"PING", "a", "b"}, {"FOO"}, {"FOO", "bar", "baz"}, {"GET", "x"},
            {"SENTINEL"}, {"SENTINEL", "FOO"}, {"sentinel", "master"}, {"SENTINEL", "MASTER", "nope"},
            {"SENTINEL", "REPLICAS", "nope"}, {"SENTINEL", "SLAVES", "nope"}, {"SENTINEL", "SENTINELS", "nope"},
            {"SENTINEL", "GET-MASTER-ADDR-BY-NAME", "nope"}, {"SENTINEL", "MONITOR", "x", "127.0.0.1", "6379", "0"},
            {"SENTINEL", "MONITOR", "x", "127.0.0.1", "abc", "1"}, {"SENTINEL", "MONITOR", "x", "127.0.0.1", "99999", "1"},
            {"SENTINEL", "MONITOR", "x", "localhost", "1", "1"}, {"SENTINEL", "MONITOR", "x", "127.0.0.1", "6", "a"},
            {"SENTINEL", "MONITOR", "mymaster", "127.0.0.1", "1", "1"}, {"SENTINEL", "SET", "mymaster", "quorum", "0"},
            {"SENTINEL", "SET", "mymaster", "foo", "1"}, {"SENTINEL", "SET", "mymaster", "notification-script", "/bin/true"},
            {"SENTINEL", "SET", "nope", "quorum", "1"}, {"SENTINEL", "SET", "mymaster", "quorum"},
            {"SENTINEL", "SET", "mymaster", "parallel-syncs", "x"}, {"SENTINEL", "SET", "mymaster", "rename-command", "a"},
            {"SENTINEL", "CONFIG", "SET", "foo", "1"}, {"SENTINEL", "CONFIG", "SET", "announce-port", "x"},
            {"SENTINEL", "CONFIG", "SET", "resolve-hostnames", "maybe"}, {"SENTINEL", "CONFIG", "FOO"},
            {"SENTINEL", "CONFIG", "GET", "*"}, {"SENTINEL", "CONFIG", "GET", "announce-*"},
            {"SENTINEL", "SIMULATE-FAILURE", "foo"}, {"SENTINEL", "SIMULATE-FAILURE", "help"},
            {"SENTINEL", "DEBUG"}, {"SENTINEL", "DEBUG", "foo"}, {"SENTINEL", "DEBUG", "info-period", "x"},
            {"SENTINEL", "DEBUG", "ping-period"}, {"SENTINEL", "RESET", "nomatch"}, {"SENTINEL", "FAILOVER", "nope"},
            {"SENTINEL", "IS-MASTER-DOWN-BY-ADDR", "127.0.0.1", "x", "0", "*"},
            {"SENTINEL", "IS-MASTER-DOWN-BY-ADDR", "1.1.1.1", "1", "0", "*"},
            {"SENTINEL", "INFO-CACHE", "nope"}, {"SENTINEL", "PENDING-SCRIPTS"}, {"SENTINEL", "HELP"},
            {"SENTINEL", "CKQUORUM", "nope"}, {"SENTINEL", "MASTERS", "x"},
            {"SENTINEL", "FLUSHCONFIG", "x"}, {"SENTINEL", "MYID", "x"}, {"SENTINEL", "REMOVE", "nope"},
            {"CLIENT"}, {"CLIENT", "FOO"}, {"CLIENT", "HELP"}, {"CLIENT", "SETNAME", "a b"}, {"CLIENT", "GETNAME"},
            {"CLIENT", "KILL", "1.2.3.4:5"}, {"CLIENT", "KILL", "ID", "999999"}, {"CLIENT", "KILL", "ID", "0"},
            {"CLIENT", "KILL", "TYPE", "foo"}, {"CLIENT", "KILL", "foo", "bar"}, {"CLIENT", "KILL", "USER", "bob"},
            {"CLIENT", "LIST", "TYPE", "foo"}, {"CLIENT", "LIST", "ID", "x"}, {"CLIENT", "REPLY", "foo"},
            {"CLIENT", "NO-EVICT", "on"}, {"CLIENT", "NO-EVICT", "x"}, {"CLIENT", "UNBLOCK", "x"},
            {"CLIENT", "CACHING", "yes"}, {"CLIENT", "TRACKINGINFO"}, {"CLIENT", "GETREDIR"},
            {"COMMAND", "COUNT"}, {"COMMAND", "HELP"}, {"COMMAND", "INFO", "ping", "get", "client|kill", "sentinel|set"},
            {"COMMAND", "GETKEYS", "ping", "a"}, {"COMMAND", "GETKEYS", "foo", "a", "b"}, {"COMMAND", "GETKEYS", "sentinel", "a", "b"},
            {"COMMAND", "GETKEYS", "sentinel", "masters", "x"}, {"COMMAND", "GETKEYSANDFLAGS", "subscribe", "a"}, {"COMMAND", "DOCS", "ping", "hello", "nope"},
            {"AUTH", "x"}, {"AUTH", "a", "b"}, {"AUTH", "a", "b", "c"}, {"HELLO", "4"}, {"HELLO", "x"},
            {"HELLO", "3", "FOO"}, {"ROLE", "x"}, {"ROLE"}, {"PUBLISH", "a", "b"}, {"SUBSCRIBE"}, {"INFO", "a", "b"}, {"INFO", "nope"},
            {"INFO", "foo"}, {"SHUTDOWN", "foo"}, {"SHUTDOWN", "ABORT"}, {"ACL", "WHOAMI"},
    };

    @Test
    void deterministicRepliesAreIdentical() throws Exception {
        try (BlockingClient r = ref.client(); BlockingClient v = vigil.client()) {
            for (String[] cmd : SAME) {
                RespValue expected = r.call(cmd);
                RespValue actual = v.call(cmd);
                assertEquals(render(expected), render(actual), "reply to " + String.join(" ", cmd));
            }
        }
        assertTrue(SAME.length > 90);
    }

    @Test
    void deterministicRepliesAreIdenticalInResp3() throws Exception {
        try (BlockingClient r = ref.client(); BlockingClient v = vigil.client()) {
            r.call("HELLO", "3");
            v.call("HELLO", "3");
            for (String[] cmd : SAME) {
                if (cmd[0].equals("HELLO")) continue;
                assertEquals(render(r.call(cmd)), render(v.call(cmd)), "RESP3 reply to " + String.join(" ", cmd));
            }
        }
    }

    @Test
    void commandInfoDescribesTheSameTableInAnyOrder() throws Exception {
        for (String proto : new String[]{"2", "3"}) {
            try (BlockingClient r = ref.client(); BlockingClient v = vigil.client()) {
                r.call("HELLO", proto);
                v.call("HELLO", proto);
                for (String[] cmd : new String[][]{{"COMMAND", "INFO", "sentinel"}, {"COMMAND", "INFO", "client"},
                        {"COMMAND", "INFO", "command"}, {"COMMAND", "LIST", "FILTERBY", "PATTERN", "c*"},
                        {"COMMAND", "LIST", "FILTERBY", "PATTERN", "sentinel*"}, {"COMMAND", "COUNT"},
                        {"COMMAND", "DOCS", "sentinel", "client"}}) {
                    assertEquals(sortedRender(r.call(cmd)), sortedRender(v.call(cmd)), String.join(" ", cmd));
                }
            }
        }
    }

    /** Like render, with every aggregate's items sorted: Redis lists subcommands in hash order. */
    static String sortedRender(RespValue v) {
        if (v instanceof RespValue.Aggregate a) {
            List<String> items = new ArrayList<>();
            for (RespValue i : a.items()) items.add(sortedRender(i));
            items.sort(null);
            return a.kind() + items.toString();
        }
        return render(v);
    }

    @Test
    void instanceRepliesHaveRedisFieldsInRedisOrder() throws Exception {
        for (String proto : new String[]{"2", "3"}) {
            try (BlockingClient r = ref.client(); BlockingClient v = vigil.client()) {
                r.call("HELLO", proto);
                v.call("HELLO", proto);
                for (String[] cmd : new String[][]{{"SENTINEL", "MASTER", "mymaster"}, {"SENTINEL", "MASTERS"},
                        {"SENTINEL", "REPLICAS", "mymaster"}, {"SENTINEL", "SLAVES", "mymaster"},
                        {"SENTINEL", "SENTINELS", "mymaster"}}) {
                    RespValue e = r.call(cmd);
                    RespValue a = v.call(cmd);
                    assertEquals(kind(e), kind(a), String.join(" ", cmd));
                    assertEquals(fieldNames(e), fieldNames(a), String.join(" ", cmd) + " in RESP" + proto);
                }
                Map<String, String> master = fields(v.call("SENTINEL", "MASTER", "mymaster"));
                Map<String, String> refMaster = fields(r.call("SENTINEL", "MASTER", "mymaster"));
                for (String k : List.of("name", "ip", "port", "flags", "quorum", "down-after-milliseconds",
                        "failover-timeout", "parallel-syncs", "num-slaves", "num-other-sentinels", "config-epoch")) {
                    assertEquals(refMaster.get(k), master.get(k), k);
                }
            }
        }
    }

    @Test
    void infoHasRedisSectionsAndFields() throws Exception {
        try (BlockingClient r = ref.client(); BlockingClient v = vigil.client()) {
            for (String[] cmd : new String[][]{{"INFO"}, {"INFO", "all"}, {"INFO", "default"}, {"INFO", "sentinel"},
                    {"INFO", "SERVER"}, {"INFO", "stats"},
                    {"INFO", "server", "sentinel"}, {"INFO", "everything"}, {"INFO", "default", "cpu"}}) {
                assertEquals(infoKeys(r.call(cmd).asString()), infoKeys(v.call(cmd).asString()), String.join(" ", cmd));
            }
            String mine = v.call("INFO", "sentinel").asString();
            String theirs = r.call("INFO", "sentinel").asString();
            // Same master, same replica, same peer: the whole section is identical.
            assertEquals(theirs.replace(":" + ref.masterPort + ",", ":PORT,"), mine.replace(":" + ref.masterPort + ",", ":PORT,"));
        }
    }

    @Test
    void helloAndClientListHaveRedisFields() throws Exception {
        try (BlockingClient r = ref.client(); BlockingClient v = vigil.client()) {
            assertEquals(fieldNames(r.call("HELLO", "3")), fieldNames(v.call("HELLO", "3")));
            assertEquals(lineKeys(r.call("CLIENT", "INFO").asString()), lineKeys(v.call("CLIENT", "INFO").asString()));
            assertEquals(lineKeys(r.call("CLIENT", "LIST").asString().split("\n")[0]),
                    lineKeys(v.call("CLIENT", "LIST").asString().split("\n")[0]));
            assertEquals(r.call("ROLE").asString(), v.call("ROLE").asString());
        }
    }

    @Test
    void subscribedClientsMayOnlyRunPubSubCommands() throws Exception {
        for (String proto : new String[]{"2", "3"}) {
            try (BlockingClient r = ref.client(); BlockingClient v = vigil.client()) {
                r.call("HELLO", proto);
                v.call("HELLO", proto);
                for (String[] cmd : new String[][]{{"SUBSCRIBE", "a", "b"}, {"PSUBSCRIBE", "x*"}}) {
                    r.send(cmd);
                    v.send(cmd);
                    for (int i = 1; i < cmd.length; i++) assertEquals(render(r.read()), render(v.read()));
                }
                for (String[] cmd : new String[][]{{"ROLE"}, {"PING"}, {"PING", "x"}, {"UNSUBSCRIBE", "a"},
                        {"PUNSUBSCRIBE", "nope"}}) {
                    assertEquals(render(r.call(cmd)), render(v.call(cmd)), String.join(" ", cmd) + " RESP" + proto);
                }
                r.send("UNSUBSCRIBE");
                v.send("UNSUBSCRIBE");
                assertEquals(render(r.read()), render(v.read()));
                assertEquals(render(r.call("PUNSUBSCRIBE")), render(v.call("PUNSUBSCRIBE")));
                assertEquals(render(r.call("UNSUBSCRIBE")), render(v.call("UNSUBSCRIBE")));
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    static String render(RespValue v) {
        if (v instanceof RespValue.Aggregate a) {
            List<String> items = new ArrayList<>();
            for (RespValue i : a.items()) items.add(render(i));
            return a.kind() + items.toString();
        }
        if (v instanceof RespValue.Simple s) return "+" + s.text();
        if (v instanceof RespValue.Error e) return "-" + e.message();
        if (v instanceof RespValue.Int i) return ":" + i.value();
        if (v instanceof RespValue.Null) return "null";
        if (v instanceof RespValue.Verbatim t) return "=" + t.text();
        return "$" + v.asString();
    }

    static char kind(RespValue v) {
        return v instanceof RespValue.Aggregate a ? a.kind() : '?';
    }

    /** The keys of a map reply, or of the first map of an array of maps. */
    static List<String> fieldNames(RespValue v) {
        RespValue.Aggregate a = (RespValue.Aggregate) v;
        if (a.items().isEmpty()) return List.of();
        if (a.items().get(0) instanceof RespValue.Aggregate first) return fieldNames(first);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < a.items().size(); i += 2) {
            String k = a.items().get(i).asString();
            if (!k.equals("s-down-time") && !k.equals("o-down-time")) keys.add(k);
        }
        return keys;
    }

    static Map<String, String> fields(RespValue v) {
        RespValue.Aggregate a = (RespValue.Aggregate) v;
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < a.items().size(); i += 2) m.put(a.items().get(i).asString(), a.items().get(i + 1).asString());
        return m;
    }

    static List<String> infoKeys(String info) {
        List<String> keys = new ArrayList<>();
        for (String l : info.split("\r\n")) {
            if (l.isEmpty()) continue;
            keys.add(l.startsWith("#") ? l : l.substring(0, l.indexOf(':')));
        }
        return keys;
    }

    static List<String> lineKeys(String line) {
        List<String> keys = new ArrayList<>();
        for (String kv : line.trim().split(" ")) keys.add(kv.substring(0, kv.indexOf('=')));
        return keys;
    }
}
