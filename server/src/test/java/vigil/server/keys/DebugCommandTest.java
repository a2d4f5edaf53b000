package vigil.server.keys;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vigil.client.BlockingClient;
import vigil.resp.RespValue;
import vigil.server.support.Differential;
import vigil.server.support.RedisProcess;
import vigil.server.support.TestNode;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DebugCommandTest {
    static TestNode node;
    static final Pattern OBJECT = Pattern.compile(
            "Value at:0x[0-9a-f]+ refcount:(\\d+) encoding:(\\w+) serializedlength:(\\d+) lru:(\\d+) lru_seconds_idle:(\\d+)");

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start();
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    static String[] longStrings() {
        return new String[]{
            "a".repeat(21), "abcabcabcabcabcabcabcabc", "x".repeat(100), "hello world ".repeat(30),
            "0123456789".repeat(5), "The quick brown fox jumps over the lazy dog", "z".repeat(20000),
            "ab".repeat(9) + "c".repeat(300) + "ab".repeat(40),
        };
    }

    @Test
    void digestIsZeroForAnEmptyDatasetAndIndependentOfInsertionOrder() throws Exception {
        try (TestNode other = TestNode.start()) {
            BlockingClient a = node.raw(), b = other.raw();
            a.call("FLUSHALL");
            assertEquals("0000000000000000000000000000000000000000", a.call("DEBUG", "DIGEST").asString());
            for (int i = 0; i < 100; i++) a.call("SET", "k" + i, "v" + i);
            for (int i = 99; i >= 0; i--) b.call("SET", "k" + i, "v" + i);
            String d = a.call("DEBUG", "DIGEST").asString();
            assertEquals(40, d.length());
            assertEquals(d, b.call("DEBUG", "DIGEST").asString());
            b.call("SET", "k5", "changed");
            assertNotEquals(d, b.call("DEBUG", "DIGEST").asString());
            b.call("SET", "k5", "v5");
            b.call("EXPIRE", "k5", "1000");
            assertNotEquals(d, b.call("DEBUG", "DIGEST").asString());
            a.call("FLUSHALL");
        }
    }

    @Test
    void sleepBlocksTheNode() throws Exception {
        BlockingClient a = node.raw(), b = node.raw();
        a.send("DEBUG", "SLEEP", "0.3");
        Thread.sleep(50);
        long t0 = System.nanoTime();
        assertEquals("PONG", b.call("PING").asString());
        long waitedMs = (System.nanoTime() - t0) / 1_000_000;
        assertEquals("OK", a.read().asString());
        assertTrue(waitedMs >= 150, "PING answered after " + waitedMs + " ms");
        assertEquals("OK", a.call("DEBUG", "SLEEP", "0").asString());
    }

    @Test
    void sameRepliesAsRedis() throws Exception {
        try (RedisProcess redis = RedisProcess.start("--enable-debug-command", "yes");
             Differential d = new Differential(node.raw(), redis.raw())) {
            BlockingClient vc = node.raw(), rc = redis.raw();
            d.check("FLUSHALL");
            d.check("DEBUG", "DIGEST");
            d.check("DEBUG");
            d.check("DEBUG", "nosuch");
            d.check("DEBUG", "digest", "x");
            d.check("DEBUG", "OBJECT");
            d.check("DEBUG", "OBJECT", "nokey");
            d.check("DEBUG", "SLEEP");
            d.check("DEBUG", "SET-ACTIVE-EXPIRE");
            d.check("DEBUG", "HELP");
            d.check("DEBUG", "DIGEST-VALUE");
            d.check("DEBUG", "DIGEST-VALUE", "nokey");
            d.check("SET", "s", "hello");
            d.check("SET", "n", "12345");
            d.check("SET", "e", "");
            d.check("SET", "bin", new String(new char[]{0, 1, 255}));
            d.check("SET", "t", "with ttl", "EX", "1000");
            d.check("SELECT", "3");
            d.check("SET", "s", "in db 3");
            d.check("DEBUG", "DIGEST-VALUE", "s", "nokey");
            d.check("SELECT", "0");
            d.check("DEBUG", "DIGEST");
            d.check("DEBUG", "DIGEST-VALUE", "s", "n", "e", "t", "nokey", "bin");
            String[] longs = longStrings();
            for (int i = 0; i < longs.length; i++) d.check("SET", "long" + i, longs[i]);
            d.check("DEBUG", "DIGEST");
            d.check("DEL", "s");
            d.check("DEBUG", "DIGEST");
            d.check("FLUSHALL");
            d.check("DEBUG", "DIGEST");

            // DEBUG OBJECT: compare every field but the address, lru clock and idle time.
            List<String> values = new java.util.ArrayList<>(List.of("hello", "12345", "-1", "127", "128", "-32768",
                    "32768", "2147483647", "2147483648", "99999999999", "007", "", "x".repeat(44), "x".repeat(45)));
            values.addAll(List.of(longs));
            for (int i = 0; i < values.size(); i++) {
                String k = "o" + i;
                d.check("SET", k, values.get(i));
                Matcher mv = match(vc.call("DEBUG", "OBJECT", k));
                Matcher mr = match(rc.call("DEBUG", "OBJECT", k));
                for (int g = 1; g <= 3; g++) {
                    assertEquals(mr.group(g), mv.group(g), "DEBUG OBJECT field " + g + " of value #" + i);
                }
                assertEquals("0", mv.group(5));
            }
            d.check("FLUSHALL");
        }
    }

    static Matcher match(RespValue v) {
        Matcher m = OBJECT.matcher(v.asString());
        assertTrue(m.matches(), v.asString());
        return m;
    }
}
