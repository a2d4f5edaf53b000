package vigil.rdb;

import vigil.client.BlockingClient;
import vigil.resp.RespValue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;

import static vigil.rdb.Model.b;
import static vigil.rdb.Model.s;

/**
 * One dataset with every type in both its small and big Redis 7.0 encodings (listpack and plain
 * hashes/zsets, intsets of each width and plain sets, one- and many-node quicklists, integer,
 * short, compressible, incompressible and binary strings), with expiries and several dbs; plus
 * the three ways tests move it: RdbWriter, Redis commands, and reading a live Redis back.
 */
final class Fixture {
    private Fixture() {
    }

    static Map<Integer, Map<String, Model.Entry>> data(long now) {
        Random rnd = new Random(42);
        Map<Integer, Map<String, Model.Entry>> d = new TreeMap<>();
        Map<String, Model.Entry> db0 = new TreeMap<>();
        for (String[] kv : new String[][]{{"int:small", "42"}, {"int:neg", "-7"}, {"int:16", "1234"}, {"int:32", "123456789"},
                {"int:64", "12345678901234"}, {"int:notcanon", "007"}, {"str:short", "hello"}, {"str:empty", ""},
                {"str:long", "abc".repeat(100)}, {"str:big", "0123456789abcdef".repeat(8000)}, {"12345", "an integer key"}}) {
            db0.put(kv[0], new Model.Entry(kv[1], -1));
        }
        StringBuilder bin = new StringBuilder();
        for (int i = 0; i < 256; i++) bin.append((char) i);
        db0.put("str:binary", new Model.Entry(bin.toString(), -1));
        db0.put("str:random", new Model.Entry(random(rnd, 500), -1));
        db0.put("list:small", new Model.Entry(new ArrayList<>(List.of("a", "b", "1", "-5", "300", "70000", "5000000000", "", "x".repeat(70))), -1));
        List<String> big = new ArrayList<>();
        for (int i = 0; i < 3000; i++) big.add(i % 500 == 7 ? random(rnd, 10_000) : i % 3 == 0 ? Integer.toString(i * 7919 - 10000) : "element-" + i);
        db0.put("list:big", new Model.Entry(big, -1));
        db0.put("set:ints16", new Model.Entry(new TreeSet<>(List.of("1", "2", "3", "-4")), -1));
        db0.put("set:ints32", new Model.Entry(new TreeSet<>(List.of("1", "100000", "-100000")), -1));
        db0.put("set:ints64", new Model.Entry(new TreeSet<>(List.of("1", "5000000000", "-9223372036854775808", "9223372036854775807")), -1));
        db0.put("set:strs", new Model.Entry(new TreeSet<>(List.of("a", "b", "c", "007")), -1));
        TreeSet<String> manyInts = new TreeSet<>();
        for (int i = 0; i < 1000; i++) manyInts.add(Integer.toString(i * 3));
        db0.put("set:manyints", new Model.Entry(manyInts, -1));
        TreeMap<String, String> hs = new TreeMap<>(Map.of("f1", "v1", "n", "123", "neg", "-99999999999", "empty", ""));
        db0.put("hash:small", new Model.Entry(hs, -1));
        TreeMap<String, String> hb = new TreeMap<>();
        for (int i = 0; i < 200; i++) hb.put("field" + i, i % 2 == 0 ? Integer.toString(i) : "value" + i);
        db0.put("hash:big", new Model.Entry(hb, -1));
        db0.put("hash:longvalue", new Model.Entry(new TreeMap<>(Map.of("a", "1", "long", "v".repeat(100))), -1));
        TreeMap<String, Double> zs = new TreeMap<>(Map.of("a", 1.0, "b", 2.5, "c", Double.NEGATIVE_INFINITY,
                "d", Double.POSITIVE_INFINITY, "e", -0.5, "f", 1e20, "g", 0.1, "h", 4503599627370496.0, "12", 3.0));
        db0.put("zset:small", new Model.Entry(zs, -1));
        TreeMap<String, Double> zb = new TreeMap<>();
        for (int i = 0; i < 200; i++) zb.put("member" + i, i * 1.5 - 100);
        db0.put("zset:big", new Model.Entry(zb, -1));
        db0.put("zset:longmember", new Model.Entry(new TreeMap<>(Map.of("m".repeat(80), 1.0, "short", 2.0)), -1));
        db0.put("exp:string", new Model.Entry("soon", now + 3_600_000));
        db0.put("exp:list", new Model.Entry(new ArrayList<>(List.of("x", "y")), now + 7_200_123));
        db0.put("exp:hash", new Model.Entry(new TreeMap<>(Map.of("k", "v")), now + 86_400_000L * 30));
        d.put(0, db0);
        Map<String, Model.Entry> db1 = new TreeMap<>();
        db1.put("k", new Model.Entry("db1 value", -1));
        db1.put("z", new Model.Entry(new TreeMap<>(Map.of("one", 1.0)), now + 1000_000));
        d.put(1, db1);
        Map<String, Model.Entry> db3 = new TreeMap<>();
        db3.put("s", new Model.Entry(new TreeSet<>(List.of("only")), -1));
        d.put(3, db3);
        return d;
    }

    static String random(Random rnd, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) sb.append((char) rnd.nextInt(256));
        return sb.toString();
    }

    static List<byte[]> bytes(Iterable<String> items) {
        List<byte[]> out = new ArrayList<>();
        for (String s : items) out.add(b(s));
        return out;
    }

    @SuppressWarnings("unchecked")
    static void write(RdbWriter w, Map<Integer, Map<String, Model.Entry>> data) throws IOException {
        for (var db : data.entrySet()) {
            w.selectDb(db.getKey());
            long expires = db.getValue().values().stream().filter(e -> e.expireMs() >= 0).count();
            w.resizeDb(db.getValue().size(), expires);
            for (var kv : db.getValue().entrySet()) {
                byte[] key = b(kv.getKey());
                Object v = kv.getValue().value();
                long exp = kv.getValue().expireMs();
                if (v instanceof String str) w.string(key, exp, b(str));
                else if (v instanceof List<?> l) w.list(key, exp, bytes((List<String>) l));
                else if (v instanceof TreeSet<?> set) w.set(key, exp, bytes((TreeSet<String>) set));
                else if (isZset(v)) {
                    List<RdbWriter.Scored> m = new ArrayList<>();
                    ((Map<String, Double>) v).forEach((k, sc) -> m.add(new RdbWriter.Scored(b(k), sc)));
                    w.zset(key, exp, m);
                } else {
                    List<RdbWriter.Field> f = new ArrayList<>();
                    ((Map<String, String>) v).forEach((k, val) -> f.add(new RdbWriter.Field(b(k), b(val))));
                    w.hash(key, exp, f);
                }
            }
        }
    }

    static boolean isZset(Object v) {
        return v instanceof Map<?, ?> m && !m.isEmpty() && m.values().iterator().next() instanceof Double;
    }

    @SuppressWarnings("unchecked")
    static void load(BlockingClient c, Map<Integer, Map<String, Model.Entry>> data) throws IOException {
        for (var db : data.entrySet()) {
            ok(c.call("SELECT", Integer.toString(db.getKey())));
            for (var kv : db.getValue().entrySet()) {
                byte[] key = b(kv.getKey());
                Object v = kv.getValue().value();
                if (v instanceof String str) {
                    ok(c.call(b("SET"), key, b(str)));
                } else if (v instanceof List<?> l) {
                    for (String e : (List<String>) l) ok(c.call(b("RPUSH"), key, b(e)));
                } else if (v instanceof TreeSet<?> set) {
                    for (String e : (TreeSet<String>) set) ok(c.call(b("SADD"), key, b(e)));
                } else if (isZset(v)) {
                    for (var e : ((Map<String, Double>) v).entrySet()) {
                        ok(c.call(b("ZADD"), key, b(vigil.resp.Doubles.format(e.getValue())), b(e.getKey())));
                    }
                } else {
                    for (var e : ((Map<String, String>) v).entrySet()) ok(c.call(b("HSET"), key, b(e.getKey()), b(e.getValue())));
                }
                if (kv.getValue().expireMs() >= 0) ok(c.call(b("PEXPIREAT"), key, b(Long.toString(kv.getValue().expireMs()))));
            }
        }
    }

    private static RespValue ok(RespValue r) {
        if (r instanceof RespValue.Error e) throw new AssertionError(e.message());
        return r;
    }

    /** Reads dbs back from a live server through commands into the same shape as Model. */
    static Map<Integer, Map<String, Model.Entry>> fetch(BlockingClient c, Iterable<Integer> dbs) throws IOException {
        Map<Integer, Map<String, Model.Entry>> out = new TreeMap<>();
        for (int dbn : dbs) {
            ok(c.call("SELECT", Integer.toString(dbn)));
            Map<String, Model.Entry> db = new TreeMap<>();
            for (RespValue k : items(c.call("KEYS", "*"))) {
                byte[] key = ((RespValue.Bulk) k).bytes();
                String type = c.call(b("TYPE"), key).asString();
                Object v = switch (type) {
                    case "string" -> s(((RespValue.Bulk) c.call(b("GET"), key)).bytes());
                    case "list" -> strings(c.call(b("LRANGE"), key, b("0"), b("-1")), new ArrayList<>());
                    case "set" -> strings(c.call(b("SMEMBERS"), key), new TreeSet<>());
                    case "hash" -> {
                        List<RespValue> fv = items(c.call(b("HGETALL"), key));
                        TreeMap<String, String> m = new TreeMap<>();
                        for (int i = 0; i < fv.size(); i += 2) m.put(bulk(fv.get(i)), bulk(fv.get(i + 1)));
                        yield m;
                    }
                    case "zset" -> {
                        List<RespValue> ms = items(c.call(b("ZRANGE"), key, b("0"), b("-1"), b("WITHSCORES")));
                        TreeMap<String, Double> m = new TreeMap<>();
                        for (int i = 0; i < ms.size(); i += 2) m.put(bulk(ms.get(i)), Scores.parse(b(bulk(ms.get(i + 1)))));
                        yield m;
                    }
                    default -> throw new AssertionError("type " + type);
                };
                long exp = ((RespValue.Int) c.call(b("PEXPIRETIME"), key)).value();
                db.put(s(key), new Model.Entry(v, exp));
            }
            if (!db.isEmpty()) out.put(dbn, db);
        }
        return out;
    }

    private static String bulk(RespValue v) {
        return s(((RespValue.Bulk) v).bytes());
    }

    private static List<RespValue> items(RespValue v) {
        return ((RespValue.Aggregate) ok(v)).items();
    }

    private static <C extends java.util.Collection<String>> C strings(RespValue v, C out) {
        for (RespValue i : items(v)) out.add(bulk(i));
        return out;
    }
}
