package vigil.server.types.set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vigil.server.support.Differential;
import vigil.server.types.support.Pair;

/** Every set command and error path, reply for reply against Redis 7.0. */
class SetDifferentialTest {
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
    void addRemoveAndMembership() throws Exception {
        d.check("sadd", "a1", "1", "2", "3", "2");
        d.check("sadd", "a1", "3", "4");
        d.check("smembers", "a1");
        d.check("sadd", "a2", "x", "y", "z");
        d.checkUnordered("smembers", "a2");
        d.check("sismember", "a1", "2");
        d.check("sismember", "a1", "9");
        d.check("sismember", "a2", "x");
        d.check("sismember", "nokey", "x");
        d.check("smismember", "a1", "1", "9", "x", "4");
        d.check("smismember", "nokey", "1", "2");
        d.check("scard", "a1");
        d.check("scard", "nokey");
        d.check("srem", "a1", "1", "9", "1");
        d.check("srem", "nokey", "1");
        d.check("srem", "a2", "x", "y", "z", "w");
        d.check("scard", "a2");
        d.check("smembers", "a2");
        d.check("smembers", "nokey");
        d.check("sadd", "a3", "-5", "007", "9223372036854775807", "-9223372036854775808", "9223372036854775808");
        d.checkUnordered("smembers", "a3");
        d.check("sismember", "a3", "7");
        d.check("sismember", "a3", "007");
    }

    @Test
    void wrongTypeAndArityErrors() throws Exception {
        d.check("set", "str", "v");
        d.check("sadd", "w1", "a");
        for (String[] cmd : new String[][]{
                {"sadd", "str", "a"}, {"srem", "str", "a"}, {"smembers", "str"}, {"sismember", "str", "a"},
                {"smismember", "str", "a"}, {"scard", "str"}, {"spop", "str"}, {"spop", "str", "2"},
                {"srandmember", "str"}, {"srandmember", "str", "2"}, {"smove", "str", "w1", "a"},
                {"smove", "w1", "str", "a"}, {"smove", "nokey", "str", "a"}, {"sinter", "w1", "str"},
                {"sinter", "nokey", "str"}, {"sinterstore", "d", "w1", "str"}, {"sintercard", "2", "nokey", "str"},
                {"sunion", "w1", "str"}, {"sunionstore", "d", "str"}, {"sdiff", "nokey", "str"},
                {"sdiffstore", "d", "w1", "str"}, {"sscan", "str", "0"},
                {"sadd", "k"}, {"srem", "k"}, {"smembers"}, {"sismember", "k"}, {"smismember", "k"}, {"scard"},
                {"spop"}, {"srandmember"}, {"smove", "a", "b"}, {"sinter"}, {"sinterstore", "d"}, {"sintercard", "1"},
                {"sunion"}, {"sunionstore", "d"}, {"sdiff"}, {"sdiffstore", "d"}, {"sscan", "k"},
                {"spop", "w1", "1", "2"}, {"spop", "w1", "-1"}, {"spop", "w1", "x"}, {"srandmember", "w1", "1", "2"},
                {"srandmember", "w1", "x"}, {"srandmember", "w1", "-9223372036854775808"},
                {"sintercard", "0", "w1"}, {"sintercard", "x", "w1"}, {"sintercard", "3", "w1"},
                {"sintercard", "1", "w1", "limit", "-1"}, {"sintercard", "1", "w1", "limit", "x"},
                {"sintercard", "1", "w1", "limit"}, {"sintercard", "1", "w1", "foo", "1"},
                {"sscan", "w1", "x"}, {"sscan", "w1", " 1"}, {"sscan", "w1", "0", "count", "0"},
                {"sscan", "w1", "0", "count", "x"}, {"sscan", "w1", "0", "type", "string"}, {"sscan", "w1", "0", "match"},
                {"sscan", "nokey", "0", "count", "0"}, {"sscan", "w1", "18446744073709551616"}}) {
            d.check(cmd);
        }
    }

    @Test
    void smoveBetweenSets() throws Exception {
        d.check("sadd", "m1", "1", "2", "a");
        d.check("sadd", "m2", "2");
        d.check("smove", "m1", "m2", "1");
        d.check("smove", "m1", "m2", "2");
        d.check("smove", "m1", "m2", "9");
        d.check("smove", "m1", "m1", "a");
        d.check("smove", "m1", "m1", "zz");
        d.check("smove", "m1", "m3", "a");
        d.check("smembers", "m1");
        d.check("smembers", "m2");
        d.check("smembers", "m3");
        d.check("smove", "m1", "m3", "a");
        d.check("smove", "nokey", "m3", "a");
    }

    @Test
    void algebraAndStores() throws Exception {
        d.check("sadd", "g1", "1", "2", "3", "4", "a");
        d.check("sadd", "g2", "3", "4", "5", "a", "b");
        d.check("sadd", "g3", "4", "5", "6");
        for (String op : new String[]{"sinter", "sunion", "sdiff"}) {
            d.checkUnordered(op, "g1", "g2");
            d.checkUnordered(op, "g1", "g2", "g3");
            d.checkUnordered(op, "g1", "nokey");
            d.checkUnordered(op, "nokey", "g1");
            d.checkUnordered(op, "g1", "g1");
            d.checkUnordered(op, "g3");
            d.check(op + "store", "dst-" + op, "g1", "g2");
            d.checkUnordered("smembers", "dst-" + op);
            d.check(op + "store", "dst-" + op, "g3", "g3", "nokey");
            d.checkUnordered("smembers", "dst-" + op);
            d.check(op + "store", "dst-" + op, "nokey");
            d.check("scard", "dst-" + op);
            d.check(op + "store", "dst-" + op, "nokey");
        }
        d.check("set", "sstr", "x");
        d.check("sunionstore", "sstr", "g3");
        d.checkUnordered("smembers", "sstr");
        d.check("sintercard", "2", "g1", "g2");
        d.check("sintercard", "2", "g1", "g2", "limit", "1");
        d.check("sintercard", "2", "g1", "g2", "limit", "0");
        d.check("sintercard", "2", "g1", "nokey");
        d.check("sintercard", "1", "g1", "limit", "2", "limit", "100");
    }

    @Test
    void randomMembersHaveRedisShapes() throws Exception {
        d.check("sadd", "r1", "1", "2", "3");
        d.check("srandmember", "nokey");
        d.check("srandmember", "nokey", "3");
        d.check("srandmember", "r1", "0");
        d.check("srandmember", "r1", "3");
        d.check("srandmember", "r1", "10");
        d.check("spop", "nokey");
        d.check("spop", "nokey", "2");
        d.check("spop", "r1", "0");
        d.check("spop", "r1", "5");
        d.check("scard", "r1");
        d.check("sadd", "r2", "a", "b", "c");
        d.checkUnordered("spop", "r2", "3");
        d.check("sadd", "r3", "x");
        d.check("spop", "r3");
        d.check("scard", "r3");
    }

    @Test
    void scanWholeSmallSets() throws Exception {
        d.check("sadd", "c1", "5", "1", "3");
        d.check("sscan", "c1", "0");
        d.check("sscan", "c1", "0", "match", "[13]", "count", "1");
        d.check("sscan", "c1", "-1");
        d.check("sscan", "c1", "+7");
        d.check("sscan", "c1", "");
        d.check("sscan", "nokey", "0");
    }
}
