package vigil.server.types.zset;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vigil.server.support.Differential;
import vigil.server.types.support.Pair;

/** RESP3 reply shapes (doubles, sets, nested score pairs) of set and sorted set commands against Redis 7.0. */
class Resp3ShapesDifferentialTest {
    static Pair pair;
    static Differential d;

    @BeforeAll
    static void start() throws Exception {
        pair = Pair.start();
        d = pair.resp3();
    }

    @AfterAll
    static void stop() throws Exception {
        if (d != null) d.close();
        if (pair != null) pair.close();
    }

    @Test
    void sortedSetRepliesUseDoublesAndNestedPairs() throws Exception {
        d.check("zadd", "z", "1.5", "a", "2", "b", "3", "c", "4", "d");
        d.check("zscore", "z", "a");
        d.check("zscore", "z", "nope");
        d.check("zmscore", "z", "a", "nope");
        d.check("zincrby", "z", "1", "a");
        d.check("zadd", "z", "incr", "1", "a");
        d.check("zadd", "z", "nx", "incr", "1", "a");
        d.check("zrange", "z", "0", "-1", "withscores");
        d.check("zrange", "z", "0", "-1");
        d.check("zrangebyscore", "z", "-inf", "inf", "withscores");
        d.check("zunion", "1", "z", "withscores");
        d.check("zinter", "1", "z", "withscores");
        d.check("zdiff", "1", "z", "withscores");
        d.check("zrandmember", "z", "10", "withscores");
        d.check("zscan", "z", "0");
        d.check("zpopmin", "z");
        d.check("zpopmin", "z", "1");
        d.check("zpopmax", "z", "0");
        d.check("zmpop", "1", "z", "max");
        d.check("zmpop", "1", "nokey", "max");
        d.check("bzpopmin", "z", "0");
        d.check("zpopmin", "nokey");
        d.check("zrank", "nokey", "a");
    }

    @Test
    void setRepliesAreSets() throws Exception {
        d.check("sadd", "s", "1", "2", "3");
        d.check("smembers", "s");
        d.check("sinter", "s", "s");
        d.check("sunion", "s", "nokey");
        d.check("sdiff", "s", "nokey");
        d.check("sinter", "s", "nokey");
        d.check("smismember", "s", "1", "9");
        d.check("srandmember", "s", "5");
        d.check("srandmember", "nokey", "5");
        d.check("srandmember", "nokey");
        d.check("spop", "nokey");
        d.check("spop", "nokey", "3");
        d.check("spop", "s", "0");
        d.check("spop", "s", "5");
        d.check("sscan", "nokey", "0");
    }
}
