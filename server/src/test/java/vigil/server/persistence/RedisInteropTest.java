package vigil.server.persistence;

import org.junit.jupiter.api.Test;
import vigil.client.BlockingClient;
import vigil.resp.RespValue;
import vigil.server.support.RedisProcess;
import vigil.server.support.TestNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Files and DUMP payloads written by redis-server 7.0 load into Vigil, and Vigil's into Redis, unchanged. */
class RedisInteropTest {
    @Test
    void aRedisDumpLoadsIntoVigilWithIdenticalContent() throws Exception {
        Path dir = Files.createTempDirectory("vigil-rdb");
        String digest;
        Map<String, String> expected;
        try (RedisProcess redis = RedisProcess.start("--enable-debug-command", "yes"); BlockingClient r = redis.raw()) {
            Dataset.populate(r, System.currentTimeMillis());
            digest = r.call("DEBUG", "DIGEST").asString();
            expected = Dataset.read(r);
            assertEquals("OK", r.call("SAVE").asString());
            Files.copy(redis.dir.resolve("dump.rdb"), dir.resolve("dump.rdb"), StandardCopyOption.REPLACE_EXISTING);
        }
        try (TestNode n = TestNode.start("dir", dir.toString())) {
            BlockingClient c = n.raw();
            assertEquals(digest, c.call("DEBUG", "DIGEST").asString());
            assertEquals(expected, Dataset.read(c));
        }
    }

    @Test
    void aVigilDumpLoadsIntoRedisAndPassesRedisCheckRdb() throws Exception {
        RedisProcess.assumeAvailable();
        Path dir = Files.createTempDirectory("vigil-rdb");
        String digest;
        Map<String, String> expected;
        try (TestNode n = TestNode.start("dir", dir.toString())) {
            BlockingClient c = n.raw();
            Dataset.populate(c, System.currentTimeMillis());
            digest = c.call("DEBUG", "DIGEST").asString();
            expected = Dataset.read(c);
            assertEquals("OK", c.call("SAVE").asString());
        }
        Process check = new ProcessBuilder("/usr/bin/redis-check-rdb", dir.resolve("dump.rdb").toString())
                .redirectErrorStream(true).start();
        String out = new String(check.getInputStream().readAllBytes());
        assertTrue(check.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, check.exitValue(), out);
        assertTrue(out.contains("RDB looks OK"), out);
        try (RedisProcess redis = RedisProcess.start("--enable-debug-command", "yes", "--dir", dir.toString());
             BlockingClient r = redis.raw()) {
            assertEquals(digest, r.call("DEBUG", "DIGEST").asString());
            assertEquals(expected, Dataset.read(r));
        }
    }

    @Test
    void dumpAndRestoreWorkBothWaysForEveryType() throws Exception {
        try (RedisProcess redis = RedisProcess.start("--enable-debug-command", "yes"); BlockingClient r = redis.raw();
             TestNode n = TestNode.start()) {
            BlockingClient v = n.raw();
            long now = System.currentTimeMillis();
            Dataset.populate(r, now);
            Map<String, String> expected = Dataset.read(r);
            copyAll(r, v, expected);
            assertEquals(expected, Dataset.read(v));
            assertEquals(r.call("DEBUG", "DIGEST").asString(), v.call("DEBUG", "DIGEST").asString());
            r.call("FLUSHALL");
            copyAll(v, r, expected);
            assertEquals(expected, Dataset.read(r));
            assertEquals(v.call("DEBUG", "DIGEST").asString(), r.call("DEBUG", "DIGEST").asString());
        }
    }

    /** DUMP every key on from, RESTORE it with its absolute expiry on to. */
    private static void copyAll(BlockingClient from, BlockingClient to, Map<String, String> keys) throws Exception {
        for (String[] dk : Dataset.keys(keys)) {
            from.call("SELECT", dk[0]);
            to.call("SELECT", dk[0]);
            byte[] key = dk[1].getBytes(java.nio.charset.StandardCharsets.UTF_8);
            byte[] payload = ((RespValue.Bulk) from.call("DUMP".getBytes(), key)).bytes();
            long exp = ((RespValue.Int) from.call("PEXPIRETIME".getBytes(), key)).value();
            RespValue res = to.call("RESTORE".getBytes(), key, Long.toString(Math.max(0, exp)).getBytes(), payload, "ABSTTL".getBytes());
            assertEquals("OK", res.asString(), "RESTORE " + dk[0] + ":" + dk[1]);
        }
        from.call("SELECT", "0");
        to.call("SELECT", "0");
    }
}
