package vigil.server.strings;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.BitCountOption;
import redis.clients.jedis.args.BitOP;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.BitPosParams;
import redis.clients.jedis.params.GetExParams;
import redis.clients.jedis.params.LCSParams;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.resps.LCSMatchResult;
import vigil.server.keyspace.Dict;
import vigil.server.support.TestNode;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** String and bit commands through Jedis: each command and option, TTL effects, WRONGTYPE. */
class StringCommandsTest {
    static final String WRONGTYPE = "WRONGTYPE Operation against a key holding the wrong kind of value";
    static TestNode node;
    static Jedis j;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start();
        j = node.jedis();
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    /** The key's absolute expiry in ms (-1 none, -2 missing), read on the node's loop. */
    static long expireAt(String key) throws Exception {
        return node.node.onLoop(() -> {
            Dict.Node n = node.node.server().keyspace.db(0).find(key.getBytes());
            return n == null ? -2L : n.expireAt;
        });
    }

    static void storeNonString(String key) throws Exception {
        node.node.onLoop(() -> node.node.server().keyspace.db(0).set(key.getBytes(), new Object(), false));
    }

    static String error(Runnable r) {
        return assertThrows(JedisDataException.class, r::run).getMessage();
    }

    @Test
    void setOptionsControlExistenceAndTtl() throws Exception {
        assertEquals("OK", j.set("t:a", "1"));
        assertNull(j.set("t:a", "2", SetParams.setParams().nx()));
        assertEquals("OK", j.set("t:a", "3", SetParams.setParams().xx()));
        assertNull(j.set("t:missing", "3", SetParams.setParams().xx()));
        assertEquals("3", j.setGet("t:a", "4"));
        assertNull(j.setGet("t:fresh", "x"));
        long before = System.currentTimeMillis();
        j.set("t:a", "5", SetParams.setParams().ex(100));
        long at = expireAt("t:a");
        assertTrue(at >= before + 100_000 && at <= System.currentTimeMillis() + 100_000, "EX sets now+100s: " + at);
        j.set("t:a", "6", SetParams.setParams().keepTtl());
        assertEquals(at, expireAt("t:a"));
        j.set("t:a", "7");
        assertEquals(-1, expireAt("t:a"));
        j.set("t:a", "8", SetParams.setParams().pxAt(99_999_999_999_999L));
        assertEquals(99_999_999_999_999L, expireAt("t:a"));
        j.set("t:a", "9", SetParams.setParams().exAt(99_999_999_999L));
        assertEquals(99_999_999_999_000L, expireAt("t:a"));
        j.set("t:a", "10", SetParams.setParams().px(5000));
        assertTrue(expireAt("t:a") > System.currentTimeMillis());
        assertEquals("ERR invalid expire time in 'set' command", error(() -> j.set("t:a", "x", SetParams.setParams().ex(0))));
        assertEquals("ERR syntax error", error(() -> j.sendCommand(() -> "SET".getBytes(), "t:a", "v", "NX", "XX")));
    }

    @Test
    void expiredKeysReadAsMissing() throws Exception {
        j.set("t:old", "v", SetParams.setParams().pxAt(1));
        assertNull(j.get("t:old"));
        assertEquals(1, j.setnx("t:old", "again"));
        assertEquals("again", j.get("t:old"));
    }

    @Test
    void setnxSetexPsetexAndMultiKeyForms() throws Exception {
        assertEquals(1, j.setnx("t:n", "a"));
        assertEquals(0, j.setnx("t:n", "b"));
        assertEquals("OK", j.setex("t:e", 50, "v"));
        assertTrue(expireAt("t:e") > System.currentTimeMillis() + 49_000);
        assertEquals("OK", j.psetex("t:p", 50_000, "v"));
        assertTrue(expireAt("t:p") > System.currentTimeMillis() + 49_000);
        assertEquals("ERR invalid expire time in 'setex' command", error(() -> j.setex("t:e", -1, "v")));
        assertEquals("ERR invalid expire time in 'psetex' command", error(() -> j.psetex("t:e", 0, "v")));
        assertEquals("OK", j.mset("t:m1", "1", "t:m2", "2"));
        assertEquals(Arrays.asList("1", "2", null), j.mget("t:m1", "t:m2", "t:m3"));
        assertEquals(0, j.msetnx("t:m1", "x", "t:m3", "y"));
        assertNull(j.get("t:m3"));
        assertEquals(1, j.msetnx("t:m3", "x", "t:m4", "y"));
        assertEquals("ERR wrong number of arguments for 'mset' command", error(() -> j.sendCommand(() -> "MSET".getBytes(), "t:m1", "1", "t:m2")));
    }

    @Test
    void getexSetsAndClearsTtl() throws Exception {
        j.set("t:x", "v");
        assertEquals("v", j.getEx("t:x", GetExParams.getExParams().ex(100)));
        assertTrue(expireAt("t:x") > System.currentTimeMillis() + 99_000);
        assertEquals("v", j.getEx("t:x", GetExParams.getExParams().persist()));
        assertEquals(-1, expireAt("t:x"));
        assertEquals("v", j.getEx("t:x", GetExParams.getExParams().pxAt(99_999_999_999_999L)));
        assertEquals(99_999_999_999_999L, expireAt("t:x"));
        assertEquals("v", j.getEx("t:x", GetExParams.getExParams().exAt(1)));
        assertEquals(-2, expireAt("t:x"));
        assertNull(j.getEx("t:x", GetExParams.getExParams().ex(10)));
        j.set("t:gs", "a");
        assertEquals("a", j.getSet("t:gs", "b"));
        assertEquals("b", j.getDel("t:gs"));
        assertNull(j.getDel("t:gs"));
    }

    @Test
    void appendStrlenAndRanges() {
        assertEquals(5, j.append("t:s", "Hello"));
        assertEquals(11, j.append("t:s", " World"));
        assertEquals(11, j.strlen("t:s"));
        assertEquals(0, j.strlen("t:nothing"));
        assertEquals("World", j.getrange("t:s", -5, -1));
        assertEquals("Hello", j.substr("t:s", 0, 4));
        assertEquals("", j.getrange("t:s", 5, 3));
        assertEquals(11, j.setrange("t:s", 6, "Redis"));
        assertEquals("Hello Redis", j.get("t:s"));
        assertEquals(13, j.setrange("t:pad", 10, "abc"));
        assertArrayEquals(new byte[]{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 'a', 'b', 'c'}, j.get("t:pad".getBytes()));
        assertEquals("ERR offset is out of range", error(() -> j.setrange("t:s", -1, "x")));
        assertEquals("ERR string exceeds maximum allowed size (proto-max-bulk-len)",
                error(() -> j.setrange("t:s", 536_870_912L, "x")));
    }

    @Test
    void appendKeepsTtl() throws Exception {
        j.set("t:ttl", "a", SetParams.setParams().ex(100));
        long at = expireAt("t:ttl");
        j.append("t:ttl", "b");
        j.setrange("t:ttl", 5, "c");
        j.setbit("t:ttl", 100, true);
        assertEquals(at, expireAt("t:ttl"));
    }

    @Test
    void countersIncrementAndReportOverflow() throws Exception {
        assertEquals(1, j.incr("t:c"));
        assertEquals(11, j.incrBy("t:c", 10));
        assertEquals(10, j.decr("t:c"));
        assertEquals(0, j.decrBy("t:c", 10));
        j.set("t:c", "9223372036854775807");
        assertEquals("ERR increment or decrement would overflow", error(() -> j.incr("t:c")));
        assertEquals("ERR decrement would overflow", error(() -> j.decrBy("t:c", Long.MIN_VALUE)));
        j.set("t:c", "abc");
        assertEquals("ERR value is not an integer or out of range", error(() -> j.incr("t:c")));
        j.set("t:ttlc", "5", SetParams.setParams().ex(100));
        long at = expireAt("t:ttlc");
        j.incr("t:ttlc");
        j.incrByFloat("t:ttlc", 1.5);
        assertEquals(at, expireAt("t:ttlc"));
    }

    @Test
    void incrbyfloatPrintsLikeRedis() {
        j.set("t:f", "10.5");
        assertEquals(10.6, j.incrByFloat("t:f", 0.1));
        assertEquals("10.6", j.get("t:f"));
        assertEquals("1.1", new String((byte[]) j.sendCommand(() -> "INCRBYFLOAT".getBytes(), "t:f2", "1.1")));
        assertEquals("5000", new String((byte[]) j.sendCommand(() -> "INCRBYFLOAT".getBytes(), "t:f3", "5.0e3")));
        assertEquals("300000000000000000000", new String((byte[]) j.sendCommand(() -> "INCRBYFLOAT".getBytes(), "t:f4", "3e20")));
        assertEquals("0", new String((byte[]) j.sendCommand(() -> "INCRBYFLOAT".getBytes(), "t:f5", "-0")));
        assertEquals("ERR increment would produce NaN or Infinity",
                error(() -> j.sendCommand(() -> "INCRBYFLOAT".getBytes(), "t:f6", "inf")));
        assertEquals("ERR value is not a valid float", error(() -> j.sendCommand(() -> "INCRBYFLOAT".getBytes(), "t:f6", "nan")));
    }

    @Test
    void bitsSetCountAndFind() {
        assertFalse(j.setbit("t:b", 7, true));
        assertTrue(j.setbit("t:b", 7, true));
        assertTrue(j.getbit("t:b", 7));
        assertFalse(j.getbit("t:b", 1000));
        j.set("t:fb", "foobar");
        assertEquals(26, j.bitcount("t:fb"));
        assertEquals(6, j.bitcount("t:fb", 1, 1));
        assertEquals(17, j.bitcount("t:fb", 5, 30, BitCountOption.BIT));
        j.set("t:bp".getBytes(), new byte[]{0, (byte) 0xff, (byte) 0xf0});
        assertEquals(8, j.bitpos("t:bp", true));
        assertEquals(16 + 4, j.bitpos("t:bp", false, new BitPosParams(2)));
        assertEquals(-1, j.bitpos("t:bp", false, new BitPosParams(1, 1)));
        assertEquals(6, j.bitop(BitOP.AND, "t:dst", "t:fb", "t:bp"));
        assertArrayEquals(new byte[]{0, 'o' & 0xff, 'o' & 0xf0, 0, 0, 0}, j.get("t:dst".getBytes()));
        assertEquals(6, j.bitop(BitOP.OR, "t:dst", "t:fb", "t:bp"));
        assertEquals("ERR BITOP NOT must be called with a single source key.",
                error(() -> j.bitop(BitOP.NOT, "t:dst", "t:fb", "t:bp")));
        assertEquals("ERR bit offset is not an integer or out of range", error(() -> j.setbit("t:b", -1, true)));
    }

    @Test
    void bitfieldReadsAndWritesIntegers() {
        assertEquals(List.of(0L, 100L), j.bitfield("t:bf", "SET", "i8", "0", "100", "GET", "i8", "0"));
        assertEquals(Arrays.asList(127L, null), j.bitfield("t:bf", "OVERFLOW", "SAT", "INCRBY", "i8", "0", "100",
                "OVERFLOW", "FAIL", "INCRBY", "i8", "0", "1"));
        assertEquals(List.of(127L), j.bitfieldReadonly("t:bf", "GET", "i8", "0"));
        assertEquals("ERR BITFIELD_RO only supports the GET subcommand",
                error(() -> j.bitfieldReadonly("t:bf", "SET", "i8", "0", "1")));
    }

    @Test
    void lcsFindsTheCommonSubsequence() {
        j.set("t:l1", "ohmytext");
        j.set("t:l2", "mynewtext");
        assertEquals("mytext", j.lcs("t:l1", "t:l2", LCSParams.LCSParams()).getMatchString());
        assertEquals(6, j.lcs("t:l1", "t:l2", LCSParams.LCSParams().len()).getLen());
        LCSMatchResult r = j.lcs("t:l1", "t:l2", LCSParams.LCSParams().idx().minMatchLen(4).withMatchLen());
        assertEquals(6, r.getLen());
        assertEquals(1, r.getMatches().size());
        assertEquals(4, r.getMatches().get(0).getMatchLen());
        assertEquals(4, r.getMatches().get(0).getA().getStart());
        assertEquals(7, r.getMatches().get(0).getA().getEnd());
    }

    @Test
    void otherTypesGetWrongtype() throws Exception {
        storeNonString("t:other");
        for (Runnable r : List.<Runnable>of(() -> j.get("t:other"), () -> j.append("t:other", "x"), () -> j.incr("t:other"),
                () -> j.incrByFloat("t:other", 1), () -> j.strlen("t:other"), () -> j.getrange("t:other", 0, 1),
                () -> j.setrange("t:other", 0, "x"), () -> j.getSet("t:other", "x"), () -> j.getDel("t:other"),
                () -> j.getEx("t:other", GetExParams.getExParams().persist()), () -> j.setbit("t:other", 1, true),
                () -> j.getbit("t:other", 1), () -> j.bitcount("t:other"), () -> j.bitpos("t:other", true),
                () -> j.bitop(BitOP.OR, "t:d", "t:other"), () -> j.bitfield("t:other", "GET", "u8", "0"),
                () -> j.setGet("t:other", "x"))) {
            assertEquals(WRONGTYPE, error(r));
        }
        assertEquals(Arrays.asList((String) null), j.mget("t:other"));
        assertEquals("ERR The specified keys must contain string values", error(() -> j.lcs("t:other", "t:l1", LCSParams.LCSParams())));
        assertEquals("OK", j.set("t:other", "now a string"));
    }
}
