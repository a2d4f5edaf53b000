package vigil.server.persistence;

import org.junit.jupiter.api.Test;
import vigil.client.BlockingClient;
import vigil.resp.RespValue;
import vigil.server.support.Differential;
import vigil.server.support.RedisProcess;
import vigil.server.support.TestNode;
import vigil.server.types.support.RecordingFeed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SAVE / BGSAVE / LASTSAVE / DUMP / RESTORE replies against redis-server, and the snapshot side effects. */
class PersistenceCommandsTest {
    private static String infoField(BlockingClient c, String field) throws IOException {
        for (String line : c.call("INFO", "persistence").asString().split("\r\n")) {
            if (line.startsWith(field + ":")) return line.substring(field.length() + 1);
        }
        return null;
    }

    @Test
    void saveBgsaveLastsaveRepliesMatchRedis() throws Exception {
        try (RedisProcess redis = RedisProcess.start(); TestNode n = TestNode.start();
             Differential d = new Differential(n.raw(), redis.raw())) {
            d.check("SAVE", "x");
            d.check("LASTSAVE", "x");
            d.check("BGSAVE", "x");
            d.check("BGSAVE", "SCHEDULE", "x");
            d.check("SET", "k", "v");
            d.check("SAVE");
            d.check("MULTI");
            d.check("SAVE");
            d.check("EXEC");
            d.check("MULTI");
            d.check("BGSAVE");
            d.check("EXEC");
        }
    }

    @Test
    void dumpRestoreRepliesAndErrorsMatchRedis() throws Exception {
        try (RedisProcess redis = RedisProcess.start(); TestNode n = TestNode.start();
             Differential d = new Differential(n.raw(), redis.raw())) {
            d.check("DUMP");
            d.check("DUMP", "nokey");
            d.check("RESTORE", "k", "0");
            d.check("SET", "s", "hello");
            d.check("RPUSH", "l", "a", "b", "1");
            d.check("SADD", "si", "1", "2", "3");
            d.check("HSET", "h", "f", "v");
            d.check("ZADD", "z", "1.5", "m");
            byte[] list = ((RespValue.Bulk) d.check("DUMP", "l")).bytes();
            for (String k : List.of("s", "si", "h", "z")) d.check("DUMP", k);
            d.check("RESTORE", "l", "0", "x");
            d.check("RESTORE", "k", "0", "x");
            d.check("RESTORE", "k", "-1", "x");
            d.check("RESTORE", "k", "abc", "x");
            d.check("RESTORE", "k", "0", "x", "IDLETIME", "-1");
            d.check("RESTORE", "k", "0", "x", "FREQ", "256");
            d.check("RESTORE", "k", "0", "x", "FREQ", "abc");
            d.check("RESTORE", "k", "0", "x", "IDLETIME");
            d.check("RESTORE", "k", "0", "x", "IDLETIME", "5", "FREQ", "3");
            d.check("RESTORE", "k", "0", "x", "bogus");
            d.check("RESTORE", "k", "0", "");
            byte[] bad = list.clone();
            bad[3] ^= 1;
            d.check("RESTORE".getBytes(), "k".getBytes(), "0".getBytes(), bad);
            d.check("RESTORE".getBytes(), "k".getBytes(), "0".getBytes(), list);
            d.check("LRANGE", "k", "0", "-1");
            d.check("RESTORE".getBytes(), "k".getBytes(), "0".getBytes(), list);
            d.check("RESTORE".getBytes(), "k".getBytes(), "100000".getBytes(), list, "REPLACE".getBytes(), "IDLETIME".getBytes(), "10".getBytes());
            d.check("OBJECT", "IDLETIME", "k");
            d.check("RESTORE".getBytes(), "k".getBytes(), "1".getBytes(), list, "REPLACE".getBytes(), "ABSTTL".getBytes());
            d.check("EXISTS", "k");
            d.check("RESTORE".getBytes(), "k2".getBytes(), "0".getBytes(), list, "FREQ".getBytes(), "5".getBytes());
            d.check("TYPE", "k2");
        }
    }

    @Test
    void restorePropagatesAnAbsoluteTtlAndWakesBlockedClients() throws Exception {
        try (TestNode n = TestNode.start()) {
            BlockingClient c = n.raw();
            c.call("RPUSH", "src", "a", "b");
            byte[] payload = ((RespValue.Bulk) c.call("DUMP", "src")).bytes();
            BlockingClient blocked = n.raw();
            blocked.send("BLPOP", "q", "10");
            long deadline = System.currentTimeMillis() + 10_000;
            while (!c.call("CLIENT", "LIST").asString().contains("cmd=blpop") && System.currentTimeMillis() < deadline) {
                Thread.onSpinWait();
            }
            RecordingFeed feed = RecordingFeed.install(n);
            long before = System.currentTimeMillis();
            assertEquals("OK", c.call("RESTORE".getBytes(), "q".getBytes(), "60000".getBytes(), payload).asString());
            assertEquals("[q, a]", blocked.read().asString());
            List<String> ops = feed.take();
            String restore = ops.stream().filter(o -> o.startsWith("RESTORE")).findFirst().orElseThrow();
            String[] parts = restore.split(" ");
            long abs = Long.parseLong(parts[2]);
            assertTrue(abs >= before + 60000 && abs <= System.currentTimeMillis() + 60000, restore);
            assertTrue(restore.endsWith(" ABSTTL"), restore);
        }
    }

    @Test
    void failedSaveRepliesErrAndFailedBgsaveTurnsOnMisconf() throws Exception {
        Path vdir = Files.createTempDirectory("vigil-gone");
        Path rdir = Files.createTempDirectory("redis-gone");
        try (RedisProcess redis = RedisProcess.start("--dir", rdir.toString());
             TestNode n = TestNode.start("dir", vdir.toString());
             Differential d = new Differential(n.raw(), redis.raw())) {
            Files.delete(vdir);
            Files.delete(rdir);
            BlockingClient r = redis.raw();
            BlockingClient v = n.raw();
            d.check("SET", "k", "v");
            d.check("SAVE");
            assertEquals("ok", infoField(v, "rdb_last_bgsave_status"));
            d.check("BGSAVE");   // no save points: a failure does not stop writes
            waitBgsaveDone(r);
            assertEquals("err", infoField(v, "rdb_last_bgsave_status"));
            assertEquals(infoField(r, "rdb_last_bgsave_status"), infoField(v, "rdb_last_bgsave_status"));
            d.check("SET", "k2", "v");
            d.check("CONFIG", "SET", "save", "3600 1");
            d.check("SET", "k3", "v");
            d.check("PING");
            d.check("GET", "k");
            d.check("FLUSHALL");
            d.check("MULTI");
            d.check("SET", "x", "1");
            d.check("EXEC");
            d.check("MULTI");
            d.check("GET", "k");
            d.check("EXEC");
            d.check("SHUTDOWN");
            d.check("CONFIG", "SET", "stop-writes-on-bgsave-error", "no");
            d.check("SET", "k4", "v");
        }
    }

    private static void waitBgsaveDone(BlockingClient r) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (!"0".equals(infoField(r, "rdb_bgsave_in_progress")) && System.currentTimeMillis() < deadline) {
            Thread.onSpinWait();
        }
    }

    @Test
    void savePointsTriggerABackgroundSave() throws Exception {
        try (TestNode n = TestNode.start("save", "1 1")) {
            BlockingClient c = n.raw();
            long first = ((RespValue.Int) c.call("LASTSAVE")).value();
            c.call("SET", "k", "v");
            long deadline = System.currentTimeMillis() + 10_000;
            long last = first;
            while (last == first && System.currentTimeMillis() < deadline) {
                last = ((RespValue.Int) c.call("LASTSAVE")).value();
            }
            assertTrue(last > first, "a save happened");
            assertEquals("0", infoField(c, "rdb_changes_since_last_save"));
            assertEquals("1", infoField(c, "rdb_saves"));
            assertEquals("ok", infoField(c, "rdb_last_bgsave_status"));
            assertEquals("0", infoField(c, "rdb_last_bgsave_time_sec"));
        }
    }

    @Test
    void shutdownSaveWritesTheSnapshotAndPlainShutdownSavesWithSavePoints() throws Exception {
        Path dir = Files.createTempDirectory("vigil-rdb");
        TestNode n = TestNode.start("dir", dir.toString());
        try {
            BlockingClient c = n.raw();
            c.call("SET", "k", "1");
            c.send("SHUTDOWN", "SAVE");
            assertThrows(IOException.class, c::read);
            n.node.closed().get(10, TimeUnit.SECONDS);
        } finally {
            n.close();
        }
        n = TestNode.start("dir", dir.toString(), "save", "3600 1");
        try {
            BlockingClient c = n.raw();
            assertEquals("1", c.call("GET", "k").asString());
            c.call("SET", "k", "2");
            c.send("SHUTDOWN");
            assertThrows(IOException.class, c::read);
            n.node.closed().get(10, TimeUnit.SECONDS);
        } finally {
            n.close();
        }
        try (TestNode again = TestNode.start("dir", dir.toString())) {
            assertEquals("2", again.raw().call("GET", "k").asString());
        }
    }

    @Test
    void flushallChangesCountMatchesRedisAndWithSavePointsSavesAnEmptyFile() throws Exception {
        try (RedisProcess redis = RedisProcess.start(); TestNode n = TestNode.start()) {
            BlockingClient r = redis.raw();
            BlockingClient v = n.raw();
            for (BlockingClient c : List.of(r, v)) {
                c.call("MSET", "a", "1", "b", "2", "c", "3");
                c.call("FLUSHALL");
                c.call("FLUSHALL");
            }
            assertEquals(infoField(r, "rdb_changes_since_last_save"), infoField(v, "rdb_changes_since_last_save"));
        }
        Path dir = Files.createTempDirectory("vigil-rdb");
        try (TestNode n = TestNode.start("dir", dir.toString(), "save", "3600 1")) {
            BlockingClient c = n.raw();
            c.call("SET", "a", "1");
            assertEquals("OK", c.call("SAVE").asString());
            c.call("SET", "b", "2");
            RecordingFeed feed = RecordingFeed.install(n);
            assertEquals("OK", c.call("FLUSHALL").asString());
            assertEquals(List.of("FLUSHALL"), feed.take());
            assertEquals("0", infoField(c, "rdb_changes_since_last_save"));
            assertEquals("1", infoField(c, "rdb_saves"), "FLUSHALL's save is not counted");
        }
        try (TestNode n = TestNode.start("dir", dir.toString())) {
            assertEquals("0", n.raw().call("DBSIZE").asString());
        }
    }

    @Test
    void corruptOrTruncatedFilesStopStartupAndAreLeftUntouched() throws Exception {
        Path dir = Files.createTempDirectory("vigil-rdb");
        try (TestNode n = TestNode.start("dir", dir.toString())) {
            BlockingClient c = n.raw();
            Dataset.populate(c, System.currentTimeMillis());
            assertEquals("OK", c.call("SAVE").asString());
        }
        Path file = dir.resolve("dump.rdb");
        byte[] good = Files.readAllBytes(file);
        byte[] truncated = java.util.Arrays.copyOf(good, good.length / 2);
        Files.write(file, truncated);
        Exception e = assertThrows(RdbLoad.LoadFailure.class, () -> TestNode.start("dir", dir.toString()));
        assertTrue(e.getMessage().contains("at byte offset " + truncated.length), e.getMessage());
        assertTrue(e.getMessage().contains("expected"), e.getMessage());
        assertArrayEquals(truncated, Files.readAllBytes(file));
        assertEquals(List.of(file), fileList(dir));

        byte[] flipped = good.clone();
        flipped[good.length - 3] ^= 0x40;   // inside the checksum
        Files.write(file, flipped);
        e = assertThrows(RdbLoad.LoadFailure.class, () -> TestNode.start("dir", dir.toString()));
        assertTrue(e.getMessage().contains("checksum") && e.getMessage().contains("at byte offset " + (good.length - 8)), e.getMessage());
        assertArrayEquals(flipped, Files.readAllBytes(file));

        Files.write(file, "REDIS0010\u00fe".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        e = assertThrows(RdbLoad.LoadFailure.class, () -> TestNode.start("dir", dir.toString()));
        assertTrue(e.getMessage().contains("at byte offset 10"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("temp-" + ProcessHandle.current().pid() + ".rdb")));
    }

    private static List<Path> fileList(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.toList();
        }
    }
}
