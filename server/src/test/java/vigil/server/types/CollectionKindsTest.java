package vigil.server.types;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vigil.client.BlockingClient;
import vigil.server.support.Differential;
import vigil.server.support.RedisProcess;
import vigil.server.support.TestNode;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Lists, hashes, sets and sorted sets through the generic key commands, against Redis 7.0:
 * TYPE, SCAN TYPE, OBJECT ENCODING, DEBUG DIGEST / DIGEST-VALUE / OBJECT on every encoding,
 * and COPY / RENAME / MOVE of each type followed by reads.
 */
class CollectionKindsTest {
    static TestNode node;
    static RedisProcess redis;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start();
        if (RedisProcess.available()) redis = RedisProcess.start("--enable-debug-command", "yes");
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
        if (redis != null) redis.close();
    }

    static Differential diff() throws Exception {
        RedisProcess.assumeAvailable();
        return new Differential(node.raw(), redis.raw());
    }

    /** One key per type and encoding, filled the same way on both servers. */
    static List<String> fill(Differential d) throws Exception {
        d.check("FLUSHALL");
        List<String> keys = new ArrayList<>();
        d.check("RPUSH", "l:small", "a", "b", "1", "2", "300", "-5000", "70000", "-9000000", "3000000000", "9223372036854775807", "");
        keys.add("l:small");
        List<String> big = new ArrayList<>(List.of("RPUSH", "l:big"));
        for (int i = 0; i < 2000; i++) big.add("element-" + i + (i % 7 == 0 ? "x".repeat(i % 100) : ""));
        d.check(big.toArray(new String[0]));
        keys.add("l:big");
        d.check("RPUSH", "l:huge", "y".repeat(20000), "z");
        keys.add("l:huge");
        d.check("HSET", "h:small", "f", "v", "a", "1", "num", "-12", "long", "q".repeat(60));
        keys.add("h:small");
        d.check("HSET", "h:bigval", "f", "v".repeat(65), "g", "1");
        keys.add("h:bigval");
        List<String> hbig = new ArrayList<>(List.of("HSET", "h:many"));
        for (int i = 0; i < 600; i++) {
            hbig.add("field" + i);
            hbig.add(i % 3 == 0 ? Integer.toString(i) : "value-" + i);
        }
        d.check(hbig.toArray(new String[0]));
        keys.add("h:many");
        d.check("SADD", "s:ints", "1", "2", "3", "-7");
        keys.add("s:ints");
        d.check("SADD", "s:wide", "1", "100000", "-40000");
        keys.add("s:wide");
        d.check("SADD", "s:longs", "5", "10000000000");
        keys.add("s:longs");
        d.check("SADD", "s:strs", "a", "b", "c", "12");
        keys.add("s:strs");
        List<String> sbig = new ArrayList<>(List.of("SADD", "s:manyints"));
        for (int i = 0; i < 600; i++) sbig.add(Integer.toString(i * 3));
        d.check(sbig.toArray(new String[0]));
        keys.add("s:manyints");
        d.check("ZADD", "z:small", "1", "a", "2.5", "b", "-3", "c", "0.1", "d", "1e20", "e", "-inf", "f", "inf", "g", "7", "123");
        keys.add("z:small");
        List<String> zbig = new ArrayList<>(List.of("ZADD", "z:big"));
        for (int i = 0; i < 200; i++) {
            zbig.add(i % 2 == 0 ? Integer.toString(i) : i + ".125");
            zbig.add("member" + i);
        }
        d.check(zbig.toArray(new String[0]));
        keys.add("z:big");
        d.check("ZADD", "z:longmember", "1.1", "m".repeat(70));
        keys.add("z:longmember");
        d.check("SET", "str", "plain");
        d.check("SET", "ttl:l", "x");
        d.check("RPUSH", "lt", "a", "b");
        d.check("EXPIRE", "lt", "1000");
        keys.add("lt");
        return keys;
    }

    @Test
    void typeEncodingAndDigestsMatchRedis() throws Exception {
        try (Differential d = diff()) {
            List<String> keys = fill(d);
            for (String k : keys) {
                d.check("TYPE", k);
                d.check("OBJECT", "ENCODING", k);
                d.check("DEBUG", "DIGEST-VALUE", k);
            }
            d.check("DEBUG", "DIGEST");
            BlockingClient vc = node.raw(), rc = redis.raw();
            for (String type : new String[]{"list", "hash", "set", "zset", "string"}) {
                assertEquals(scanType(rc, type), scanType(vc, type), type);
            }
            // digests do not depend on insertion order for sets, hashes and sorted sets
            d.check("SADD", "o1", "x", "y", "z");
            d.check("SADD", "o2", "z", "y", "x");
            d.check("HSET", "o3", "a", "1", "b", "2");
            d.check("HSET", "o4", "b", "2", "a", "1");
            d.check("DEBUG", "DIGEST-VALUE", "o1", "o2", "o3", "o4");
            d.check("DEBUG", "DIGEST");
        }
    }

    /** SCAN 0 COUNT 1000 TYPE t: the cursor and the keys, sorted (hash orders differ). */
    static String scanType(BlockingClient c, String type) throws Exception {
        List<vigil.resp.RespValue> reply = ((vigil.resp.RespValue.Aggregate) c.call("SCAN", "0", "COUNT", "1000", "TYPE", type)).items();
        List<String> keys = new ArrayList<>();
        for (vigil.resp.RespValue k : ((vigil.resp.RespValue.Aggregate) reply.get(1)).items()) keys.add(k.asString());
        java.util.Collections.sort(keys);
        return reply.get(0).asString() + " " + keys;
    }

    /** DEBUG OBJECT without the address, lru clock and idle time. */
    static String debugObject(BlockingClient c, String key) throws Exception {
        String s = c.call("DEBUG", "OBJECT", key).asString();
        return s.replaceAll("Value at:\\S+ ", "").replaceAll(" lru:\\d+ lru_seconds_idle:\\d+", "");
    }

    @Test
    void debugObjectReportsRedisSerializedLengths() throws Exception {
        try (Differential d = diff()) {
            List<String> keys = fill(d);
            BlockingClient vc = node.raw(), rc = redis.raw();
            for (String k : keys) assertEquals(debugObject(rc, k), debugObject(vc, k), k);
        }
    }

    @Test
    void copyRenameAndMoveKeepEveryType() throws Exception {
        try (Differential d = diff()) {
            List<String> keys = fill(d);
            for (String k : keys) {
                d.check("COPY", k, k + ":c");
                d.check("COPY", k, k + ":c");
                d.check("DEBUG", "DIGEST-VALUE", k, k + ":c");
                d.check("OBJECT", "ENCODING", k + ":c");
                d.check("TTL", k + ":c");
            }
            // the copy is independent of its source
            d.check("RPUSH", "l:small:c", "more");
            d.check("HSET", "h:small:c", "f", "changed");
            d.check("SADD", "s:ints:c", "99");
            d.check("ZADD", "z:small:c", "100", "a");
            for (String k : new String[]{"l:small", "h:small", "s:ints", "z:small"}) {
                d.check("DEBUG", "DIGEST-VALUE", k, k + ":c");
            }
            d.check("LRANGE", "l:small", "0", "-1");
            d.check("LRANGE", "l:small:c", "0", "-1");
            d.check("HGET", "h:small", "f");
            d.check("ZSCORE", "z:small", "a");
            d.check("COPY", "z:small", "z:other", "DB", "2");
            d.check("COPY", "h:small", "l:small:c", "REPLACE");
            d.check("TYPE", "l:small:c");
            for (String k : keys) {
                d.check("RENAME", k, k + ":r");
                d.check("TYPE", k + ":r");
                d.check("DEBUG", "DIGEST-VALUE", k + ":r");
                d.check("MOVE", k + ":r", "1");
                d.check("EXISTS", k + ":r");
            }
            d.check("SELECT", "1");
            d.check("LRANGE", "l:small:r", "0", "-1");
            d.check("HGETALL", "h:small:r");
            d.check("ZRANGE", "z:small:r", "0", "-1", "WITHSCORES");
            d.check("SMEMBERS", "s:ints:r");
            d.check("OBJECT", "ENCODING", "z:big:r");
            d.check("TTL", "lt:r");
            d.check("SELECT", "2");
            d.check("ZRANGE", "z:other", "0", "-1", "WITHSCORES");
            d.check("SELECT", "0");
            d.check("DEBUG", "DIGEST");
        }
    }

    @Test
    void hashListpackLimitsFollowConfigSet() throws Exception {
        try (Differential d = diff()) {
            d.check("FLUSHALL");
            d.check("CONFIG", "SET", "hash-max-listpack-entries", "3");
            d.check("HSET", "h", "a", "1", "b", "2", "c", "3");
            d.check("OBJECT", "ENCODING", "h");
            d.check("HSET", "h", "d", "4");
            d.check("OBJECT", "ENCODING", "h");
            d.check("CONFIG", "SET", "hash-max-listpack-entries", "512", "hash-max-listpack-value", "4");
            d.check("HSET", "h2", "a", "1234");
            d.check("OBJECT", "ENCODING", "h2");
            d.check("HSET", "h2", "b", "12345");
            d.check("OBJECT", "ENCODING", "h2");
            d.check("CONFIG", "SET", "hash-max-ziplist-value", "64");
            d.check("CONFIG", "GET", "hash-max-listpack-value");
            d.check("CONFIG", "SET", "list-max-listpack-size", "4");
            d.check("RPUSH", "l", "1", "2", "3", "4", "5", "6", "7", "8", "9");
            BlockingClient vc = node.raw(), rc = redis.raw();
            assertEquals(debugObject(rc, "l"), debugObject(vc, "l"));
            d.check("CONFIG", "SET", "list-max-listpack-size", "-2");
        } finally {
            try (BlockingClient c = node.raw()) {
                c.call("CONFIG", "SET", "hash-max-listpack-entries", "512", "hash-max-listpack-value", "64", "list-max-listpack-size", "-2");
            }
        }
    }
}
