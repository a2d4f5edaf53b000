package vigil.server.persistence;

import vigil.client.BlockingClient;
import vigil.resp.RespValue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * A dataset written through commands (so it works on Vigil and on redis-server alike) with every
 * type in its small and big encodings, integer and compressible strings, expiries, in all 16
 * databases; and a key-by-key reading of a node (type, encoding, content, PEXPIRETIME) to compare.
 */
final class Dataset {
    private Dataset() {
    }

    private static void ok(BlockingClient c, String... args) throws IOException {
        RespValue r = c.call(args);
        assertFalse(r instanceof RespValue.Error, String.join(" ", args) + " -> " + r.asString());
    }

    private static String[] withPrefix(List<String> prefix, List<String> items) {
        List<String> all = new ArrayList<>(prefix);
        all.addAll(items);
        return all.toArray(new String[0]);
    }

    private static List<String> seq(String p, int n) {
        List<String> l = new ArrayList<>();
        for (int i = 0; i < n; i++) l.add(p + i);
        return l;
    }

    /** Writes the dataset; expiries are an hour or more ahead of expireBaseMs. */
    static void populate(BlockingClient c, long expireBaseMs) throws IOException {
        for (int db = 0; db < 16; db++) {
            ok(c, "SELECT", Integer.toString(db));
            ok(c, "SET", "str:" + db, "value-" + db);
            if (db % 4 != 0) continue;
            ok(c, "SET", "int", "12345");
            ok(c, "SET", "negint", "-9007199254740993");
            ok(c, "SET", "long", "x".repeat(5000));
            ok(c, "SET", "bin", "\u00e9\u0000\u00ff\r\n");
            ok(c, "SET", "empty", "");
            ok(c, "SET", "ttl", "v", "PXAT", Long.toString(expireBaseMs + 3_600_000 + db));
            ok(c, "RPUSH", "list:small", "a", "1", "-2", "bb");
            ok(c, withPrefix(List.of("RPUSH", "list:big"), seq("element-with-some-length-", 2000)));
            ok(c, withPrefix(List.of("RPUSH", "list:long"), List.of("y".repeat(10000), "z")));
            ok(c, withPrefix(List.of("SADD", "set:ints"), List.of("1", "2", "-3", "100000000000")));
            ok(c, withPrefix(List.of("SADD", "set:bigints"), seq("", 600)));
            ok(c, withPrefix(List.of("SADD", "set:strs"), List.of("a", "b", "c", "1")));
            ok(c, withPrefix(List.of("SADD", "set:big"), seq("member-", 1000)));
            ok(c, "HSET", "hash:small", "f1", "v1", "f2", "2", "f3", "");
            List<String> fv = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                fv.add("field-" + i);
                fv.add("value-" + i);
            }
            ok(c, withPrefix(List.of("HSET", "hash:big"), fv));
            ok(c, "HSET", "hash:longval", "f", "v".repeat(100));
            ok(c, "ZADD", "zset:small", "1", "a", "2.5", "b", "-inf", "c", "1e300", "d");
            List<String> sm = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                sm.add(Double.toString(i * 1.25 - 7));
                sm.add("zm-" + i);
            }
            ok(c, withPrefix(List.of("ZADD", "zset:big"), sm));
            ok(c, "ZADD", "zset:longmember", "3", "m".repeat(100));
            ok(c, "PEXPIREAT", "list:small", Long.toString(expireBaseMs + 7_200_000));
            ok(c, "PEXPIREAT", "hash:big", Long.toString(expireBaseMs + 7_300_000));
            ok(c, "PEXPIREAT", "zset:small", Long.toString(expireBaseMs + 7_400_000));
        }
        ok(c, "SELECT", "0");
    }

    /** "db:key" -> type, encoding, PEXPIRETIME and content (sets and hashes sorted). */
    static Map<String, String> read(BlockingClient c) throws IOException {
        Map<String, String> out = new TreeMap<>();
        for (int db = 0; db < 16; db++) {
            c.call("SELECT", Integer.toString(db));
            RespValue keys = c.call("KEYS", "*");
            for (RespValue k : ((RespValue.Aggregate) keys).items()) {
                String key = k.asString();
                String type = c.call("TYPE", key).asString();
                String content = switch (type) {
                    case "string" -> c.call("GET", key).asString();
                    case "list" -> c.call("LRANGE", key, "0", "-1").asString();
                    case "set" -> new java.util.TreeSet<>(items(c.call("SMEMBERS", key))).toString();
                    case "hash" -> new TreeMap<>(pairs(c.call("HGETALL", key))).toString();
                    case "zset" -> c.call("ZRANGE", key, "0", "-1", "WITHSCORES").asString();
                    default -> "?";
                };
                out.put(db + ":" + key, type + " " + c.call("OBJECT", "ENCODING", key).asString()
                        + " exp=" + c.call("PEXPIRETIME", key).asString() + " " + content);
            }
        }
        c.call("SELECT", "0");
        return out;
    }

    static List<String> items(RespValue v) {
        List<String> l = new ArrayList<>();
        for (RespValue i : ((RespValue.Aggregate) v).items()) l.add(i.asString());
        return l;
    }

    private static Map<String, String> pairs(RespValue v) {
        List<String> l = items(v);
        Map<String, String> m = new TreeMap<>();
        for (int i = 0; i + 1 < l.size(); i += 2) m.put(l.get(i), l.get(i + 1));
        return m;
    }

    /** Every key as "db:key". */
    static List<String[]> keys(Map<String, String> read) {
        List<String[]> l = new ArrayList<>();
        for (String k : read.keySet()) {
            int i = k.indexOf(':');
            l.add(new String[]{k.substring(0, i), k.substring(i + 1)});
        }
        return l;
    }
}
