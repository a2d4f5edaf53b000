package vigil.server.types.hash;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vigil.server.support.Differential;
import vigil.server.support.RedisProcess;
import vigil.server.support.TestNode;

/** Every hash command, option and error path, reply for reply against Redis 7.0. */
class HashDifferentialTest {
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
    void setGetAndDeleteMatchRedis() throws Exception {
        all("HSET h a 1 b 2", "HSET h a 3 c 4", "HSET h a", "HSET h", "HMSET h d 5 e 6", "HMSET h d", "HSETNX h a 9",
                "HSETNX h f 7", "HGET h a", "HGET h zz", "HGET nop a", "HGET str a", "HMGET h a zz b", "HMGET nop a b",
                "HMGET str a", "HEXISTS h a", "HEXISTS h zz", "HEXISTS nop a", "HEXISTS str a", "HLEN h", "HLEN nop",
                "HLEN str", "HSTRLEN h a", "HSTRLEN h zz", "HSTRLEN nop a", "HSTRLEN str a", "HGETALL h", "HKEYS h",
                "HVALS h", "HGETALL nop", "HKEYS nop", "HVALS nop", "HGETALL str", "HDEL h a zz b", "HDEL h zz",
                "HDEL nop a", "HDEL str a", "HGETALL h", "HDEL h c d e f", "HLEN h", "HGETALL h", "HSET str a b",
                "HSETNX str a b", "HMSET str a b", "HSET h2 f v", "HSET h2 f v2", "HGETALL h2");
    }

    @Test
    void incrementsMatchRedis() throws Exception {
        all("HINCRBY i n 5", "HINCRBY i n -7", "HINCRBY i n x", "HINCRBY i n 9223372036854775807", "HSET i big 9223372036854775807",
                "HINCRBY i big 1", "HSET i min -9223372036854775808", "HINCRBY i min -1", "HSET i s abc", "HINCRBY i s 1",
                "HSET i sp 1x", "HINCRBY i sp 1", "HINCRBY str a 1", "HINCRBY nop2 a 9223372036854775808",
                "HINCRBYFLOAT f x 1.5", "HINCRBYFLOAT f x 0.1", "HINCRBYFLOAT f x 1.5e3", "HINCRBYFLOAT f x -1502.1",
                "HINCRBYFLOAT f y 3.0e3", "HINCRBYFLOAT f y abc", "HINCRBYFLOAT f y inf", "HINCRBYFLOAT f y -inf",
                "HINCRBYFLOAT f y nan", "HINCRBYFLOAT f y 1e309", "HINCRBYFLOAT f y 1e5000", "HSET f z inf", "HINCRBYFLOAT f z 1",
                "HSET f w abc", "HINCRBYFLOAT f w 1", "HSET f big 1e308", "HINCRBYFLOAT f big 1e308", "HINCRBYFLOAT f q 0.0000001",
                "HINCRBYFLOAT f q 10.5", "HINCRBYFLOAT f r -0.0", "HINCRBYFLOAT f t 1.23456789012345678901",
                "HINCRBYFLOAT f u 5", "HINCRBYFLOAT f u 0.3333333333", "HINCRBYFLOAT f n 3", "HINCRBY f n 2", "HINCRBYFLOAT str a 1",
                "HINCRBYFLOAT f v ' 1'", "HINCRBYFLOAT f v 1e", "HINCRBYFLOAT f v .5", "HINCRBYFLOAT f v 5.");
        d.checkUnordered("HGETALL", "f");   // hashtable encoding (long values): order is the dict's
    }

    /** Found by AllTypesDifferentialTest: strtold reads hexadecimal floats, in the value and the increment. */
    @Test
    void hincrbyfloatReadsHexFloats() throws Exception {
        all("HSET hx a 0x10 b 0x1.8p1 c 0x1p-20000 d 0x", "HINCRBYFLOAT hx a 1e-3", "HINCRBYFLOAT hx b 1", "HINCRBYFLOAT hx c 1",
                "HINCRBYFLOAT hx d 1", "HINCRBYFLOAT hx e 0x10", "HINCRBYFLOAT hx e 0X1P4", "HINCRBYFLOAT hx e 0x.8",
                "HINCRBYFLOAT hx e 0x1p99999", "HINCRBYFLOAT hx e -0x2", "HGET hx e");
    }

    /** Subnormal long doubles are floats (strtold's ERANGE only rejects 0 and HUGE_VALL); INCRBYFLOAT agrees. */
    @Test
    void hincrbyfloatAcceptsSubnormals() throws Exception {
        all("HINCRBYFLOAT sub a 1e-4940", "HINCRBYFLOAT sub b 0x1p-16445", "HSET sub c 1e-4940", "HINCRBYFLOAT sub c 1",
                "INCRBYFLOAT subk 1e-4940", "HINCRBYFLOAT sub d 1e-5000", "HGETALL sub");
    }

    @Test
    void hscanCursorIsParsedAsRedisDoes() throws Exception {
        all("HSET cur a 1", "HSCAN cur +0", "HSCAN cur -0", "HSCAN cur +", "HSCAN cur 18446744073709551616",
                "HSCAN cur 0 COUNT 0", "HSCAN cur 0 COUNT x", "HSCAN cur 0 TYPE hash", "HSCAN nokey 0 COUNT 0");
        d.check("HSCAN", "cur", " 0");   // leading space: invalid cursor
        d.check("HSCAN", "nokey", " 1");
        d.check("HSCAN", "cur", "");     // strtoul of "" is 0
    }

    @Test
    void randomFieldAndScanMatchRedisWhereDeterministic() throws Exception {
        all("HSET r a 1 b 2 c 3", "HRANDFIELD r 0", "HRANDFIELD r 3", "HRANDFIELD r 10", "HRANDFIELD r 10 WITHVALUES",
                "HRANDFIELD r 5 withvalues", "HRANDFIELD nop", "HRANDFIELD nop 5", "HRANDFIELD nop -5 WITHVALUES",
                "HRANDFIELD str", "HRANDFIELD str 1", "HRANDFIELD r x", "HRANDFIELD r 1 foo", "HRANDFIELD r 1 withvalues x",
                "HRANDFIELD r -9223372036854775808", "HRANDFIELD r -4611686018427387904 WITHVALUES",
                "HRANDFIELD r 4611686018427387904 WITHVALUES", "HRANDFIELD r 9223372036854775808",
                "HSCAN r 0", "HSCAN r 0 COUNT 100", "HSCAN r 0 MATCH a*", "HSCAN r 0 MATCH *", "HSCAN r 0 COUNT 0",
                "HSCAN r 0 COUNT x", "HSCAN r 0 TYPE string", "HSCAN r 0 MATCH", "HSCAN r x", "HSCAN r -1",
                "HSCAN r 18446744073709551615", "HSCAN r 18446744073709551616", "HSCAN nop 0 COUNT 0", "HSCAN nop x",
                "HSCAN str 0", "HSCAN r 0 NOVALUES", "HSCAN r");
    }
}
