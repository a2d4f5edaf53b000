package vigil.server.keys;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;
import vigil.client.BlockingClient;
import vigil.resp.RespValue;
import vigil.server.support.Differential;
import vigil.server.support.RedisProcess;
import vigil.server.support.TestNode;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeyCommandsTest {
    static TestNode node;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start();
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    @BeforeEach
    void flush() {
        node.jedis().flushAll();
    }

    @Test
    void delAndUnlinkCountOnlyExistingKeys() {
        Jedis j = node.jedis();
        for (String k : List.of("a", "b", "c")) j.set(k, "1");
        assertEquals(2, j.del("a", "b", "nokey", "a"));
        assertEquals(1, j.unlink("c", "c"));
        assertEquals(0, j.dbSize());
    }

    @Test
    void existsCountsRepeatsAndTypeNamesTheValue() {
        Jedis j = node.jedis();
        j.set("a", "1");
        assertEquals(3, j.exists("a", "a", "nokey", "a"));
        assertEquals("string", j.type("a"));
        assertEquals("none", j.type("nokey"));
        assertEquals(2, j.touch("a", "a", "nokey"));
    }

    @Test
    void keysMatchesGlobsAndStarMatchesEverything() {
        Jedis j = node.jedis();
        for (String k : List.of("foo", "foobar", "bar", "f\\*")) j.set(k, "1");
        assertEquals(Set.of("foo", "foobar", "bar", "f\\*"), j.keys("*"));
        assertEquals(Set.of("foo", "foobar"), j.keys("foo*"));
        assertEquals(Set.of("bar"), j.keys("?ar"));
        assertEquals(Set.of("foo"), j.keys("f[a-o]o"));
        assertEquals(Set.of(), j.keys("nothing*"));
    }

    @Test
    void scanReturnsEveryKeyOnceWithMatchCountAndType() {
        Jedis j = node.jedis();
        for (int i = 0; i < 500; i++) j.set("k:" + i, "v");
        Set<String> all = new HashSet<>();
        String cursor = "0";
        int calls = 0;
        do {
            ScanResult<String> r = j.scan(cursor, new ScanParams().count(20));
            all.addAll(r.getResult());
            cursor = r.getCursor();
            calls++;
        } while (!cursor.equals("0"));
        assertEquals(500, all.size());
        assertTrue(calls > 10);
        Set<String> matched = new HashSet<>();
        cursor = "0";
        do {
            ScanResult<String> r = j.scan(cursor, new ScanParams().match("k:1*").count(50), "STRING");
            matched.addAll(r.getResult());
            cursor = r.getCursor();
        } while (!cursor.equals("0"));
        assertEquals(111, matched.size());
        ScanResult<String> none = j.scan("0", new ScanParams().count(1000), "hash");
        assertTrue(none.getResult().isEmpty());
        assertEquals("0", none.getCursor());
    }

    @Test
    void randomKeyReturnsAKeyOrNil() {
        Jedis j = node.jedis();
        assertNull(j.randomKey());
        j.set("only", "x");
        assertEquals("only", j.randomKey());
    }

    @Test
    void renameMovesValueAndTtl() {
        Jedis j = node.jedis();
        j.set("a", "1");
        j.pexpire("a", 100_000);
        j.set("b", "old");
        assertEquals("OK", j.rename("a", "b"));
        assertEquals("1", j.get("b"));
        assertFalse(j.exists("a"));
        assertTrue(j.pttl("b") > 90_000);
        assertEquals(0, j.renamenx("b", "b"));
        j.set("c", "x");
        assertEquals(0, j.renamenx("b", "c"));
        assertEquals(1, j.renamenx("b", "d"));
        JedisDataException e = assertThrows(JedisDataException.class, () -> j.rename("nokey", "x"));
        assertEquals("ERR no such key", e.getMessage());
    }

    @Test
    void moveAndCopyBetweenDatabases() {
        Jedis j = node.jedis();
        j.set("a", "1");
        j.expire("a", 1000);
        assertEquals(1, j.move("a", 3));
        assertFalse(j.exists("a"));
        j.select(3);
        assertEquals("1", j.get("a"));
        assertTrue(j.ttl("a") > 900);
        assertTrue(j.copy("a", "a", 0, false));
        j.select(0);
        assertEquals("1", j.get("a"));
        assertTrue(j.ttl("a") > 900);
        j.set("b", "2");
        assertFalse(j.copy("b", "a", false));
        assertTrue(j.copy("b", "a", true));
        assertEquals("2", j.get("a"));
        assertEquals(-1, j.ttl("a"));
    }

    @Test
    void swapdbAndFlushdbAffectOnlyTheirDatabases() {
        Jedis j = node.jedis();
        j.set("in0", "x");
        j.select(1);
        j.set("in1", "y");
        assertEquals("OK", j.swapDB(0, 1));
        assertEquals("x", j.get("in0"));
        j.select(0);
        assertEquals("y", j.get("in1"));
        assertEquals("OK", j.flushDB());
        assertEquals(0, j.dbSize());
        j.select(1);
        assertEquals(1, j.dbSize());
    }

    @Test
    void objectEncodingFollowsRedisStringRules() throws Exception {
        BlockingClient c = node.raw();
        c.call("SET", "i", "12345");
        c.call("SET", "e", "x".repeat(44));
        c.call("SET", "r", "x".repeat(45));
        c.call("SET", "big", "123456789012345678901");
        assertEquals("int", c.call("OBJECT", "ENCODING", "i").asString());
        assertEquals("embstr", c.call("OBJECT", "ENCODING", "e").asString());
        assertEquals("raw", c.call("OBJECT", "ENCODING", "r").asString());
        assertEquals("embstr", c.call("OBJECT", "ENCODING", "big").asString());
        assertEquals(1L, ((RespValue.Int) c.call("OBJECT", "REFCOUNT", "e")).value());
        c.call("SET", "shared", "99");
        assertEquals(2147483647L, ((RespValue.Int) c.call("OBJECT", "REFCOUNT", "shared")).value());
        assertEquals(0L, ((RespValue.Int) c.call("OBJECT", "IDLETIME", "e")).value());
    }

    @Test
    void objectFreqNeedsAnLfuPolicy() throws Exception {
        try (TestNode lfu = TestNode.start("maxmemory-policy", "allkeys-lfu")) {
            BlockingClient c = lfu.raw();
            c.call("SET", "k", "v");
            assertTrue(c.call("OBJECT", "FREQ", "k") instanceof RespValue.Int);
            assertTrue(c.call("OBJECT", "IDLETIME", "k").asString().startsWith("ERR An LFU maxmemory policy is selected"));
        }
        BlockingClient c = node.raw();
        c.call("SET", "k", "v");
        assertTrue(c.call("OBJECT", "FREQ", "k").asString().startsWith("ERR An LFU maxmemory policy is not selected"));
    }

    @Test
    void writesArePropagatedAsRedisDoes() throws Exception {
        List<String> fed = new java.util.concurrent.CopyOnWriteArrayList<>();
        node.node.onLoop(() -> {
            node.node.server().propagation.setFeed((db, argv) -> {
                StringBuilder sb = new StringBuilder().append(db).append(':');
                for (byte[] a : argv) sb.append(' ').append(new String(a, java.nio.charset.StandardCharsets.UTF_8));
                fed.add(sb.toString());
            });
            return null;
        });
        try {
            BlockingClient c = node.raw();
            c.call("DEL", "nokey");
            c.call("RENAMENX", "nokey", "x");
            c.call("FLUSHDB");                 // forced even on an empty db
            c.call("FLUSHALL", "ASYNC");
            c.call("SET", "a", "1");
            c.call("DEL", "a", "nokey");
            c.call("SET", "a", "1");
            c.call("COPY", "a", "b", "DB", "2");
            c.call("MOVE", "a", "3");
            c.call("SWAPDB", "2", "3");
            c.call("SELECT", "3");
            c.call("RENAME", "b", "c");
            assertEquals(List.of("0: FLUSHDB", "0: FLUSHALL ASYNC", "0: SET a 1", "0: DEL a nokey", "0: SET a 1",
                    "0: COPY a b DB 2", "0: MOVE a 3", "0: SWAPDB 2 3", "3: RENAME b c"), fed);
        } finally {
            node.node.onLoop(() -> {
                node.node.server().propagation.setFeed(vigil.server.propagation.ReplicationFeed.NONE);
                return null;
            });
        }
    }

    @Test
    void sameRepliesAsRedis() throws Exception {
        try (RedisProcess redis = RedisProcess.start();
             Differential d = new Differential(node.raw(), redis.raw())) {
            d.check("FLUSHALL");
            d.check("SET", "a", "1");
            d.check("SET", "b", "hello");
            d.check("DEL");
            d.check("DEL", "a", "a", "nokey");
            d.check("UNLINK", "b", "nokey");
            d.check("SET", "a", "1");
            d.check("EXISTS", "a", "a", "nokey");
            d.check("EXISTS");
            d.check("TOUCH", "a", "nokey", "a");
            d.check("TYPE", "a");
            d.check("TYPE", "nokey");
            d.check("TYPE");
            d.check("KEYS");
            d.check("KEYS", "*");
            d.check("KEYS", "a", "b");
            d.check("RANDOMKEY");
            d.check("RANDOMKEY", "x");
            d.check("DBSIZE");
            d.check("DBSIZE", "x");
            // RENAME / RENAMENX
            d.check("RENAME", "nokey", "b");
            d.check("RENAMENX", "nokey", "b");
            d.check("RENAME", "a", "a");
            d.check("RENAMENX", "a", "a");
            d.check("RENAME", "a", "b");
            d.check("GET", "b");
            d.check("SET", "c", "3");
            d.check("RENAMENX", "b", "c");
            d.check("RENAMENX", "b", "d");
            d.check("RENAME", "d");
            // MOVE
            d.check("MOVE", "d", "0");
            d.check("MOVE", "d", "16");
            d.check("MOVE", "d", "-1");
            d.check("MOVE", "d", "x");
            d.check("MOVE", "d", "99999999999");
            d.check("COPY", "d", "x", "DB", "99999999999");
            d.check("MOVE", "nokey", "1");
            d.check("MOVE", "d", "1");
            d.check("MOVE", "d", "1");
            d.check("SET", "d", "again");
            d.check("MOVE", "d", "1");
            d.check("SELECT", "1");
            d.check("GET", "d");
            d.check("SELECT", "0");
            // COPY
            d.check("COPY", "c", "c");
            d.check("COPY", "c", "e", "DB", "99");
            d.check("COPY", "c", "e", "DB", "x");
            d.check("COPY", "c", "e", "DB");
            d.check("COPY", "c", "e", "FOO");
            d.check("COPY", "c", "c", "DB", "1");
            d.check("COPY", "c", "c", "DB", "1");
            d.check("COPY", "c", "c", "DB", "1", "REPLACE");
            d.check("COPY", "c", "e", "REPLACE", "REPLACE");
            d.check("COPY", "nokey", "e");
            d.check("COPY", "c");
            d.check("GET", "e");
            // SWAPDB
            d.check("SWAPDB", "0", "x");
            d.check("SWAPDB", "x", "0");
            d.check("SWAPDB", "0", "99");
            d.check("SWAPDB", "-1", "0");
            d.check("SWAPDB", "0", "4294967296");
            d.check("SWAPDB", "0", "0");
            d.check("SWAPDB", "0", "1");
            d.check("DBSIZE");
            d.check("SWAPDB", "0");
            // FLUSHDB / FLUSHALL
            d.check("FLUSHDB", "foo");
            d.check("FLUSHDB", "sync", "async");
            d.check("FLUSHALL", "foo");
            d.check("FLUSHDB", "ASYNC");
            d.check("DBSIZE");
            d.check("FLUSHALL", "SYNC");
            d.check("FLUSHALL");
            // OBJECT
            d.check("SET", "i", "12345");
            d.check("SET", "neg", "-5");
            d.check("SET", "zero", "0");
            d.check("SET", "lead", "012");
            d.check("SET", "e", "x".repeat(44));
            d.check("SET", "r", "x".repeat(45));
            d.check("SET", "long", "9223372036854775807");
            d.check("SET", "toolong", "9223372036854775808");
            d.check("SET", "big", "12345678901234567890123");
            for (String k : List.of("i", "neg", "zero", "lead", "e", "r", "long", "toolong", "big")) {
                d.check("OBJECT", "ENCODING", k);
                d.check("OBJECT", "REFCOUNT", k);
            }
            d.check("SET", "s", "10000");
            d.check("OBJECT", "REFCOUNT", "s");
            d.check("SET", "s", "9999");
            d.check("OBJECT", "REFCOUNT", "s");
            d.check("OBJECT", "ENCODING", "nokey");
            d.check("OBJECT", "REFCOUNT", "nokey");
            d.check("OBJECT", "IDLETIME", "nokey");
            d.check("OBJECT", "IDLETIME", "i");
            d.check("OBJECT", "FREQ", "nokey");
            d.check("OBJECT", "FREQ", "i");
            d.check("OBJECT", "ENCODING");
            d.check("OBJECT", "ENCODING", "a", "b");
            d.check("OBJECT");
            d.check("OBJECT", "foo");
            d.check("OBJECT", "foo", "bar");
            d.check("OBJECT", "HELP");
            d.check("OBJECT", "help", "x");
            // COPY keeps the encoding
            d.check("COPY", "i", "i2");
            d.check("OBJECT", "ENCODING", "i2");
            d.check("COPY", "r", "r2");
            d.check("OBJECT", "ENCODING", "r2");
        }
    }

    @Test
    void scanAnswersLikeRedis() throws Exception {
        try (RedisProcess redis = RedisProcess.start();
             Differential d = new Differential(node.raw(), redis.raw())) {
            BlockingClient vc = node.raw(), rc = redis.raw();
            d.check("FLUSHALL");
            d.check("SCAN", "0");
            for (int i = 0; i < 300; i++) {
                d.check("SET", "key:" + i, "v" + i);
                if (i % 3 == 0) d.check("SET", "other:" + i, "x");
            }
            for (String cursor : List.of("abc", "-1", " 5", "+0", "-", "", "18446744073709551615",
                    "18446744073709551616", "-18446744073709551616", "0x10", "1.5")) {
                RespValue v = vc.call("SCAN", cursor, "COUNT", "1000000");
                RespValue r = rc.call("SCAN", cursor, "COUNT", "1000000");
                assertEquals(shape(r), shape(v), "SCAN " + cursor);
            }
            d.check("SCAN", "0", "COUNT", "0");
            d.check("SCAN", "0", "COUNT", "-1");
            d.check("SCAN", "0", "COUNT", "abc");
            d.check("SCAN", "0", "COUNT");
            d.check("SCAN", "0", "MATCH");
            d.check("SCAN", "0", "TYPE");
            d.check("SCAN", "0", "FOO", "bar");
            d.check("SCAN");
            assertEquals(fullScan(rc, "*", null), fullScan(vc, "*", null));
            assertEquals(400, fullScan(vc, "*", null).size());
            assertEquals(fullScan(rc, "key:1*", null), fullScan(vc, "key:1*", null));
            assertEquals(fullScan(rc, "other:*", "string"), fullScan(vc, "other:*", "string"));
            assertEquals(fullScan(rc, "*", "STRING"), fullScan(vc, "*", "STRING"));
            assertEquals(Set.of(), fullScan(vc, "*", "list"));
            assertEquals(Set.of(), fullScan(vc, "*", "nosuchtype"));
            d.checkUnordered("KEYS", "other:2*");
            d.checkUnordered("KEYS", "key:?");
            d.checkUnordered("KEYS", "key:[1-3]");
            d.check("FLUSHALL");
        }
    }

    /** The shape of a SCAN reply: the error, or "array" (cursors of different tables differ). */
    static String shape(RespValue v) {
        return v instanceof RespValue.Error e ? e.message() : "array";
    }

    static Set<String> fullScan(BlockingClient c, String match, String type) throws Exception {
        Set<String> out = new TreeSet<>();
        String cursor = "0";
        do {
            RespValue v = type == null ? c.call("SCAN", cursor, "MATCH", match, "COUNT", "7")
                    : c.call("SCAN", cursor, "MATCH", match, "COUNT", "7", "TYPE", type);
            List<RespValue> items = ((RespValue.Aggregate) v).items();
            cursor = items.get(0).asString();
            for (RespValue k : ((RespValue.Aggregate) items.get(1)).items()) out.add(k.asString());
        } while (!cursor.equals("0"));
        return out;
    }
}
