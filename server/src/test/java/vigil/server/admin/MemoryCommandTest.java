package vigil.server.admin;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vigil.client.BlockingClient;
import vigil.resp.RespValue;
import vigil.server.support.Differential;
import vigil.server.support.RedisProcess;
import vigil.server.support.TestNode;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** MEMORY USAGE / STATS / DOCTOR / HELP and INFO used_memory as an estimate of the keyspace. */
class MemoryCommandTest {
    static TestNode node;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start();
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    private static long usage(BlockingClient c, String key) throws Exception {
        return ((RespValue.Int) c.call("MEMORY", "USAGE", key)).value();
    }

    private static long usedMemory(BlockingClient c) throws Exception {
        for (String line : c.call("INFO", "memory").asString().split("\r\n")) {
            if (line.startsWith("used_memory:")) return Long.parseLong(line.substring("used_memory:".length()));
        }
        throw new AssertionError("no used_memory");
    }

    @Test
    void usageGrowsWithTheValueAndIsNullForMissingKeys() throws Exception {
        BlockingClient c = node.raw();
        c.call("SELECT", "3");
        c.call("SET", "small", "x");
        c.call("SET", "big", "x".repeat(10_000));
        long small = usage(c, "small");
        long big = usage(c, "big");
        assertTrue(small > 0 && small < 200, "a one-byte string costs its entry: " + small);
        assertTrue(big >= 10_000 && big < 10_200, "a 10k string costs about 10k: " + big);
        assertInstanceOf(RespValue.Null.class, c.call("MEMORY", "USAGE", "missing"));
        for (String type : new String[]{"list", "hash", "set", "zset"}) {
            String key = type + ":k";
            add(c, type, key, 0, 10);
            long ten = usage(c, key);
            add(c, type, key, 10, 1000);
            long thousand = usage(c, key);
            assertTrue(thousand > 20 * ten, type + " grows with its elements: " + ten + " -> " + thousand);
            long all = ((RespValue.Int) c.call("MEMORY", "USAGE", key, "SAMPLES", "0")).value();
            assertTrue(Math.abs(all - thousand) < thousand / 2, type + " sampled near exact: " + thousand + " vs " + all);
        }
        c.call("FLUSHDB");
    }

    private static void add(BlockingClient c, String type, String key, int from, int to) throws Exception {
        List<String> args = new ArrayList<>();
        switch (type) {
            case "list" -> args.addAll(List.of("RPUSH", key));
            case "hash" -> args.addAll(List.of("HSET", key));
            case "set" -> args.addAll(List.of("SADD", key));
            default -> args.addAll(List.of("ZADD", key));
        }
        for (int i = from; i < to; i++) {
            if (type.equals("hash") || type.equals("zset")) args.add(Integer.toString(i));
            args.add("element-" + i);
        }
        c.call(args.toArray(new String[0]));
    }

    @Test
    void usedMemoryGrowsWithDataAndShrinksOnFlushall() throws Exception {
        try (TestNode fresh = TestNode.start()) {
            BlockingClient c = fresh.raw();
            long empty = usedMemory(c);
            for (int i = 0; i < 3000; i++) c.call("HSET", "h:" + i, "name", "user" + i, "city", "Paris");
            long full = usedMemory(c);
            // 3000 small hashes: each about a hundred bytes or more, far less than a kilobyte.
            assertTrue(full - empty > 3000 * 100 && full - empty < 3000 * 1000, empty + " -> " + full);
            String info = c.call("INFO", "memory").asString();
            assertTrue(info.contains("allocator_allocated:"), "the JVM heap is shown as the allocator's");
            c.call("FLUSHALL");
            assertEquals(empty, usedMemory(c));
        }
    }

    @Test
    void statsDoctorAndHelpAnswer() throws Exception {
        BlockingClient c = node.raw();
        RespValue stats = c.call("MEMORY", "STATS");
        List<RespValue> items = ((RespValue.Aggregate) stats).items();
        assertEquals("peak.allocated", items.get(0).asString());
        assertTrue(items.stream().anyMatch(v -> "dataset.bytes".equals(v.asString())));
        assertTrue(c.call("MEMORY", "DOCTOR").asString().startsWith("Hi Sam"));
        assertEquals("OK", c.call("MEMORY", "PURGE").asString());
    }

    @Test
    void errorsAndHelpMatchRedis() throws Exception {
        try (RedisProcess redis = RedisProcess.start();
             Differential d = new Differential(node.raw(), redis.raw())) {
            d.check("SET", "k", "v");
            d.check("MEMORY");
            d.check("MEMORY", "USAGE");
            d.check("MEMORY", "USAGE", "missing");
            d.check("MEMORY", "USAGE", "missing", "SAMPLES", "x");
            d.check("MEMORY", "USAGE", "k", "SAMPLES", "x");
            d.check("MEMORY", "USAGE", "k", "SAMPLES", "-1");
            d.check("MEMORY", "USAGE", "k", "SAMPLES");
            d.check("MEMORY", "USAGE", "k", "FOO", "1");
            d.check("MEMORY", "USAGE", "a", "b", "c", "d");
            d.check("MEMORY", "STATS", "x");
            d.check("MEMORY", "DOCTOR", "x");
            d.check("MEMORY", "PURGE", "x");
            d.check("MEMORY", "MALLOC-STATS", "x");
            d.check("MEMORY", "HELP");
            d.check("MEMORY", "HELP", "x");
            d.check("MEMORY", "nosuch");
            d.check("DEL", "k");
        }
    }
}
