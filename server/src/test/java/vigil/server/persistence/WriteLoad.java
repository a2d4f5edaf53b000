package vigil.server.persistence;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * A seeded random stream of commands covering every write command of the node (and reads that
 * expire keys lazily), over keys named by type ("s:", "l:", "h:", "t:" sets, "z:") in a bounded
 * range, with short TTLs so keys expire during the run. Wrong types, missing keys and cross-db
 * moves are part of the mix. {@link #sent} lists the command names used, so a test can check
 * that no write command of the table is left out.
 */
final class WriteLoad {
    private final Random r;
    private final int range;
    private final boolean keyspaceWide;
    final Set<String> sent = new TreeSet<>();

    /** keyspaceWide: also FLUSHDB, FLUSHALL and SWAPDB (rarely). */
    WriteLoad(long seed, int range, boolean keyspaceWide) {
        this.r = new Random(seed);
        this.range = range;
        this.keyspaceWide = keyspaceWide;
    }

    private String n() {
        return Integer.toString(r.nextInt(range));
    }

    /** An id of the type's keys as {@link #fill} names them (ids ending in its digit), sometimes a fresh one. */
    private String id(String type) {
        if (r.nextInt(10) == 0 || range < 10) return n();
        int tens = r.nextInt(range / 10) * 10;
        return Integer.toString(tens + switch (type) {
            case "l:" -> 5;
            case "h:" -> 6;
            case "t:" -> 7;
            case "z:" -> 8;
            default -> pick(0, 1, 2, 3, 4, 9);
        });
    }

    private int pick(int... xs) {
        return xs[r.nextInt(xs.length)];
    }

    private String k(String type) {
        if (r.nextInt(25) == 0) return pick("s:", "l:", "h:", "t:", "z:") + n();   // often a wrong type
        return type + id(type);
    }

    private String any() {
        String type = pick("s:", "l:", "h:", "t:", "z:");
        return type + id(type);
    }

    private String pick(String... xs) {
        return xs[r.nextInt(xs.length)];
    }

    private String val() {
        int p = r.nextInt(100);
        if (p < 40) return Integer.toString(r.nextInt(200) - 50);
        if (p < 45) return "v".repeat(70 + r.nextInt(30));   // past listpack value limits
        return "v" + r.nextInt(50);
    }

    private String field() {
        return "f" + r.nextInt(r.nextInt(8) == 0 ? 300 : 10);
    }

    private String member() {
        return r.nextInt(3) == 0 ? "m" + r.nextInt(200) : Integer.toString(r.nextInt(r.nextInt(8) == 0 ? 700 : 20));
    }

    private String score() {
        return Integer.toString(r.nextInt(100) - 20);
    }

    private String db() {
        return Integer.toString(r.nextInt(4));
    }

    private String ms() {
        return Integer.toString(1 + r.nextInt(r.nextInt(4) == 0 ? 20 : 5000));
    }

    private String[] c(String... a) {
        sent.add(a[0].toLowerCase());
        return a;
    }

    String[] next() {
        int op = r.nextInt(100);
        if (keyspaceWide && op == 0) {
            int w = r.nextInt(20);
            if (w == 0) return c("flushall");
            if (w < 4) return c("flushdb");
            return c("swapdb", db(), db());
        }
        if (op < 12) return reads();
        return switch (r.nextInt(24)) {
            case 0 -> strings1();
            case 1 -> strings2();
            case 2 -> strings3();
            case 3, 4 -> lists1();
            case 5 -> lists2();
            case 6 -> lists3();
            case 7, 8 -> hashes();
            case 9, 10 -> sets1();
            case 11 -> sets2();
            case 12, 13 -> zsets1();
            case 14 -> zsets2();
            case 15 -> zsets3();
            case 16, 17 -> keys1();
            case 18 -> keys2();
            case 19 -> blocking();
            case 20 -> c("select", db());
            default -> switch (r.nextInt(4)) {
                case 0 -> c("set", k("s:"), val(), "PX", ms());
                case 1 -> c("set", k("s:"), val(), "KEEPTTL", "GET");
                case 2 -> c("set", k("s:"), val(), pick("NX", "XX"));
                default -> c("set", k("s:"), val(), "EX", "" + (1 + r.nextInt(3)));
            };
        };
    }

    /** Reads that delete expired keys lazily. */
    private String[] reads() {
        return switch (r.nextInt(5)) {
            case 0 -> c("get", k("s:"));
            case 1 -> c("exists", any(), any());
            case 2 -> c("lrange", k("l:"), "0", "-1");
            case 3 -> c("hgetall", k("h:"));
            default -> c("zrange", k("z:"), "0", "-1", "withscores");
        };
    }

    private String[] strings1() {
        return switch (r.nextInt(8)) {
            case 0 -> c("set", k("s:"), val());
            case 1 -> c("setex", k("s:"), "" + (1 + r.nextInt(100)), val());
            case 2 -> c("psetex", k("s:"), ms(), val());
            case 3 -> c("setnx", k("s:"), val());
            case 4 -> c("getset", k("s:"), val());
            case 5 -> c("getdel", k("s:"));
            case 6 -> c("getex", k("s:"), pick("PX", "PERSIST", "EXAT", "PXAT"), "" + (System.currentTimeMillis() + r.nextInt(5000)));
            default -> c("append", k("s:"), val());
        };
    }

    private String[] strings2() {
        return switch (r.nextInt(8)) {
            case 0 -> c("incr", k("s:"));
            case 1 -> c("decr", k("s:"));
            case 2 -> c("incrby", k("s:"), "" + (r.nextInt(100) - 50));
            case 3 -> c("decrby", k("s:"), "7");
            case 4 -> c("incrbyfloat", k("s:"), "1.5");
            case 5 -> c("setrange", k("s:"), "" + r.nextInt(20), val());
            case 6 -> c("mset", k("s:"), val(), k("s:"), val());
            default -> c("msetnx", k("s:"), val(), k("s:"), val());
        };
    }

    private String[] strings3() {
        return switch (r.nextInt(3)) {
            case 0 -> c("setbit", k("s:"), "" + r.nextInt(200), "" + r.nextInt(2));
            case 1 -> c("bitfield", k("s:"), "INCRBY", "u8", "" + r.nextInt(64), "3", "SET", "i16", "#1", "" + r.nextInt(100));
            default -> c("bitop", pick("AND", "OR", "XOR"), k("s:"), k("s:"), k("s:"));
        };
    }

    private String[] lists1() {
        return switch (r.nextInt(6)) {
            case 0 -> c("lpush", k("l:"), val(), val());
            case 1 -> c("rpush", k("l:"), val(), val(), val());
            case 2 -> c("lpushx", k("l:"), val());
            case 3 -> c("rpushx", k("l:"), val());
            case 4 -> c("lpop", k("l:"));
            default -> c("rpop", k("l:"), "" + (1 + r.nextInt(3)));
        };
    }

    private String[] lists2() {
        return switch (r.nextInt(5)) {
            case 0 -> c("lset", k("l:"), "" + (r.nextInt(6) - 3), val());
            case 1 -> c("linsert", k("l:"), pick("BEFORE", "AFTER"), val(), val());
            case 2 -> c("lrem", k("l:"), "" + (r.nextInt(5) - 2), val());
            case 3 -> c("ltrim", k("l:"), "" + r.nextInt(3), "" + (r.nextInt(20) - 3));
            default -> c("lmpop", "2", k("l:"), k("l:"), pick("LEFT", "RIGHT"), "COUNT", "2");
        };
    }

    private String[] lists3() {
        return switch (r.nextInt(2)) {
            case 0 -> c("rpoplpush", k("l:"), k("l:"));
            default -> c("lmove", k("l:"), k("l:"), pick("LEFT", "RIGHT"), pick("LEFT", "RIGHT"));
        };
    }

    private String[] hashes() {
        return switch (r.nextInt(8)) {
            case 0, 1 -> c("hset", k("h:"), field(), val(), field(), val());
            case 2 -> c("hmset", k("h:"), field(), val());
            case 3 -> c("hsetnx", k("h:"), field(), val());
            case 4 -> c("hdel", k("h:"), field(), field());
            case 5 -> c("hincrby", k("h:"), field(), "" + (r.nextInt(10) - 3));
            case 6 -> c("hincrbyfloat", k("h:"), field(), "0.5");
            default -> c("hget", k("h:"), field());
        };
    }

    private String[] sets1() {
        return switch (r.nextInt(5)) {
            case 0, 1 -> c("sadd", k("t:"), member(), member(), member());
            case 2 -> c("srem", k("t:"), member(), member());
            case 3 -> c("spop", k("t:"), r.nextBoolean() ? "1" : "3");
            default -> c("smove", k("t:"), k("t:"), member());
        };
    }

    private String[] sets2() {
        return switch (r.nextInt(3)) {
            case 0 -> c("sinterstore", k("t:"), k("t:"), k("t:"));
            case 1 -> c("sunionstore", k("t:"), k("t:"), k("t:"));
            default -> c("sdiffstore", k("t:"), k("t:"), k("t:"));
        };
    }

    private String[] zsets1() {
        return switch (r.nextInt(6)) {
            case 0, 1 -> c("zadd", k("z:"), score(), member(), score(), member());
            case 2 -> c("zincrby", k("z:"), "2", member());
            case 3 -> c("zrem", k("z:"), member(), member());
            case 4 -> c("zpopmin", k("z:"), "" + (1 + r.nextInt(2)));
            default -> c("zpopmax", k("z:"));
        };
    }

    private String[] zsets2() {
        return switch (r.nextInt(4)) {
            case 0 -> c("zremrangebyscore", k("z:"), "" + r.nextInt(30), "" + (30 + r.nextInt(40)));
            case 1 -> c("zremrangebyrank", k("z:"), "0", "" + r.nextInt(3));
            case 2 -> c("zremrangebylex", k("z:"), "[a", "[m5");
            default -> c("zmpop", "2", k("z:"), k("z:"), pick("MIN", "MAX"), "COUNT", "2");
        };
    }

    private String[] zsets3() {
        return switch (r.nextInt(5)) {
            case 0 -> c("zunionstore", k("z:"), "2", k("z:"), k("z:"));
            case 1 -> c("zinterstore", k("z:"), "2", k("z:"), k("t:"));
            case 2 -> c("zdiffstore", k("z:"), "2", k("z:"), k("z:"));
            case 3 -> c("zrangestore", k("z:"), k("z:"), "0", "" + r.nextInt(10));
            default -> c("sort", k("l:"), "ALPHA", "LIMIT", "0", "5", "STORE", k("l:"));
        };
    }

    private String[] keys1() {
        return switch (r.nextInt(8)) {
            case 0 -> c("del", any(), any());
            case 1 -> c("unlink", any());
            case 2 -> c("expire", any(), "" + (1 + r.nextInt(100)));
            case 3 -> c("pexpire", any(), ms());
            case 4 -> c("pexpireat", any(), "" + (System.currentTimeMillis() + r.nextInt(3000) - 500));
            case 5 -> c("expireat", any(), "" + (System.currentTimeMillis() / 1000 + r.nextInt(100)));
            case 6 -> c("persist", any());
            default -> c("rename", any(), any());
        };
    }

    /**
     * DUMP of the string "restored-58": chosen because every byte of it (CRC included) is below
     * 0x80, so it survives the stream's String commands unchanged.
     */
    private static final String RESTORE_PAYLOAD = "\u0000\u000brestored-58\n\u0000\u0027\u0009\u0051\u0070\u007d\u0019\u0078\u0069";

    private String[] keys2() {
        String type = pick("s:", "l:", "h:", "t:", "z:");
        return switch (r.nextInt(4)) {
            case 0 -> c("renamenx", type + id(type), type + id(type));
            case 1 -> c("move", any(), db());
            case 2 -> c("restore", k("s:"), r.nextBoolean() ? "0" : ms(), RESTORE_PAYLOAD, "REPLACE");
            default -> c("copy", any(), type + id(type), "DB", db(), pick("REPLACE", "REPLACE", "DB"));
        };
    }

    /** Blocking commands with a tiny timeout: they serve at once or time out after 10 ms. */
    private String[] blocking() {
        return switch (r.nextInt(8)) {
            case 0 -> c("blpop", k("l:"), k("l:"), "0.01");
            case 1 -> c("brpop", k("l:"), "0.01");
            case 2 -> c("brpoplpush", k("l:"), k("l:"), "0.01");
            case 3 -> c("blmove", k("l:"), k("l:"), "LEFT", "RIGHT", "0.01");
            case 4 -> c("blmpop", "0.01", "1", k("l:"), "LEFT");
            case 5 -> c("bzpopmin", k("z:"), "0.01");
            case 6 -> c("bzpopmax", k("z:"), "0.01");
            default -> c("bzmpop", "0.01", "1", k("z:"), "MAX");
        };
    }

    /** Commands to fill the range with values of every type and encoding (some with a TTL). */
    List<String[]> fill(int count) {
        List<String[]> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = Integer.toString(i);
            switch (i % 10) {
                case 0, 1, 2, 3, 4 -> out.add(new String[]{"set", "s:" + id, "value" + i});
                case 5 -> out.add(new String[]{"rpush", "l:" + id, "a", "b", Integer.toString(i)});
                case 6 -> out.add(new String[]{"hset", "h:" + id, "f", "1", "g", "v" + i});
                case 7 -> out.add(new String[]{"sadd", "t:" + id, "1", "2", Integer.toString(i)});
                case 8 -> out.add(new String[]{"zadd", "z:" + id, "1", "a", "2", "m" + i});
                default -> out.add(new String[]{"set", "s:" + id, "ttl" + i, "PX", Integer.toString(60_000 + i)});
            }
        }
        return out;
    }
}
