package vigil.server.types.zset;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vigil.server.support.Differential;
import vigil.server.types.support.Pair;

/** Every sorted set command, option and error path, reply for reply against Redis 7.0. */
class ZSetDifferentialTest {
    static Pair pair;
    static Differential d;

    @BeforeAll
    static void start() throws Exception {
        pair = Pair.start();
        d = pair.diff;
    }

    @AfterAll
    static void stop() throws Exception {
        if (pair != null) pair.close();
    }

    @Test
    void zaddOptionsAndScores() throws Exception {
        d.check("zadd", "z1", "1", "a", "2", "b", "1.1", "c", "-inf", "d", "+inf", "e", "-0", "f", "1e300", "g", "0.1", "h");
        d.check("zrange", "z1", "0", "-1", "withscores");
        d.check("zadd", "z1", "nx", "5", "a", "5", "new");
        d.check("zadd", "z1", "xx", "6", "a", "6", "other");
        d.check("zadd", "z1", "xx", "ch", "7", "a", "7", "other2");
        d.check("zadd", "z1", "gt", "ch", "1", "a", "100", "b");
        d.check("zadd", "z1", "lt", "ch", "1", "a", "100", "b");
        d.check("zadd", "z1", "xx", "gt", "ch", "200", "b", "3", "nope");
        d.check("zadd", "z1", "incr", "2.5", "a");
        d.check("zadd", "z1", "nx", "incr", "2.5", "a");
        d.check("zadd", "z1", "xx", "incr", "2.5", "missing");
        d.check("zadd", "z1", "gt", "incr", "-1", "a");
        d.check("zadd", "z1", "lt", "incr", "-1", "a");
        d.check("zadd", "z1", "incr", "0", "a");
        d.check("zadd", "z1", "incr", "-inf", "e");
        d.check("zadd", "z1", "ch", "1", "a", "1", "a");
        d.check("zincrby", "z1", "1.5", "b");
        d.check("zincrby", "z1", "1", "fresh");
        d.check("zincrby", "z1", "x", "b");
        d.check("zincrby", "z1", "nan", "b");
        d.check("zrange", "z1", "0", "-1", "withscores");
        d.check("zadd", "z1", "xx", "1", "a", "2");
        d.check("zadd", "z1", "nx", "xx", "1", "a");
        d.check("zadd", "z1", "gt", "lt", "1", "a");
        d.check("zadd", "z1", "nx", "gt", "1", "a");
        d.check("zadd", "z1", "incr", "1", "a", "2", "b");
        d.check("zadd", "z1", "1", "a", "x", "b");
        d.check("zadd", "z1", "nan", "a");
        d.check("zadd", "z1", " 1", "a");
        d.check("zadd", "z1", "ch");
        d.check("zadd", "znew", "xx", "1", "a");
        d.check("zcard", "znew");
        d.check("zadd", "znew", "xx", "incr", "1", "a");
        d.check("zadd", "zinf", "inf", "a");
        d.check("zadd", "zinf", "incr", "-inf", "a");
        d.check("zincrby", "zinf", "-inf", "a");
        d.check("zscore", "zinf", "a");
    }

    @Test
    void singleMemberReads() throws Exception {
        d.check("zadd", "z2", "1", "a", "2", "b", "3", "c", "3", "d");
        d.check("zscore", "z2", "b");
        d.check("zscore", "z2", "x");
        d.check("zscore", "nokey", "x");
        d.check("zmscore", "z2", "a", "x", "d");
        d.check("zmscore", "nokey", "a", "b");
        d.check("zrank", "z2", "c");
        d.check("zrevrank", "z2", "c");
        d.check("zrank", "z2", "x");
        d.check("zrank", "nokey", "x");
        d.check("zcard", "z2");
        d.check("zcard", "nokey");
        d.check("zrem", "z2", "a", "x", "a");
        d.check("zrem", "nokey", "a");
        d.check("zrem", "z2", "b", "c", "d");
        d.check("zcard", "z2");
    }

    @Test
    void rangesByRankScoreAndLex() throws Exception {
        d.check("zadd", "z3", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e", "5", "f", "6.5", "g");
        String[][] ranks = {{"0", "-1"}, {"1", "3"}, {"-3", "-1"}, {"5", "100"}, {"3", "1"}, {"-100", "1"}, {"10", "20"}, {"-1", "-1"}};
        for (String[] r : ranks) {
            d.check("zrange", "z3", r[0], r[1]);
            d.check("zrange", "z3", r[0], r[1], "withscores");
            d.check("zrange", "z3", r[0], r[1], "rev");
            d.check("zrevrange", "z3", r[0], r[1], "withscores");
        }
        String[][] scores = {{"-inf", "+inf"}, {"2", "5"}, {"(2", "5"}, {"2", "(5"}, {"(2", "(5"}, {"5", "2"}, {"(5", "5"},
                {"5", "5"}, {"-inf", "-inf"}, {"6.5", "inf"}, {"(", "10"}, {"", "3"}};
        for (String[] r : scores) {
            d.check("zrangebyscore", "z3", r[0], r[1]);
            d.check("zrangebyscore", "z3", r[0], r[1], "withscores", "limit", "1", "2");
            d.check("zrevrangebyscore", "z3", r[1], r[0], "withscores");
            d.check("zrevrangebyscore", "z3", r[1], r[0], "limit", "1", "2");
            d.check("zrange", "z3", r[0], r[1], "byscore", "limit", "0", "-1");
            d.check("zrange", "z3", r[1], r[0], "byscore", "rev", "limit", "2", "10", "withscores");
            d.check("zcount", "z3", r[0], r[1]);
        }
        for (String[] lim : new String[][]{{"-1", "2"}, {"0", "0"}, {"100", "1"}, {"1", "-5"}, {"6", "1"}}) {
            d.check("zrangebyscore", "z3", "-inf", "inf", "limit", lim[0], lim[1]);
            d.check("zrevrangebyscore", "z3", "inf", "-inf", "limit", lim[0], lim[1]);
        }
        d.check("zadd", "zl", "0", "a", "0", "b", "0", "c", "0", "dd", "0", "e", "0", "");
        String[][] lex = {{"-", "+"}, {"[b", "[dd"}, {"(b", "(dd"}, {"[c", "+"}, {"-", "(c"}, {"[z", "+"}, {"+", "-"},
                {"-", "-"}, {"+", "+"}, {"[", "[b"}, {"(", "+"}, {"[dd", "[b"}};
        for (String[] r : lex) {
            d.check("zrangebylex", "zl", r[0], r[1]);
            d.check("zrangebylex", "zl", r[0], r[1], "limit", "1", "2");
            d.check("zrevrangebylex", "zl", r[1], r[0]);
            d.check("zrevrangebylex", "zl", r[1], r[0], "limit", "1", "1");
            d.check("zrange", "zl", r[0], r[1], "bylex");
            d.check("zrange", "zl", r[1], r[0], "bylex", "rev", "limit", "0", "3");
            d.check("zlexcount", "zl", r[0], r[1]);
        }
        d.check("zrange", "nokey", "0", "-1");
        d.check("zrangebyscore", "nokey", "0", "1");
        d.check("zrangebylex", "nokey", "-", "+");
        d.check("zcount", "nokey", "0", "1");
        d.check("zlexcount", "nokey", "-", "+");
    }

    @Test
    void rangeErrors() throws Exception {
        d.check("zadd", "z4", "1", "a");
        d.check("set", "zstr", "x");
        for (String[] cmd : new String[][]{
                {"zrange", "z4", "0", "x"}, {"zrange", "z4", "0", "1", "limit", "0", "1"}, {"zrange", "z4", "-", "+", "bylex", "withscores"},
                {"zrange", "z4", "0", "1", "rev", "rev"}, {"zrange", "z4", "0", "1", "byscore", "bylex"}, {"zrange", "z4", "0", "1", "foo"},
                {"zrange", "z4", "0", "1", "limit", "0"}, {"zrange", "z4", "0", "1", "byscore", "limit", "x", "1"},
                {"zrange", "z4", "x", "1", "byscore"}, {"zrange", "z4", "(x", "1", "byscore"}, {"zrange", "z4", "nan", "1", "byscore"},
                {"zrange", "z4", "a", "+", "bylex"}, {"zrange", "z4", "-", "+x", "bylex"}, {"zrange", "z4", "", "+", "bylex"},
                {"zrangebyscore", "z4", "0", "1", "byscore"}, {"zrangebyscore", "z4", "0", "1", "rev"}, {"zrevrangebyscore", "z4", "0", "1", "rev"},
                {"zrangebylex", "z4", "-", "+", "withscores"}, {"zrevrange", "z4", "0", "1", "rev"}, {"zrevrange", "z4", "0", "1", "byscore"},
                {"zrange", "zstr", "0", "1"}, {"zrange", "zstr", "x", "1"}, {"zrange", "nokey", "x", "1"},
                {"zrangebyscore", "zstr", "0", "1"}, {"zcount", "zstr", "0", "1"}, {"zcount", "z4", "x", "1"},
                {"zlexcount", "z4", "x", "+"}, {"zlexcount", "zstr", "-", "+"}, {"zscore", "zstr", "a"}, {"zmscore", "zstr", "a"},
                {"zrank", "zstr", "a"}, {"zrevrank", "zstr", "a"}, {"zcard", "zstr"}, {"zrem", "zstr", "a"}, {"zadd", "zstr", "1", "a"},
                {"zincrby", "zstr", "1", "a"}, {"zadd", "zstr", "x", "a"}, {"zscan", "zstr", "0"},
                {"zadd", "z4", "1"}, {"zincrby", "z4", "1"}, {"zrange", "z4", "0"}, {"zrangestore", "d", "z4", "0"}, {"zcount", "z4", "0"},
                {"zscan", "z4"}, {"zscan", "z4", "x"}, {"zscan", "z4", "0", "count", "0"}, {"zscan", "z4", "0", "novalue"}}) {
            d.check(cmd);
        }
    }

    @Test
    void rangestoreAndRemoveRanges() throws Exception {
        d.check("zadd", "z5", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e");
        d.check("zrangestore", "d5", "z5", "1", "3");
        d.check("zrange", "d5", "0", "-1", "withscores");
        d.check("zrangestore", "d5", "z5", "(1", "4", "byscore", "rev");
        d.check("zrangestore", "d5", "z5", "4", "(1", "byscore", "rev", "limit", "1", "2");
        d.check("zrange", "d5", "0", "-1", "withscores");
        d.check("zrangestore", "d5", "z5", "[b", "[d", "bylex");
        d.check("zrangestore", "d5", "z5", "0", "1", "withscores");
        d.check("zrangestore", "d5", "z5", "10", "20");
        d.check("zcard", "d5");
        d.check("zrangestore", "d5", "z5", "0", "0");
        d.check("zrangestore", "d5", "nokey", "0", "-1");
        d.check("zcard", "d5");
        d.check("set", "zs5", "x");
        d.check("zrangestore", "zs5", "z5", "0", "0");
        d.check("zrange", "zs5", "0", "-1");
        d.check("zrangestore", "d5", "zs5", "0", "0");
        d.check("zremrangebyrank", "z5", "1", "1");
        d.check("zremrangebyrank", "z5", "-1", "-1");
        d.check("zremrangebyrank", "z5", "5", "10");
        d.check("zremrangebyrank", "z5", "x", "10");
        d.check("zremrangebyscore", "z5", "(1", "3");
        d.check("zremrangebyscore", "z5", "x", "3");
        d.check("zrange", "z5", "0", "-1", "withscores");
        d.check("zadd", "z6", "0", "a", "0", "b", "0", "c");
        d.check("zremrangebylex", "z6", "[a", "(c");
        d.check("zremrangebylex", "z6", "x", "(c");
        d.check("zremrangebylex", "z6", "-", "+");
        d.check("zcard", "z6");
        d.check("zremrangebyrank", "nokey", "0", "1");
        d.check("zremrangebyscore", "zs5", "0", "1");
        d.check("zremrangebyrank", "z5", "0", "-1");
        d.check("zcard", "z5");
    }

    @Test
    void popsAndMpop() throws Exception {
        d.check("zadd", "p1", "1", "a", "2", "b", "3", "c", "4", "d");
        d.check("zpopmin", "p1");
        d.check("zpopmax", "p1", "1");
        d.check("zpopmin", "p1", "0");
        d.check("zpopmin", "p1", "-1");
        d.check("zpopmin", "p1", "x");
        d.check("zpopmin", "p1", "1", "2");
        d.check("zpopmax", "p1", "10");
        d.check("zpopmin", "p1");
        d.check("zpopmin", "p1", "3");
        d.check("zadd", "p2", "1", "a", "2", "b", "3", "c");
        d.check("zmpop", "2", "nokey", "p2", "min");
        d.check("zmpop", "2", "nokey", "p2", "max", "count", "10");
        d.check("zmpop", "1", "p2", "min");
        d.check("zmpop", "0", "p2", "min");
        d.check("zmpop", "x", "p2", "min");
        d.check("zmpop", "2", "p2", "min");
        d.check("zmpop", "1", "p2", "foo");
        d.check("zmpop", "1", "p2", "min", "count", "0");
        d.check("zmpop", "1", "p2", "min", "count", "x");
        d.check("zmpop", "1", "p2", "min", "count", "1", "count", "1");
        d.check("zmpop", "1", "p2", "min", "foo");
        d.check("set", "pstr", "x");
        d.check("zmpop", "2", "pstr", "p2", "min");
        d.check("zpopmin", "pstr");
        d.check("zadd", "p3", "1", "a", "2", "b");
        d.check("bzpopmin", "nokey", "p3", "0");
        d.check("bzpopmax", "p3", "0.5");
        d.check("bzpopmin", "p3", "x");
        d.check("bzpopmin", "p3", "-1");
        d.check("bzpopmin", "pstr", "0");
        d.check("zadd", "p4", "1", "a", "2", "b", "3", "c");
        d.check("bzmpop", "0", "2", "nokey", "p4", "max", "count", "2");
        d.check("bzmpop", "0", "1", "p4", "min");
        d.check("bzmpop", "-1", "1", "p4", "min");
        d.check("bzmpop", "x", "1", "p4", "min");
        d.check("bzmpop", "0", "0", "p4", "min");
        d.check("bzmpop", "0", "1", "pstr", "min");
    }

    @Test
    void algebra() throws Exception {
        d.check("zadd", "u1", "1", "a", "2", "b", "3", "c");
        d.check("zadd", "u2", "10", "b", "20", "c", "30", "d", "inf", "e");
        d.check("zadd", "u3", "-inf", "e", "1", "c");
        d.check("sadd", "us", "a", "d", "x");
        for (String op : new String[]{"zunion", "zinter"}) {
            d.check(op, "2", "u1", "u2");
            d.check(op, "2", "u1", "u2", "withscores");
            d.check(op, "3", "u1", "u2", "u3", "withscores");
            d.check(op, "2", "u2", "u3", "withscores");
            d.check(op, "2", "u1", "us", "withscores");
            d.check(op, "2", "u1", "u2", "weights", "2", "0.5", "withscores");
            d.check(op, "2", "u2", "u3", "weights", "0", "1", "withscores");
            d.check(op, "2", "u1", "u2", "aggregate", "min", "withscores");
            d.check(op, "2", "u1", "u2", "aggregate", "max", "withscores", "weights", "1", "-1");
            d.check(op, "2", "u1", "nokey", "withscores");
            d.check(op, "1", "u1", "u1");
            d.check(op, "2", "u1", "u1", "withscores");
            d.check(op + "store", "dst", "2", "u1", "u2", "weights", "1", "2");
            d.check("zrange", "dst", "0", "-1", "withscores");
            d.check(op + "store", "dst", "2", "u1", "u2", "withscores");
            d.check(op, "2", "u1", "u2", "weights", "1");
            d.check(op, "2", "u1", "u2", "weights", "1", "x");
            d.check(op, "2", "u1", "u2", "aggregate", "avg");
            d.check(op, "2", "u1", "u2", "aggregate");
            d.check(op, "2", "u1", "u2", "limit", "1");
        }
        d.check("zdiff", "2", "u2", "u1", "withscores");
        d.check("zdiff", "3", "u2", "u1", "u3");
        d.check("zdiff", "1", "nokey");
        d.check("zdiff", "2", "u1", "us", "withscores");
        d.check("zdiff", "2", "u1", "u2", "weights", "1", "1");
        d.check("zdiff", "2", "u1", "u2", "aggregate", "sum");
        d.check("zdiffstore", "dst", "2", "u2", "u1");
        d.check("zrange", "dst", "0", "-1", "withscores");
        d.check("zdiffstore", "dst", "1", "nokey");
        d.check("zcard", "dst");
        d.check("zintercard", "2", "u1", "u2");
        d.check("zintercard", "2", "u1", "u2", "limit", "1");
        d.check("zintercard", "2", "u1", "us");
        d.check("zintercard", "2", "u1", "u2", "limit", "-1");
        d.check("zintercard", "2", "u1", "u2", "weights", "1", "1");
        d.check("zintercard", "0", "u1");
        d.check("set", "ustr", "x");
        for (String op : new String[]{"zunion", "zinter", "zdiff", "zintercard"}) {
            d.check(op, "0", "u1");
            d.check(op, "x", "u1");
            d.check(op, "-1", "u1");
            d.check(op, "3", "u1", "u2");
            d.check(op, "2", "u1", "ustr");
        }
        d.check("zunionstore", "dst", "0", "u1");
        d.check("zunionstore", "ustr", "1", "u1");
        d.check("zrange", "ustr", "0", "-1");
    }

    @Test
    void randomMemberShapesAndScan() throws Exception {
        d.check("zadd", "r1", "3", "c", "1", "a", "2", "b", "0", "d", "5", "e");
        d.check("zrandmember", "nokey");
        d.check("zrandmember", "nokey", "5");
        d.check("zrandmember", "r1", "0");
        d.check("zrandmember", "r1", "5");
        d.check("zrandmember", "r1", "50", "withscores");
        d.check("zrandmember", "r1", "1", "withscore");
        d.check("zrandmember", "r1", "1", "withscores", "x");
        d.check("zrandmember", "r1", "x");
        d.check("zrandmember", "r1", "-9223372036854775807", "withscores");
        d.check("zrandmember", "r1", "-9223372036854775808");
        d.check("zscan", "r1", "0");
        d.check("zscan", "r1", "0", "match", "[ab]");
        d.check("zscan", "nokey", "0");
        d.check("zadd", "r2", "1.1", "x", "-0", "y", "inf", "z", "1e-7", "w");
        d.check("zscan", "r2", "0");
        d.check("zrange", "r2", "0", "-1", "withscores");
    }

    /** Found by AllTypesDifferentialTest: scores parse as getDoubleFromObject, and huge LIMITs. */
    @Test
    void scoreParsingAsStrtodAndLimitsNearLongMax() throws Exception {
        for (String score : new String[]{"1e400", "-1e400", "1e-400", "1e-310", "0x10", "0x1p3", "0x", "1f", "1d", "0x1.8p1", "infinity", "-Infinity"}) {
            d.check("zadd", "fz", score, "m");
            d.check("zscore", "fz", "m");
            d.check("zincrby", "fz", score, "n");
        }
        d.check("zadd", "fz2", "1", "a", "2", "b", "3", "c", "4", "d");
        d.check("zunion", "2", "fz2", "fz2", "weights", "1e400", "1");
        d.check("zunion", "2", "fz2", "fz2", "weights", "0x10", "1e-400", "withscores");
        d.check("zunion", "2", "fz2", "fz2", "weights", "0x10", "1", "withscores");
        d.check("zrangebyscore", "fz2", "1e400", "1e400");
        d.check("zrangebyscore", "fz2", "0x1", "0x3");
        String max = "9223372036854775807";
        for (String key : new String[]{"fz2", "fzbig"}) {
            if (key.equals("fzbig")) for (int i = 0; i < 200; i++) d.check("zadd", key, Integer.toString(i % 7), "m" + i);
            d.check("zrange", key, "0", "10", "byscore", "limit", "2", max);
            d.check("zrange", key, "0", "10", "byscore", "limit", max, "5");
            d.check("zrange", key, "10", "0", "byscore", "rev", "limit", "1", max);
            d.check("zrange", key, "10", "0", "byscore", "rev", "limit", max, max);
            d.check("zrangebyscore", key, "-inf", "+inf", "limit", "1", max);
            d.check("zrangestore", "fzdst", key, "0", "10", "byscore", "limit", "1", max);
            d.check("zrange", key, "-", "+", "bylex", "limit", max, "2");
        }
    }
}
