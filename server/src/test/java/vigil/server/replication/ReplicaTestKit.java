package vigil.server.replication;

import vigil.client.BlockingClient;
import vigil.resp.RespValue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** Helpers for replication tests: INFO fields, polling, a dataset of every type, whole-dataset dumps. */
final class ReplicaTestKit {
    private ReplicaTestKit() {
    }

    static Map<String, String> info(BlockingClient c, String section) throws Exception {
        Map<String, String> out = new HashMap<>();
        for (String line : c.call("INFO", section).asString().split("\r\n")) {
            int i = line.indexOf(':');
            if (i > 0 && !line.startsWith("#")) out.put(line.substring(0, i), line.substring(i + 1));
        }
        return out;
    }

    interface Check {
        boolean ok() throws Exception;
    }

    static void await(String what, Check check) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        while (!check.ok()) {
            if (System.currentTimeMillis() > deadline) fail("timed out waiting for " + what);
            Thread.sleep(10);
        }
    }

    static void awaitLinkUp(BlockingClient replica) throws Exception {
        await("master_link_status:up", () -> "up".equals(info(replica, "replication").get("master_link_status")));
    }

    /** Waits until the replica applied everything the master produced. */
    static void awaitInSync(BlockingClient master, BlockingClient replica) throws Exception {
        await("replica offset = master offset", () -> {
            String m = info(master, "replication").get("master_repl_offset");
            Map<String, String> r = info(replica, "replication");
            return "up".equals(r.get("master_link_status")) && m.equals(r.get("slave_repl_offset"));
        });
    }

    /** Every type in all 16 dbs, each encoding (small and big collections) in four of them, some keys with expiries. */
    static void populate(BlockingClient c, String tag) throws Exception {
        for (int db = 0; db < 16; db++) {
            c.call("SELECT", Integer.toString(db));
            c.call("SET", tag + "str", "hello " + db);
            c.call("SET", tag + "int", Integer.toString(12345 + db));
            c.call("SET", tag + "ttl", "v", "PX", "86400000");
            c.call("RPUSH", tag + "list", "a", "b", "c", "1", "2");
            c.call("SADD", tag + "intset", "1", "2", "3", "-77");
            c.call("HSET", tag + "hash", "f1", "v1", "f2", "2");
            c.call("ZADD", tag + "zset", "1.5", "a", "-2", "b", "3", "c");
            c.call("EXPIRE", tag + "hash", Integer.toString(100000 + db));
            if (db != 0 && db != 1 && db != 7 && db != 15) continue;
            for (int i = 0; i < 300; i++) c.call("RPUSH", tag + "biglist", "element-" + i);
            for (int i = 0; i < 200; i++) c.call("SADD", tag + "bigset", "m" + i);
            for (int i = 0; i < 200; i++) c.call("HSET", tag + "bighash", "field" + i, "value" + i);
            for (int i = 0; i < 200; i++) c.call("ZADD", tag + "bigzset", Double.toString(i * 0.25), "member" + i);
            c.call("EXPIRE", tag + "bighash", "100000");
        }
        c.call("SELECT", "0");
    }

    /** A deterministic description of every key in every db (type, content, absolute expiry). */
    static Map<String, String> dump(BlockingClient c) throws Exception {
        Map<String, String> out = new TreeMap<>();
        for (int db = 0; db < 16; db++) {
            c.call("SELECT", Integer.toString(db));
            for (RespValue k : items(c.call("KEYS", "*"))) {
                String key = k.asString();
                String type = c.call("TYPE", key).asString();
                String content = switch (type) {
                    case "string" -> c.call("GET", key).asString();
                    case "list" -> strings(c.call("LRANGE", key, "0", "-1")).toString();
                    case "set" -> sorted(strings(c.call("SMEMBERS", key))).toString();
                    case "hash" -> sorted(strings(c.call("HGETALL", key))).toString();
                    case "zset" -> strings(c.call("ZRANGE", key, "0", "-1", "WITHSCORES")).toString();
                    default -> "?";
                };
                out.put(db + ":" + key, type + " " + content + " expire=" + c.call("PEXPIRETIME", key).asString());
            }
        }
        c.call("SELECT", "0");
        return out;
    }

    static void assertSameData(BlockingClient master, BlockingClient replica) throws Exception {
        assertEquals(dump(master), dump(replica));
        assertEquals(master.call("DEBUG", "DIGEST").asString(), replica.call("DEBUG", "DIGEST").asString());
    }

    static List<RespValue> items(RespValue v) {
        return ((RespValue.Aggregate) v).items();
    }

    static List<String> strings(RespValue v) {
        List<String> out = new ArrayList<>();
        for (RespValue x : items(v)) out.add(x.asString());
        return out;
    }

    static List<String> sorted(List<String> l) {
        Collections.sort(l);
        return l;
    }

    /** A write load touching several dbs, types, transactions and rewritten commands. */
    static void writes(BlockingClient c, String tag, int n) throws Exception {
        for (int i = 0; i < n; i++) {
            c.call("SELECT", Integer.toString(i % 3));
            c.call("SET", tag + "k" + i, "v" + i);
            c.call("INCRBYFLOAT", tag + "float", "1.5");
            c.call("LPUSH", tag + "l", "x" + i);
            c.call("HINCRBY", tag + "h", "f" + (i % 5), "1");
            c.call("ZINCRBY", tag + "z", "2", "m" + (i % 7));
            c.call("SADD", tag + "s", Integer.toString(i));
            if (i % 4 == 0) c.call("SPOP", tag + "s");
            c.call("EXPIRE", tag + "k" + i, "1000");
            if (i % 10 == 0) {
                c.call("MULTI");
                c.call("INCR", tag + "counter");
                c.call("SELECT", "9");
                c.call("RPUSH", tag + "txlist", "t" + i);
                c.call("EXEC");
            }
        }
        c.call("SELECT", "0");
    }
}
