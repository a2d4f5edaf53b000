package vigil.server.keys;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.ExpiryOption;
import vigil.server.support.Differential;
import vigil.server.support.RedisProcess;
import vigil.server.support.TestNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExpireCommandsTest {
    static TestNode node;
    static final List<String> fed = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start();
        node.node.onLoop(() -> {
            node.node.server().propagation.setFeed((db, argv) -> fed.add(db + ":" + join(argv)));
            return null;
        });
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    @BeforeEach
    void flush() {
        node.jedis().flushAll();
        fed.clear();
    }

    static String join(byte[][] argv) {
        List<String> s = new ArrayList<>();
        for (byte[] a : argv) s.add(new String(a, StandardCharsets.UTF_8));
        return String.join(" ", s);
    }

    @Test
    void ttlFamilyReportsMissingAndPersistentKeys() {
        Jedis j = node.jedis();
        assertEquals(-2, j.ttl("nokey"));
        assertEquals(-2, j.pttl("nokey"));
        assertEquals(-2, j.expireTime("nokey"));
        assertEquals(-2, j.pexpireTime("nokey"));
        j.set("k", "v");
        assertEquals(-1, j.ttl("k"));
        assertEquals(-1, j.pexpireTime("k"));
        assertEquals(1, j.expire("k", 100));
        assertEquals(100, j.ttl("k"));
        long at = j.pexpireTime("k");
        assertTrue(Math.abs(at - System.currentTimeMillis() - 100_000) < 5_000);
        assertEquals((at + 500) / 1000, j.expireTime("k"));
        assertEquals(1, j.persist("k"));
        assertEquals(0, j.persist("k"));
        assertEquals(-1, j.ttl("k"));
    }

    @Test
    void optionsNxXxGtLtDecideWhetherTheTtlChanges() {
        Jedis j = node.jedis();
        j.set("k", "v");
        assertEquals(0, j.expire("k", 100, ExpiryOption.XX));
        assertEquals(0, j.expire("k", 100, ExpiryOption.GT));
        assertEquals(1, j.expire("k", 100, ExpiryOption.LT));
        assertEquals(0, j.expire("k", 200, ExpiryOption.NX));
        assertEquals(1, j.expire("k", 200, ExpiryOption.GT));
        assertEquals(0, j.expire("k", 150, ExpiryOption.GT));
        assertEquals(1, j.expire("k", 150, ExpiryOption.XX));
        assertEquals(150, j.ttl("k"));
    }

    @Test
    void expiredKeyIsGoneOnReadAndItsDeletionIsPropagated() throws Exception {
        Jedis j = node.jedis();
        j.set("k", "v");
        j.pexpire("k", 30);
        long deadline = System.currentTimeMillis() + 5000;
        // Read until the key is logically gone; active expiry must not do it for us.
        node.raw().call("DEBUG", "SET-ACTIVE-EXPIRE", "0");
        try {
            while (j.exists("k") && System.currentTimeMillis() < deadline) Thread.onSpinWait();
            assertFalse(j.exists("k"));
            assertEquals(-2, j.ttl("k"));
            assertTrue(fed.contains("0:DEL k"), fed.toString());
        } finally {
            node.raw().call("DEBUG", "SET-ACTIVE-EXPIRE", "1");
        }
    }

    @Test
    void relativeExpiriesArePropagatedAsPexpireat() throws Exception {
        Jedis j = node.jedis();
        j.set("k", "v");
        fed.clear();
        long before = System.currentTimeMillis();
        j.expire("k", 100);
        j.pexpire("k", 200_000, ExpiryOption.GT);
        j.expireAt("k", 4_000_000_000L);
        j.pexpireAt("k", 4_000_000_001_000L);
        long after = System.currentTimeMillis();
        assertEquals(4, fed.size(), fed.toString());
        String[] e1 = fed.get(0).split(" ");
        assertEquals("0:PEXPIREAT", e1[0]);
        assertEquals("k", e1[1]);
        long at = Long.parseLong(e1[2]);
        assertTrue(at >= before + 100_000 && at <= after + 100_000);
        String[] e2 = fed.get(1).split(" ");
        assertEquals(4, e2.length);
        assertEquals("0:PEXPIREAT", e2[0]);
        assertEquals("GT", e2[3]);
        assertEquals("0:PEXPIREAT k 4000000000000", fed.get(2));
        assertEquals("0:PEXPIREAT k 4000000001000", fed.get(3));
    }

    @Test
    void aPastExpiryDeletesAndPropagatesDel() {
        Jedis j = node.jedis();
        j.set("k", "v");
        fed.clear();
        assertEquals(1, j.expire("k", -1));
        assertFalse(j.exists("k"));
        assertEquals(List.of("0:DEL k"), fed);
        j.set("k", "v");
        fed.clear();
        assertEquals(1, j.pexpireAt("k", 1));
        assertEquals(List.of("0:DEL k"), fed);
        fed.clear();
        assertEquals(0, j.expire("k", 10));
        assertEquals(List.of(), fed);
    }

    @Test
    void persistIsPropagatedOnlyWhenItChangedSomething() {
        Jedis j = node.jedis();
        j.set("k", "v");
        fed.clear();
        j.persist("k");
        assertEquals(List.of(), fed);
        j.expire("k", 10);
        fed.clear();
        j.persist("k");
        assertEquals(List.of("0:PERSIST k"), fed);
    }

    @Test
    void sameRepliesAsRedis() throws Exception {
        try (RedisProcess redis = RedisProcess.start();
             Differential d = new Differential(node.raw(), redis.raw())) {
            d.check("FLUSHALL");
            for (String cmd : List.of("TTL", "PTTL", "EXPIRETIME", "PEXPIRETIME", "PERSIST")) {
                d.check(cmd, "nokey");
                d.check(cmd);
                d.check(cmd, "a", "b");
            }
            d.check("SET", "a", "1");
            for (String cmd : List.of("TTL", "PTTL", "EXPIRETIME", "PEXPIRETIME", "PERSIST")) d.check(cmd, "a");
            for (String cmd : List.of("EXPIRE", "PEXPIRE", "EXPIREAT", "PEXPIREAT")) {
                d.check(cmd, "a");
                d.check(cmd, "a", "abc");
                d.check(cmd, "a", "1.5");
                d.check(cmd, "a", "100", "NX", "XX");
                d.check(cmd, "a", "100", "nx", "gt");
                d.check(cmd, "a", "100", "NX", "LT");
                d.check(cmd, "a", "100", "GT", "LT");
                d.check(cmd, "a", "100", "FOO");
                d.check(cmd, "a", "abc", "FOO");
                d.check(cmd, "a", "abc", "NX", "XX");
                d.check(cmd, "a", "9223372036854775807");
                d.check(cmd, "a", "-9223372036854775808");
                d.check(cmd, "a", "9223372036854775");
                d.check(cmd, "a", "9223372036854776");
                d.check(cmd, "nokey", "100");
                d.check("SET", "a", "1");
                d.check(cmd, "a", "100", "XX");
                d.check(cmd, "a", "100", "GT");
                d.check(cmd, "a", "4000000000000", "LT");
                d.check(cmd, "a", "4000000000000", "NX", "NX");
                d.check(cmd, "a", "4000000000000", "NX");
                // Far apart: for EXPIRE/PEXPIRE the times are relative to each server's own clock,
                // so neighbouring values would compare differently on the two servers by a few ms.
                d.check(cmd, "a", "5000000000000", "GT");
                d.check(cmd, "a", "4000000000000", "GT");
                d.check(cmd, "a", "3000000000000", "LT");
                d.check(cmd, "a", "4000000000000", "XX", "LT");
                d.check("PERSIST", "a");
                d.check(cmd, "a", "0");
                d.check("EXISTS", "a");
                d.check("SET", "a", "1");
                d.check(cmd, "a", "-100");
                d.check("EXISTS", "a");
                d.check("SET", "a", "1");
            }
            d.check("PEXPIREAT", "a", "4000000000123");
            d.check("PEXPIRETIME", "a");
            d.check("EXPIRETIME", "a");
            d.check("PEXPIREAT", "a", "4000000000499");
            d.check("EXPIRETIME", "a");
            d.check("PEXPIREAT", "a", "4000000000500");
            d.check("EXPIRETIME", "a");
            d.check("PERSIST", "a");
            d.check("PERSIST", "a");
            d.check("TTL", "a");
            d.check("FLUSHALL");
        }
    }
}
