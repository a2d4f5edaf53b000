package vigil.server.types.list;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vigil.server.support.Differential;
import vigil.server.support.RedisProcess;
import vigil.server.support.TestNode;

/** Every list command, option and error path, reply for reply against Redis 7.0. */
class ListDifferentialTest {
    static TestNode node;
    static RedisProcess redis;
    static Differential d;

    @BeforeAll
    static void start() throws Exception {
        redis = RedisProcess.start();
        node = TestNode.start();
        d = new Differential(node.raw(), redis.raw());
        d.check("SET", "str", "x");
    }

    @AfterAll
    static void stop() throws Exception {
        if (d != null) d.close();
        if (node != null) node.close();
        if (redis != null) redis.close();
    }

    private static void all(String... commands) throws Exception {
        for (String cmd : commands) d.check(cmd.split(" "));
    }

    @Test
    void pushesAndPopsMatchRedis() throws Exception {
        all("LPUSH p a b c", "RPUSH p d e", "LRANGE p 0 -1", "LPUSHX p z", "RPUSHX p y", "LPUSHX nop a", "RPUSHX nop a",
                "LPOP p", "RPOP p", "LPOP p 2", "RPOP p 2", "LPOP p 0", "LPOP p 10", "LRANGE p 0 -1", "LLEN p",
                "LPOP p", "LPOP nop 0", "LPOP nop 1", "LPOP nop", "RPOP nop 3", "LPOP p -1", "RPOP p x",
                "LPOP p 1 2", "LPUSH str a", "LPUSHX str a", "RPOP str", "LPOP str 2", "LLEN str", "LLEN nop",
                "LPUSH", "LPUSH p", "RPUSH p 1 2 3", "LPOP p 9223372036854775807", "LLEN p");
    }

    @Test
    void readsMatchRedis() throws Exception {
        all("RPUSH r a b c d e f", "LRANGE r 0 -1", "LRANGE r -3 -1", "LRANGE r 2 1", "LRANGE r -100 100",
                "LRANGE r 5 5", "LRANGE r 6 10", "LRANGE r a 1", "LRANGE r 0 b", "LRANGE nop 0 -1", "LRANGE str 0 -1",
                "LRANGE nop x 1", "LINDEX r 0", "LINDEX r -1", "LINDEX r 6", "LINDEX r -7", "LINDEX r x", "LINDEX nop x",
                "LINDEX str 0", "LINDEX str x", "LRANGE r -9223372036854775808 9223372036854775807");
    }

    @Test
    void editsMatchRedis() throws Exception {
        all("RPUSH e a b a c a d", "LSET e 0 A", "LSET e -1 D", "LSET e 6 x", "LSET e -7 x", "LSET e x y",
                "LSET nop 0 x", "LSET nop x y", "LSET str 0 x", "LRANGE e 0 -1",
                "LREM e 1 a", "LREM e -1 a", "LREM e 0 zz", "RPUSH e a a a", "LREM e 0 a", "LREM e x a", "LREM nop 1 a",
                "LREM str 1 a", "LRANGE e 0 -1",
                "LINSERT e BEFORE b x", "LINSERT e after D y", "LINSERT e before nope z", "LINSERT e middle b z",
                "LINSERT nop before a b", "LINSERT str before a b", "LRANGE e 0 -1",
                "LTRIM e 1 -2", "LRANGE e 0 -1", "LTRIM e 0 100", "LTRIM e x 1", "LTRIM nop 0 1", "LTRIM str 0 1",
                "LTRIM e 5 1", "LLEN e", "RPUSH e2 a b", "LTRIM e2 -1 -1", "LRANGE e2 0 -1", "LREM e2 0 b", "LLEN e2");
    }

    @Test
    void lposMatchesRedis() throws Exception {
        all("RPUSH q a b c a b c a", "LPOS q a", "LPOS q c", "LPOS q z", "LPOS q a RANK 2", "LPOS q a RANK -1",
                "LPOS q a RANK -2", "LPOS q a RANK 4", "LPOS q a COUNT 0", "LPOS q a COUNT 2", "LPOS q a RANK 2 COUNT 0",
                "LPOS q a RANK -1 COUNT 2", "LPOS q a MAXLEN 3", "LPOS q a MAXLEN 3 COUNT 0", "LPOS q a RANK -1 MAXLEN 2 COUNT 0",
                "LPOS q a RANK 0", "LPOS q a COUNT -1", "LPOS q a MAXLEN -1", "LPOS q a COUNT x", "LPOS q a RANK x",
                "LPOS q a foo", "LPOS q a RANK", "LPOS nop a", "LPOS nop a COUNT 1", "LPOS str a",
                "LPOS q a RANK -9223372036854775808", "LPOS q a RANK 9223372036854775808", "LPOS q z COUNT 0");
    }

    @Test
    void movesMatchRedis() throws Exception {
        all("RPUSH m1 a b c", "LMOVE m1 m2 LEFT RIGHT", "LMOVE m1 m2 right left", "LMOVE m1 m1 left right",
                "LRANGE m1 0 -1", "LRANGE m2 0 -1", "LMOVE m1 m2 up left", "LMOVE nop m2 left left", "LMOVE m1 str left left",
                "LMOVE str m1 left left", "RPOPLPUSH m1 m2", "RPOPLPUSH m1 m2", "LLEN m1", "RPOPLPUSH m2 m2",
                "RPOPLPUSH nop m2", "RPOPLPUSH nop str", "RPOPLPUSH m2 str", "LRANGE m2 0 -1",
                "RPUSH mp1 a b c d", "RPUSH mp2 x", "LMPOP 2 nop mp1 LEFT", "LMPOP 2 mp1 mp2 RIGHT COUNT 2",
                "LMPOP 2 mp1 mp2 left COUNT 10", "LMPOP 1 mp2 left", "LMPOP 1 mp2 left", "LMPOP 0 a left", "LMPOP x a left",
                "LMPOP 2 a left", "LMPOP 1 a middle", "LMPOP 1 a left COUNT 0", "LMPOP 1 a left COUNT -1",
                "LMPOP 1 a left COUNT x", "LMPOP 1 a left COUNT 1 COUNT 2", "LMPOP 1 a left foo", "LMPOP 1 a right COUNT",
                "LMPOP 9223372036854775807 a left", "LMPOP 2 nop str left", "LMPOP 1 a", "LMPOP 1");
    }

    @Test
    void blockingFormsThatNeedNotBlockMatchRedis() throws Exception {
        all("RPUSH b1 a b c", "BLPOP nop b1 0", "BRPOP b1 0.5", "BLPOP b1 x", "BLPOP b1 -1", "BLPOP b1 inf", "BLPOP b1 1e300",
                "BLPOP b1 nan", "BLPOP str 0", "BLPOP nop str 0", "BLPOP b1 0x10", "RPUSH b1 x y", "BLMOVE b1 b2 left right 0",
                "BLMOVE b1 b2 up right 0", "BLMOVE b1 b2 left right x", "BLMOVE b1 str left right 0", "BRPOPLPUSH b1 b2 0",
                "BRPOPLPUSH b1 b2 -1", "LRANGE b2 0 -1", "RPUSH b3 1 2 3", "BLMPOP 0 1 b3 left count 2", "BLMPOP 0 2 nop b3 right",
                "BLMPOP -1 1 b3 left", "BLMPOP 0 0 b3 left", "BLMPOP 0 1 b3 up", "BLMPOP x 1 b3 left", "BLMPOP 0 2 nop str left",
                "BLPOP", "BLPOP a", "BLMOVE a b left right", "BLMPOP 0 1 a");
    }
}
