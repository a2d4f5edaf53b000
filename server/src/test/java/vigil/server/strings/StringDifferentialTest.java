package vigil.server.strings;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vigil.client.BlockingClient;
import vigil.server.support.Differential;
import vigil.server.support.RedisProcess;
import vigil.server.support.TestNode;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every string and bit command, option and error path, run on Vigil and on Redis 7.0 with
 * byte-identical replies required. Keys holding another type are made with LPUSH on Redis and
 * with a placeholder object on Vigil (collections come later).
 */
class StringDifferentialTest {
    static TestNode node;
    static RedisProcess redis;
    static BlockingClient redisClient;

    @BeforeAll
    static void start() throws Exception {
        RedisProcess.assumeAvailable();
        node = TestNode.start();
        redis = RedisProcess.start();
        redisClient = redis.raw();
    }

    @AfterAll
    static void stop() throws Exception {
        if (node != null) node.close();
        if (redisClient != null) redisClient.close();
        if (redis != null) redis.close();
    }

    Differential diff() throws Exception {
        return new Differential(node.raw(), redis.raw());
    }

    /** Makes key hold a non-string on both servers. */
    static void wrongType(String key) throws Exception {
        redisClient.call("DEL", key);
        redisClient.call("LPUSH", key, "x");
        node.node.onLoop(() -> {
            node.node.server().keyspace.db(0).set(key.getBytes(), new Object(), false);
            return null;
        });
    }

    static byte[] b(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    @Test
    void objectEncodingFollowsHowTheStringWasBuilt() throws Exception {
        try (Differential d = diff()) {
            String[][] steps = {
                    {"SET", "enc", "abc"}, {"APPEND", "enc", "d"},
                    {"SET", "enc", "abc"}, {"SETRANGE", "enc", "1", "x"},
                    {"SET", "enc", "1.5"}, {"INCRBYFLOAT", "enc", "1.5"},
                    {"SET", "enc", "12"}, {"INCR", "enc"},
                    {"SET", "enc", "abc"}, {"SETBIT", "enc", "1", "1"},
                    {"SET", "enc", "12"}, {"APPEND", "enc", "3"},
                    {"GETSET", "enc", "123"},
                    {"SET", "enc", "abc"}, {"GETEX", "enc", "EX", "100"},
                    {"DEL", "enc"}, {"SETRANGE", "enc", "0", "abc"},
                    {"DEL", "enc"}, {"APPEND", "enc", "12"},
                    {"SET", "enc", "x".repeat(44)}, {"SET", "enc", "x".repeat(45)},
                    {"DEL", "enc"}, {"BITOP", "OR", "enc", "nokey1", "nokey2"},
                    {"SET", "src", "ab"}, {"BITOP", "NOT", "enc", "src"},
            };
            for (String[] step : steps) {
                d.check(step);
                d.check("OBJECT", "ENCODING", "enc");
            }
        }
    }

    @Test
    void setFamilyMatchesRedis() throws Exception {
        try (Differential d = diff()) {
            wrongType("s:list");
            String[][] cmds = {
                {"SET", "s:a", "1"}, {"SET", "s:a", "2", "NX"}, {"SET", "s:a", "3", "XX"}, {"GET", "s:a"},
                {"SET", "s:b", "1", "XX"}, {"SET", "s:b", "1", "NX", "XX"}, {"SET", "s:b", "1", "XX", "NX"},
                {"SET", "s:b", "1", "NX", "NX"}, {"SET", "s:b", "2", "GET"}, {"SET", "s:b", "3", "GET", "GET"},
                {"SET", "s:b", "4", "NX", "GET"}, {"SET", "s:nb", "4", "XX", "GET"}, {"SET", "s:nb2", "4", "NX", "GET"},
                {"SET", "s:b", "1", "EX", "10", "EX", "20"}, {"SET", "s:b", "1", "EX", "10", "PX", "20"},
                {"SET", "s:b", "1", "EX", "10", "KEEPTTL"}, {"SET", "s:b", "1", "KEEPTTL", "EX", "10"},
                {"SET", "s:b", "1", "KEEPTTL", "KEEPTTL"}, {"SET", "s:b", "1", "PX"}, {"SET", "s:b", "1", "EX"},
                {"SET", "s:b", "1", "EX", "0"}, {"SET", "s:b", "1", "EX", "-1"}, {"SET", "s:b", "1", "EX", "abc"},
                {"SET", "s:b", "1", "PX", "0"}, {"SET", "s:b", "1", "EXAT", "0"}, {"SET", "s:b", "1", "PXAT", "-5"},
                {"SET", "s:b", "1", "EX", "9223372036854775807"}, {"SET", "s:b", "1", "EX", "9223372036854776"},
                {"SET", "s:b", "1", "EX", "9223372036854775"}, {"SET", "s:b", "1", "PX", "9223372036854775807"},
                {"SET", "s:b", "1", "EXAT", "9223372036854775"}, {"SET", "s:b", "1", "PXAT", "9223372036854775807"},
                {"GET", "s:b"}, {"SET", "s:b", "1", "PXAT", "1"}, {"GET", "s:b"}, {"SET", "s:b", "1", "EXAT", "1", "GET"},
                {"SET", "s:b", "1", "FOO"}, {"SET", "s:b", "1", "ex", "5", "nx"}, {"SET", "s:b", "1", "PERSIST"},
                {"SET", "s:list", "v", "GET"}, {"SET", "s:list", "v", "NX"}, {"SET", "s:list", "v", "NX", "GET"},
                {"GET", "s:list"}, {"SET", "s:list", "v", "EX", "abc", "GET"}, {"SET", "s:list", "v", "FOO", "GET"},
                {"SET", "s:k"}, {"SET"}, {"GET"}, {"GET", "a", "b"},
                {"SETNX", "s:n", "1"}, {"SETNX", "s:n", "2"}, {"GET", "s:n"}, {"SETNX", "s:list", "2"}, {"SETNX", "s:n"},
                {"SETEX", "s:e", "100", "v"}, {"GET", "s:e"}, {"SETEX", "s:e", "0", "v"}, {"SETEX", "s:e", "-1", "v"},
                {"SETEX", "s:e", "x", "v"}, {"SETEX", "s:e", "9223372036854775807", "v"}, {"SETEX", "s:list", "10", "v"},
                {"PSETEX", "s:e", "100000", "w"}, {"GET", "s:e"}, {"PSETEX", "s:e", "0", "v"}, {"PSETEX", "s:e", "9223372036854775807", "v"},
                {"SETEX", "s:e", "10"}, {"PSETEX", "s:e"}, {"GET", "s:list"},
                {"GETSET", "s:g", "1"}, {"GETSET", "s:g", "2"}, {"GETSET", "s:list", "2"}, {"GET", "s:g"},
                {"GETDEL", "s:g"}, {"GETDEL", "s:g"}, {"GETDEL", "s:list"}, {"GETDEL", "s:g", "x"},
                {"SET", "s:x", "val"}, {"GETEX", "s:x"}, {"GETEX", "s:x", "EX", "100"}, {"GETEX", "s:x", "PX", "100000"},
                {"GETEX", "s:x", "EXAT", "99999999999"}, {"GETEX", "s:x", "PXAT", "99999999999999"}, {"GETEX", "s:x", "PERSIST"},
                {"GETEX", "s:x", "PERSIST", "EX", "10"}, {"GETEX", "s:x", "EX", "10", "PERSIST"}, {"GETEX", "s:x", "EX", "10", "EX", "20"},
                {"GETEX", "s:x", "EX", "10", "PX", "20"}, {"GETEX", "s:x", "KEEPTTL"}, {"GETEX", "s:x", "NX"}, {"GETEX", "s:x", "GET"},
                {"GETEX", "s:x", "EX"}, {"GETEX", "s:x", "EX", "0"}, {"GETEX", "s:x", "EX", "abc"}, {"GETEX", "s:x", "PX", "-1"},
                {"GETEX", "s:missing", "EX", "abc"}, {"GETEX", "s:missing", "FOO"}, {"GETEX", "s:list", "EX", "abc"},
                {"GETEX", "s:list"}, {"GETEX", "s:list", "FOO"}, {"GETEX", "s:x", "EXAT", "1"}, {"GET", "s:x"},
                {"SET", "s:x", "v"}, {"GETEX", "s:x", "PXAT", "1"}, {"GET", "s:x"}, {"GETEX"},
                {"MSET", "s:m1", "a", "s:m2", "b"}, {"MGET", "s:m1", "s:m2", "s:nope", "s:list", "s:m1"},
                {"MSET", "s:m1"}, {"MSET", "s:m1", "a", "s:m2"}, {"MSET"}, {"MGET"},
                {"MSETNX", "s:m1", "x", "s:m3", "y"}, {"MGET", "s:m1", "s:m3"}, {"MSETNX", "s:m3", "x", "s:m4", "y"},
                {"MSETNX", "s:m3", "x", "s:m4"}, {"MSETNX", "s:list", "x"}, {"MGET", "s:m3", "s:m4"},
                {"MSET", "s:dup", "1", "s:dup", "2"}, {"GET", "s:dup"}, {"MSET", "s:list", "now-a-string"}, {"GET", "s:list"},
                {"APPEND", "s:ap", "hello"}, {"APPEND", "s:ap", " world"}, {"GET", "s:ap"}, {"APPEND", "s:ap", ""},
                {"APPEND", "s:ap0", ""}, {"GET", "s:ap0"}, {"STRLEN", "s:ap"}, {"STRLEN", "s:ap0"}, {"STRLEN", "s:none"},
                {"STRLEN", "s:ap", "x"}, {"APPEND", "s:ap"},
            };
            for (String[] c : cmds) d.check(c);
            wrongType("s:list");
            d.check("APPEND", "s:list", "x");
            d.check("STRLEN", "s:list");
            d.check("MSETNX", "s:list", "x");
            assertTrue(d.count() > 100);
        }
    }

    @Test
    void binaryValuesSurviveUnchanged() throws Exception {
        try (Differential d = diff()) {
            byte[] bin = {0, '\r', '\n', (byte) 0xff, 'a', 0, (byte) 0x80};
            d.check(b("SET"), b("bin:k"), bin);
            d.check(b("GET"), b("bin:k"));
            d.check(b("APPEND"), b("bin:k"), bin);
            d.check(b("GETRANGE"), b("bin:k"), b("1"), b("-2"));
            d.check(b("SETRANGE"), b("bin:k"), b("3"), bin);
            d.check(b("GET"), b("bin:k"));
            d.check(b("STRLEN"), b("bin:k"));
            d.check(b("SET"), b("bin:\0key\r\n"), b(""));
            d.check(b("GET"), b("bin:\0key\r\n"));
            d.check(b("MGET"), b("bin:k"), b("bin:\0key\r\n"));
            d.check(b("SET"), b("bin:k"), b("v"), b("nx\0junk"));
            d.check(b("SET"), b("bin:k"), b("v"), b("get\0"));
            d.check(b("INCRBYFLOAT"), b("bin:f"), b("1.5\0garbage"));
            d.check(b("INCRBY"), b("bin:f2"), b("1\0"));
            d.check(b("BITCOUNT"), b("bin:k"));
            d.check(b("LCS"), b("bin:k"), b("bin:k"));
        }
    }

    @Test
    void countersMatchRedis() throws Exception {
        try (Differential d = diff()) {
            wrongType("c:list");
            String[][] cmds = {
                {"INCR", "c:a"}, {"INCR", "c:a"}, {"DECR", "c:a"}, {"DECR", "c:b"}, {"INCRBY", "c:a", "10"},
                {"INCRBY", "c:a", "-100"}, {"DECRBY", "c:a", "-5"}, {"DECRBY", "c:a", "5"}, {"INCRBY", "c:a", "abc"},
                {"INCRBY", "c:a", ""}, {"INCRBY", "c:a", " 1"}, {"INCRBY", "c:a", "+1"}, {"INCRBY", "c:a", "01"},
                {"INCRBY", "c:a", "-0"}, {"INCRBY", "c:a", "1.0"}, {"INCRBY", "c:a", "9223372036854775808"},
                {"SET", "c:max", "9223372036854775807"}, {"INCR", "c:max"}, {"INCRBY", "c:max", "0"}, {"DECR", "c:max"},
                {"SET", "c:min", "-9223372036854775808"}, {"DECR", "c:min"}, {"INCR", "c:min"},
                {"DECRBY", "c:min", "9223372036854775807"}, {"DECRBY", "c:x", "-9223372036854775808"},
                {"INCRBY", "c:x", "-9223372036854775808"}, {"DECRBY", "c:x", "9223372036854775807"}, {"GET", "c:x"},
                {"SET", "c:s", "abc"}, {"INCR", "c:s"}, {"SET", "c:s", ""}, {"INCR", "c:s"}, {"SET", "c:s", "00"}, {"INCR", "c:s"},
                {"SET", "c:s", "-0"}, {"INCR", "c:s"}, {"SET", "c:s", " 5"}, {"INCR", "c:s"}, {"SET", "c:s", "12345678901234567890"},
                {"INCR", "c:s"}, {"SET", "c:s", "1e3"}, {"INCR", "c:s"}, {"INCR", "c:list"}, {"INCRBY", "c:list", "x"},
                {"DECRBY", "c:list", "-9223372036854775808"}, {"INCRBYFLOAT", "c:list", "1"}, {"INCRBYFLOAT", "c:list", "x"},
                {"INCR"}, {"INCRBY", "c:a"}, {"DECRBY", "c:a", "1", "2"},
                {"SET", "c:f", "10.50"}, {"INCRBYFLOAT", "c:f", "0.1"}, {"INCRBYFLOAT", "c:f", "-5"}, {"INCRBYFLOAT", "c:f", "5.0e3"},
                {"INCRBYFLOAT", "c:g", "1.1"}, {"INCRBYFLOAT", "c:g", "1.1"}, {"INCRBYFLOAT", "c:g", "-2.2"},
                {"INCRBYFLOAT", "c:h", "3e20"}, {"INCRBYFLOAT", "c:h", "1"}, {"INCRBYFLOAT", "c:h", "1e308"},
                {"INCRBYFLOAT", "c:h", "1e4000"}, {"INCRBYFLOAT", "c:h2", "1e5000"}, {"INCRBYFLOAT", "c:h2", "1e-5000"},
                {"INCRBYFLOAT", "c:h3", "1e-4940"}, {"INCRBYFLOAT", "c:h3", "0"}, {"INCRBYFLOAT", "c:i", "-0"},
                {"INCRBYFLOAT", "c:i", "-0.0"}, {"INCRBYFLOAT", "c:i", "inf"}, {"INCRBYFLOAT", "c:i", "-inf"},
                {"INCRBYFLOAT", "c:i", "+inf"}, {"INCRBYFLOAT", "c:i", "infinity"}, {"INCRBYFLOAT", "c:i", "nan"},
                {"INCRBYFLOAT", "c:i", "NaN"}, {"INCRBYFLOAT", "c:i", "abc"}, {"INCRBYFLOAT", "c:i", ""},
                {"INCRBYFLOAT", "c:i", " 1"}, {"INCRBYFLOAT", "c:i", "1 "}, {"INCRBYFLOAT", "c:i", "+1.5"},
                {"INCRBYFLOAT", "c:i", ".5"}, {"INCRBYFLOAT", "c:i", "5."}, {"INCRBYFLOAT", "c:i", "1e"},
                {"INCRBYFLOAT", "c:i", "0x10"}, {"INCRBYFLOAT", "c:i", "0x1.8p1"}, {"INCRBYFLOAT", "c:i", "0x"},
                {"INCRBYFLOAT", "c:i", "1E+2"}, {"INCRBYFLOAT", "c:i", "-1e-2"}, {"INCRBYFLOAT", "c:i", "0.1"},
                {"INCRBYFLOAT", "c:i", "0.2"}, {"INCRBYFLOAT", "c:i", "0.30000000000000004"},
                {"INCRBYFLOAT", "c:i", "123456789012345678901234567890"}, {"INCRBYFLOAT", "c:i", "-123456789012345678901234567890"},
                {"INCRBYFLOAT", "c:j", "0.000000000000000001"}, {"INCRBYFLOAT", "c:j", "-0.000000000000000002"},
                {"INCRBYFLOAT", "c:k", "1.7976931348623157e308"}, {"INCRBYFLOAT", "c:k", "1.7976931348623157e308"},
                {"SET", "c:l", "abc"}, {"INCRBYFLOAT", "c:l", "1"}, {"SET", "c:l", "inf"}, {"INCRBYFLOAT", "c:l", "1"},
                {"SET", "c:l", "1e3"}, {"INCRBYFLOAT", "c:l", "1"}, {"INCR", "c:l"}, {"SET", "c:l", "5"}, {"INCRBYFLOAT", "c:l", "1"},
                {"INCRBYFLOAT", "c:l"}, {"INCRBYFLOAT", "c:m", "3.0"}, {"INCR", "c:m"}, {"INCRBYFLOAT", "c:n", "7.0e-1"},
            };
            for (String[] c : cmds) d.check(c);
        }
    }

    @Test
    void rangesMatchRedis() throws Exception {
        try (Differential d = diff()) {
            wrongType("r:list");
            d.check("SET", "r:s", "Hello World");
            long[][] ranges = {{0, 4}, {0, -1}, {-5, -1}, {-1, -5}, {5, 3}, {0, 100}, {-100, 100}, {-100, -100}, {11, 20},
                {10, 10}, {-1, -1}, {3, -3}, {Long.MIN_VALUE, Long.MAX_VALUE}, {Long.MAX_VALUE, Long.MIN_VALUE}, {-12, -11}};
            for (long[] r : ranges) {
                d.check("GETRANGE", "r:s", Long.toString(r[0]), Long.toString(r[1]));
                d.check("SUBSTR", "r:s", Long.toString(r[0]), Long.toString(r[1]));
                d.check("GETRANGE", "r:none", Long.toString(r[0]), Long.toString(r[1]));
            }
            d.check("SET", "r:empty", "");
            d.check("GETRANGE", "r:empty", "0", "-1");
            d.check("GETRANGE", "r:s", "a", "1");
            d.check("GETRANGE", "r:s", "1", "b");
            d.check("GETRANGE", "r:list", "0", "1");
            d.check("GETRANGE", "r:list", "x", "1");
            d.check("GETRANGE", "r:s", "0");
            d.check("SET", "r:n", "12345");
            d.check("INCR", "r:n");
            d.check("GETRANGE", "r:n", "1", "2");
            d.check("SETRANGE", "r:s", "6", "Redis");
            d.check("GET", "r:s");
            d.check("SETRANGE", "r:s", "20", "!");
            d.check("GET", "r:s");
            d.check("SETRANGE", "r:s", "0", "");
            d.check("SETRANGE", "r:s", "100", "");
            d.check("SETRANGE", "r:new", "0", "");
            d.check("GET", "r:new");
            d.check("SETRANGE", "r:new", "5", "x");
            d.check("GET", "r:new");
            d.check("SETRANGE", "r:s", "-1", "x");
            d.check("SETRANGE", "r:s", "abc", "x");
            d.check("SETRANGE", "r:s", "536870911", "");
            d.check("SETRANGE", "r:s", "536870912", "x");
            d.check("SETRANGE", "r:s", "536870911", "xy");
            d.check("SETRANGE", "r:big", "536870912", "x");
            d.check("SETRANGE", "r:big", "9223372036854775807", "x");
            d.check("SETRANGE", "r:list", "0", "x");
            d.check("SETRANGE", "r:list", "-1", "x");
            d.check("SETRANGE", "r:list", "0", "");
            d.check("SETRANGE", "r:n", "0", "9");
            d.check("GET", "r:n");
            d.check("SETRANGE", "r:s", "1");
        }
    }

    @Test
    void bitsMatchRedis() throws Exception {
        try (Differential d = diff()) {
            wrongType("b:list");
            String[][] cmds = {
                {"SETBIT", "b:a", "0", "1"}, {"SETBIT", "b:a", "7", "1"}, {"SETBIT", "b:a", "8", "1"}, {"SETBIT", "b:a", "15", "1"},
                {"SETBIT", "b:a", "7", "0"}, {"SETBIT", "b:a", "7", "0"}, {"GET", "b:a"}, {"GETBIT", "b:a", "0"}, {"GETBIT", "b:a", "7"},
                {"GETBIT", "b:a", "8"}, {"GETBIT", "b:a", "16"}, {"GETBIT", "b:a", "4294967295"}, {"GETBIT", "b:a", "4294967296"},
                {"GETBIT", "b:none", "3"}, {"GETBIT", "b:a", "-1"}, {"GETBIT", "b:a", "x"}, {"GETBIT", "b:list", "0"},
                {"GETBIT", "b:list", "x"}, {"SETBIT", "b:a", "1", "2"}, {"SETBIT", "b:a", "1", "-1"}, {"SETBIT", "b:a", "1", "x"},
                {"SETBIT", "b:a", "-1", "1"}, {"SETBIT", "b:a", "4294967296", "1"}, {"SETBIT", "b:a", "x", "1"},
                {"SETBIT", "b:a", "#1", "1"}, {"SETBIT", "b:list", "1", "1"}, {"SETBIT", "b:list", "1", "5"},
                {"SETBIT", "b:a", "100", "1"}, {"STRLEN", "b:a"}, {"SET", "b:n", "123"}, {"GETBIT", "b:n", "2"}, {"GETBIT", "b:n", "23"},
                {"SETBIT", "b:n", "7", "1"}, {"GET", "b:n"},
                {"SET", "b:s", "foobar"}, {"BITCOUNT", "b:s"}, {"BITCOUNT", "b:s", "0", "0"}, {"BITCOUNT", "b:s", "1", "1"},
                {"BITCOUNT", "b:s", "1", "1", "BYTE"}, {"BITCOUNT", "b:s", "5", "30", "BIT"}, {"BITCOUNT", "b:s", "-1", "-1"},
                {"BITCOUNT", "b:s", "-3", "-1", "bit"}, {"BITCOUNT", "b:s", "-1", "-3"}, {"BITCOUNT", "b:s", "0", "-1", "BIT"},
                {"BITCOUNT", "b:s", "7", "8", "BIT"}, {"BITCOUNT", "b:s", "8", "7", "BIT"}, {"BITCOUNT", "b:s", "0", "1000", "BIT"},
                {"BITCOUNT", "b:s", "-1000", "1000"}, {"BITCOUNT", "b:s", "0"}, {"BITCOUNT", "b:s", "0", "1", "2"},
                {"BITCOUNT", "b:s", "0", "1", "BITS"}, {"BITCOUNT", "b:s", "a", "1"}, {"BITCOUNT", "b:s", "0", "b"},
                {"BITCOUNT", "b:s", "a", "b", "FOO"}, {"BITCOUNT", "b:none"}, {"BITCOUNT", "b:none", "a", "b"},
                {"BITCOUNT", "b:none", "1"}, {"BITCOUNT", "b:list"}, {"BITCOUNT", "b:list", "0", "1"}, {"BITCOUNT"},
                {"BITCOUNT", "b:s", "-9223372036854775808", "9223372036854775807", "BIT"},
                {"SET", "b:p", "\u0000\u00ff\u00f0"}, {"SET", "b:ff", "\u00ff\u00ff\u00ff"}, {"SET", "b:z", "\u0000\u0000\u0000"},
                {"BITPOS", "b:none", "0"}, {"BITPOS", "b:none", "1"}, {"BITPOS", "b:none", "1", "x"}, {"BITPOS", "b:none", "2"},
                {"BITPOS", "b:none", "x"}, {"BITPOS", "b:list", "1"}, {"BITPOS", "b:list", "2"},
                {"BITPOS", "b:s", "1"}, {"BITPOS", "b:s", "0"}, {"BITPOS", "b:ff", "0"}, {"BITPOS", "b:ff", "0", "1"},
                {"BITPOS", "b:ff", "0", "1", "-1"}, {"BITPOS", "b:ff", "0", "3", "BIT"}, {"BITPOS", "b:ff", "0", "3", "-1", "BIT"},
                {"BITPOS", "b:z", "1"}, {"BITPOS", "b:z", "1", "1"}, {"BITPOS", "b:z", "0", "1"}, {"BITPOS", "b:z", "1", "0", "-1", "BIT"},
                {"BITPOS", "b:s", "1", "2"}, {"BITPOS", "b:s", "1", "2", "-1"}, {"BITPOS", "b:s", "1", "-1"}, {"BITPOS", "b:s", "1", "7", "15", "BIT"},
                {"BITPOS", "b:s", "0", "7", "15", "BIT"}, {"BITPOS", "b:s", "1", "9", "9", "BIT"}, {"BITPOS", "b:s", "0", "9", "9", "BIT"},
                {"BITPOS", "b:s", "1", "3", "2"}, {"BITPOS", "b:s", "1", "-1", "-3"}, {"BITPOS", "b:s", "1", "100"},
                {"BITPOS", "b:s", "0", "100"}, {"BITPOS", "b:s", "0", "0", "100"}, {"BITPOS", "b:s", "1", "0", "1", "FOO"},
                {"BITPOS", "b:s", "1", "a"}, {"BITPOS", "b:s", "1", "0", "b"}, {"BITPOS", "b:s", "1", "0", "1", "BIT", "x"},
                {"BITPOS", "b:p", "1"}, {"BITPOS", "b:p", "0"}, {"BITPOS", "b:p", "0", "1"}, {"BITPOS", "b:p", "0", "1", "1"},
                {"BITPOS", "b:p", "0", "8", "19", "BIT"}, {"BITPOS", "b:p", "0", "8", "20", "BIT"}, {"BITPOS", "b:p", "1", "20", "23", "BIT"},
                {"BITPOS", "b:p", "0", "12", "BIT"}, {"BITPOS", "b:p", "0", "-4", "BIT"}, {"BITPOS", "b:p", "0", "-4", "-1", "BIT"},
                {"SET", "b:e", ""}, {"BITPOS", "b:e", "0"}, {"BITPOS", "b:e", "1"}, {"BITCOUNT", "b:e"}, {"BITCOUNT", "b:e", "0", "-1"},
                {"BITOP", "AND", "b:dst", "b:s", "b:p"}, {"GET", "b:dst"}, {"BITOP", "or", "b:dst", "b:s", "b:p", "b:none"},
                {"GET", "b:dst"}, {"BITOP", "XOR", "b:dst", "b:s", "b:s"}, {"GET", "b:dst"}, {"BITOP", "NOT", "b:dst", "b:p"},
                {"GET", "b:dst"}, {"BITOP", "NOT", "b:dst", "b:p", "b:s"}, {"BITOP", "NOT", "b:dst", "b:none"}, {"GET", "b:dst"},
                {"BITOP", "AND", "b:dst", "b:none", "b:none2"}, {"BITOP", "NAND", "b:dst", "b:s"}, {"BITOP", "AND", "b:dst", "b:list"},
                {"BITOP", "AND", "b:list", "b:s"}, {"GET", "b:list"}, {"BITOP", "AND", "b:dst"}, {"BITOP", "and", "b:dst", "b:e"},
                {"BITOP", "AND", "b:dst", "b:s", "b:none"}, {"GET", "b:dst"}, {"BITOP", "NOT", "b:dst", "b:e"},
            };
            for (String[] c : cmds) {
                byte[][] args = new byte[c.length][];
                for (int i = 0; i < c.length; i++) args[i] = b(c[i]);
                d.check(args);
            }
        }
    }

    @Test
    void bitfieldMatchesRedis() throws Exception {
        try (Differential d = diff()) {
            wrongType("f:list");
            String[][] cmds = {
                {"BITFIELD", "f:a", "SET", "i8", "0", "100", "GET", "i8", "0"}, {"BITFIELD", "f:a", "INCRBY", "i8", "0", "100"},
                {"BITFIELD", "f:a", "OVERFLOW", "SAT", "INCRBY", "i8", "0", "100"}, {"BITFIELD", "f:a", "OVERFLOW", "FAIL", "INCRBY", "i8", "0", "1"},
                {"BITFIELD", "f:a", "OVERFLOW", "WRAP", "INCRBY", "i8", "0", "1"}, {"BITFIELD", "f:a", "GET", "u4", "0", "GET", "u4", "4"},
                {"BITFIELD", "f:a", "SET", "u8", "#1", "255", "GET", "u8", "#1"}, {"BITFIELD", "f:a", "INCRBY", "u2", "100", "1"},
                {"BITFIELD", "f:a", "OVERFLOW", "SAT", "INCRBY", "u2", "102", "100", "INCRBY", "u2", "102", "-100"},
                {"BITFIELD", "f:a", "OVERFLOW", "FAIL", "INCRBY", "u2", "102", "100", "INCRBY", "u2", "102", "-100"},
                {"BITFIELD", "f:a", "SET", "i64", "0", "-9223372036854775808", "INCRBY", "i64", "0", "-1"},
                {"BITFIELD", "f:a", "OVERFLOW", "SAT", "INCRBY", "i64", "0", "-1", "INCRBY", "i64", "0", "9223372036854775807"},
                {"BITFIELD", "f:a", "SET", "u63", "0", "-1", "GET", "u63", "0", "GET", "i64", "0", "GET", "i1", "0", "GET", "u1", "0"},
                {"BITFIELD", "f:a", "SET", "i5", "3", "100", "SET", "i5", "3", "-100", "OVERFLOW", "SAT", "SET", "i5", "3", "100"},
                {"BITFIELD", "f:a", "OVERFLOW", "FAIL", "SET", "u3", "1", "8", "SET", "i3", "1", "-5", "SET", "i3", "1", "3"},
                {"GET", "f:a"}, {"BITFIELD", "f:a"}, {"BITFIELD", "f:a", "GET"}, {"BITFIELD", "f:a", "GET", "u8"},
                {"BITFIELD", "f:a", "GET", "u64", "0"}, {"BITFIELD", "f:a", "GET", "i65", "0"}, {"BITFIELD", "f:a", "GET", "i0", "0"},
                {"BITFIELD", "f:a", "GET", "I8", "0"}, {"BITFIELD", "f:a", "GET", "x8", "0"}, {"BITFIELD", "f:a", "GET", "u", "0"},
                {"BITFIELD", "f:a", "GET", "u8", "-1"}, {"BITFIELD", "f:a", "GET", "u8", "#-1"}, {"BITFIELD", "f:a", "GET", "u8", "#"},
                {"BITFIELD", "f:a", "GET", "u8", "4294967296"}, {"BITFIELD", "f:a", "GET", "u8", "4294967288"},
                {"BITFIELD", "f:a", "SET", "u8", "0", "x"}, {"BITFIELD", "f:a", "SET", "u8", "0"}, {"BITFIELD", "f:a", "FOO", "u8", "0"},
                {"BITFIELD", "f:a", "OVERFLOW", "BAD"}, {"BITFIELD", "f:a", "OVERFLOW"}, {"BITFIELD", "f:a", "OVERFLOW", "sat"},
                {"BITFIELD", "f:none", "GET", "i16", "10"}, {"BITFIELD", "f:list", "GET", "i16", "10"}, {"BITFIELD", "f:list", "SET", "i16", "10", "1"},
                {"BITFIELD", "f:list", "GET", "x16", "10"}, {"BITFIELD_RO", "f:a", "GET", "i8", "0", "GET", "u16", "3"},
                {"BITFIELD_RO", "f:a", "SET", "i8", "0", "1"}, {"BITFIELD_RO", "f:a", "INCRBY", "i8", "0", "1"}, {"BITFIELD_RO", "f:a"},
                {"BITFIELD_RO", "f:list", "GET", "i8", "0"}, {"BITFIELD_RO", "f:a", "OVERFLOW", "SAT"},
                {"BITFIELD", "f:new", "OVERFLOW", "FAIL", "SET", "u2", "20", "100"}, {"GET", "f:new"},
                {"BITFIELD", "f:a", "SET", "u8", "#2", "65", "GET", "u8", "16"}, {"GET", "f:a"},
                {"BITFIELD", "f:w", "INCRBY", "u7", "3", "-1", "INCRBY", "u7", "3", "200", "INCRBY", "i7", "3", "-200"},
            };
            for (String[] c : cmds) d.check(c);
        }
    }

    @Test
    void lcsMatchesRedis() throws Exception {
        BlockingClient v = node.raw(), r = redis.raw();
        try (Differential d = new Differential(v, r)) {
            wrongType("l:list");
            d.check("SET", "l:a", "ohmytext");
            d.check("SET", "l:b", "mynewtext");
            String[][] cmds = {
                {"LCS", "l:a", "l:b"}, {"LCS", "l:a", "l:b", "LEN"}, {"LCS", "l:a", "l:b", "IDX"}, {"LCS", "l:a", "l:b", "IDX", "WITHMATCHLEN"},
                {"LCS", "l:a", "l:b", "IDX", "MINMATCHLEN", "4"}, {"LCS", "l:a", "l:b", "IDX", "MINMATCHLEN", "4", "WITHMATCHLEN"},
                {"LCS", "l:a", "l:b", "IDX", "MINMATCHLEN", "-4"}, {"LCS", "l:a", "l:b", "IDX", "MINMATCHLEN", "x"},
                {"LCS", "l:a", "l:b", "IDX", "MINMATCHLEN"}, {"LCS", "l:a", "l:b", "IDX", "LEN"}, {"LCS", "l:a", "l:b", "LEN", "IDX"},
                {"LCS", "l:a", "l:b", "FOO"}, {"LCS", "l:a", "l:b", "WITHMATCHLEN"}, {"LCS", "l:a", "l:b", "LEN", "WITHMATCHLEN"},
                {"LCS", "l:a", "l:none"}, {"LCS", "l:none", "l:none2", "IDX"}, {"LCS", "l:a", "l:list"}, {"LCS", "l:list", "l:a", "FOO"},
                {"LCS", "l:a"}, {"LCS", "l:b", "l:a", "IDX", "WITHMATCHLEN"}, {"LCS", "l:a", "l:a", "IDX"},
            };
            for (String[] c : cmds) d.check(c);
            d.check("SET", "l:c", "abcabcabcxyzxyzaaa");
            d.check("SET", "l:d", "xyzabcaaazzzabc");
            d.check("LCS", "l:c", "l:d", "IDX", "WITHMATCHLEN");
            d.check("LCS", "l:d", "l:c", "IDX", "MINMATCHLEN", "2", "WITHMATCHLEN");
            d.check("LCS", "l:c", "l:d");
            v.call("HELLO", "3");
            r.call("HELLO", "3");
            d.check("LCS", "l:c", "l:d", "IDX", "WITHMATCHLEN");
            d.check("GET", "l:nothing");
            d.check("INCRBYFLOAT", "l:fl", "2.5");
            v.call("HELLO", "2");
            r.call("HELLO", "2");
            String big = "a".repeat(12000);
            d.check("SET", "l:big", big);
            d.check("LCS", "l:big", "l:big", "LEN");
        }
    }
}
