package vigil.server.types.zset;

import org.junit.jupiter.api.Test;
import vigil.server.support.Differential;
import vigil.server.types.support.Pair;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A seeded random stream of set and sorted set commands (deterministic ones only; random-member
 * commands appear only in forms whose result is the whole collection) run against Vigil and
 * Redis 7.0. Pools are sized so keys cross the intset/listpack thresholds both ways. A mismatch
 * reports the seed and the first differing command.
 */
class RandomStreamDifferentialTest {
    static final long SEED = 0x5EEDL;
    static final int COMMANDS = 24_000;

    private SplittableRandom rnd;

    @Test
    void randomSetAndSortedSetStreamMatchesRedis() throws Exception {
        System.out.println("RandomStreamDifferentialTest seed=" + SEED);
        rnd = new SplittableRandom(SEED);
        try (Pair pair = Pair.start()) {
            Differential d = pair.diff;
            d.check("set", "str", "x");
            java.util.Set<String> seen = new java.util.TreeSet<>();
            for (int i = 0; i < COMMANDS; i++) {
                if (i % 500 == 0) {
                    for (String k : new String[]{"s0", "s1", "s2", "s3", "z0", "z1", "z2", "z3"}) seen.add(String.valueOf(pair.encoding(k)));
                }
                String[] cmd = next();
                try {
                    if (unordered(cmd[0])) d.checkUnordered(cmd);
                    else d.check(cmd);
                } catch (AssertionError e) {
                    fail("seed=" + SEED + " first difference at stream command " + i + ": " + String.join(" ", cmd) + "\n" + e.getMessage());
                }
            }
            // The stream must have crossed every encoding threshold to mean anything.
            org.junit.jupiter.api.Assertions.assertTrue(seen.containsAll(List.of("intset", "hashtable", "listpack", "skiplist")), seen.toString());
            for (String k : new String[]{"s0", "s1", "s2", "s3", "z0", "z1", "z2", "z3", "l0", "l1"}) {
                d.checkUnordered("smembers", k);
                d.check("zrange", k, "0", "-1", "withscores");
            }
        }
    }

    private static boolean unordered(String c) {
        return switch (c) {
            case "smembers", "sinter", "sunion", "sdiff", "spop", "srandmember" -> true;
            default -> false;
        };
    }

    private String pick(String... xs) {
        return xs[rnd.nextInt(xs.length)];
    }

    private String setKey() {
        return rnd.nextInt(20) == 0 ? pick("str", "z0", "nokey") : "s" + rnd.nextInt(4);
    }

    private String zKey() {
        return rnd.nextInt(20) == 0 ? pick("str", "s0", "nokey") : "z" + rnd.nextInt(4);
    }

    private String lexKey() {
        return "l" + rnd.nextInt(2);
    }

    /** Members: mostly small integers (intset), sometimes words, rarely long strings; pools big enough to pass 128 and 512. */
    private String member() {
        int r = rnd.nextInt(100);
        if (r < 55) return Integer.toString(rnd.nextInt(r < 5 ? 700 : 150));
        if (r < 97) return "m" + rnd.nextInt(160);
        return "long-" + "x".repeat(60 + rnd.nextInt(10)) + rnd.nextInt(5);
    }

    private String score() {
        int r = rnd.nextInt(100);
        if (r < 60) return Integer.toString(rnd.nextInt(41) - 20);
        if (r < 90) return (rnd.nextInt(400) - 200) / 8.0 + "";
        return pick("inf", "-inf", "0", "1e10", "-0.5");
    }

    private String bound() {
        String s = Integer.toString(rnd.nextInt(41) - 20);
        return pick(s, "(" + s, "-inf", "+inf", s);
    }

    private String lexBound() {
        String m = "m" + rnd.nextInt(160);
        return pick("[" + m, "(" + m, "-", "+", "[" + m);
    }

    private String idx() {
        return Integer.toString(rnd.nextInt(60) - 30);
    }

    private String[] withMembers(String[] head, int n) {
        List<String> l = new ArrayList<>(List.of(head));
        for (int i = 0; i < n; i++) l.add(member());
        return l.toArray(new String[0]);
    }

    private String[] zaddArgs(String key, boolean lex) {
        List<String> l = new ArrayList<>(List.of("zadd", key));
        if (!lex && rnd.nextInt(3) == 0) l.add(pick("nx", "xx", "gt", "lt", "ch", "xx", "gt"));
        if (!lex && rnd.nextInt(6) == 0) l.add("ch");
        boolean incr = !lex && rnd.nextInt(8) == 0;
        if (incr) l.add("incr");
        int n = incr ? 1 : 1 + rnd.nextInt(rnd.nextInt(10) == 0 ? 60 : 5);
        for (int i = 0; i < n; i++) {
            l.add(lex ? "0" : score());
            l.add(lex ? "m" + rnd.nextInt(160) : member());
        }
        return l.toArray(new String[0]);
    }

    private String[] next() {
        int r = rnd.nextInt(100);
        if (r < 35) return setCommand();
        if (r < 88) return zsetCommand();
        return lexCommand();
    }

    private String[] setCommand() {
        String k = setKey();
        switch (rnd.nextInt(16)) {
            case 0, 1, 2:
                return withMembers(new String[]{"sadd", k}, 1 + rnd.nextInt(rnd.nextInt(8) == 0 ? 80 : 4));
            case 3, 4:
                return withMembers(new String[]{"srem", k}, 1 + rnd.nextInt(6));
            case 5:
                return new String[]{"sismember", k, member()};
            case 6:
                return withMembers(new String[]{"smismember", k}, 1 + rnd.nextInt(3));
            case 7:
                return new String[]{"scard", k};
            case 8:
                return new String[]{"smove", k, setKey(), member()};
            case 9:
                return new String[]{pick("sinter", "sunion", "sdiff"), k, setKey(), setKey()};
            case 10:
                return new String[]{pick("sinterstore", "sunionstore", "sdiffstore"), setKey(), k, setKey()};
            case 11:
                return new String[]{"sintercard", "2", k, setKey(), "limit", Integer.toString(rnd.nextInt(5))};
            case 12:
                return new String[]{"smembers", k};
            case 13:
                return new String[]{"spop", k, "100000"};
            case 14:
                return new String[]{"srandmember", k, "100000"};
            default:
                return new String[]{"sinter", k};
        }
    }

    private String[] zsetCommand() {
        String k = zKey();
        switch (rnd.nextInt(26)) {
            case 0, 1, 2, 3, 4:
                return zaddArgs(k, false);
            case 5:
                return new String[]{"zincrby", k, score(), member()};
            case 6, 7:
                return withMembers(new String[]{"zrem", k}, 1 + rnd.nextInt(5));
            case 8:
                return new String[]{"zscore", k, member()};
            case 9:
                return withMembers(new String[]{"zmscore", k}, 2);
            case 10:
                return new String[]{pick("zrank", "zrevrank"), k, member()};
            case 11:
                return new String[]{"zrange", k, idx(), idx(), pick("withscores", "rev", "withscores")};
            case 12:
                return new String[]{"zrange", k, bound(), bound(), "byscore", "withscores", "limit", idx(), idx()};
            case 13:
                return new String[]{pick("zrangebyscore", "zrevrangebyscore"), k, bound(), bound(), "withscores"};
            case 14:
                return new String[]{"zcount", k, bound(), bound()};
            case 15:
                return new String[]{pick("zpopmin", "zpopmax"), k, Integer.toString(rnd.nextInt(4))};
            case 16:
                return new String[]{"zmpop", "2", k, zKey(), pick("min", "max"), "count", Integer.toString(1 + rnd.nextInt(3))};
            case 17:
                return new String[]{"zremrangebyrank", k, idx(), idx()};
            case 18:
                return new String[]{"zremrangebyscore", k, bound(), bound()};
            case 19:
                return new String[]{pick("zunion", "zinter"), "2", k, pick(zKey(), setKey()), "weights", pick("1", "2", "0.5", "-1"), "1",
                        "aggregate", pick("sum", "min", "max"), "withscores"};
            case 20:
                return new String[]{pick("zunionstore", "zinterstore", "zdiffstore"), zKey(), "2", k, pick(zKey(), setKey())};
            case 21:
                return new String[]{"zdiff", "2", k, zKey(), "withscores"};
            case 22:
                return new String[]{"zintercard", "2", k, zKey(), "limit", Integer.toString(rnd.nextInt(4))};
            case 23:
                return new String[]{"zrangestore", zKey(), k, idx(), idx()};
            case 24:
                return new String[]{"zrandmember", k, "100000", "withscores"};
            default:
                return new String[]{"zcard", k};
        }
    }

    private String[] lexCommand() {
        String k = lexKey();
        switch (rnd.nextInt(8)) {
            case 0, 1, 2:
                return zaddArgs(k, true);
            case 3:
                return new String[]{pick("zrangebylex", "zrevrangebylex"), k, lexBound(), lexBound(), "limit", idx(), idx()};
            case 4:
                return new String[]{"zlexcount", k, lexBound(), lexBound()};
            case 5:
                return new String[]{"zremrangebylex", k, lexBound(), lexBound()};
            case 6:
                return new String[]{"zrange", k, lexBound(), lexBound(), "bylex", pick("rev", "limit"), "0", "5"};
            default:
                return new String[]{"zrangestore", "l1", k, lexBound(), lexBound(), "bylex"};
        }
    }
}
