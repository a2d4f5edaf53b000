package vigil.server.replication;

import org.junit.jupiter.api.Test;
import vigil.client.BlockingClient;
import vigil.server.support.RedisProcess;
import vigil.server.support.TestNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vigil.server.replication.ReplicaTestKit.*;

/**
 * A replica restarted from its own RDB (repl-id / repl-offset / repl-stream-db aux fields)
 * rebuilds its cached master and continues with +CONTINUE: the master counts a partial sync,
 * not a full one (Redis 7.0 loadDataFromDisk -> replicationCacheMasterUsingMyself).
 */
class ReplicaRestartTest {

    /** A replica node with a fixed port and dir, replicating from masterPort from its conf. */
    private static TestNode replica(int port, Path dir, int masterPort) throws Exception {
        return TestNode.start("port", Integer.toString(port), "dir", dir.toString(),
                "replicaof 127.0.0.1", Integer.toString(masterPort));
    }

    private static void shutdownSave(BlockingClient c) throws Exception {
        c.send("SHUTDOWN", "SAVE");
        try {
            c.read();
        } catch (IOException closed) {
            // the connection closes with the node
        }
    }

    private static void awaitDown(int port) throws Exception {
        await("node stopped", () -> {
            try (BlockingClient probe = new BlockingClient("127.0.0.1", port, 500)) {
                return false;
            } catch (IOException e) {
                return true;
            }
        });
    }

    @Test
    void replicaRestartedFromItsRdbContinuesPartiallyFromAVigilMaster() throws Exception {
        Path dir = Files.createTempDirectory("vigil-replica-restart");
        int port = RedisProcess.freePort();
        try (TestNode m = TestNode.start("repl-ping-replica-period", "3600")) {
            BlockingClient cm = m.raw();
            populate(cm, "p:");
            try (TestNode r = replica(port, dir, m.port())) {
                BlockingClient cr = r.raw();
                awaitInSync(cm, cr);
                cm.call("SELECT", "5");
                cm.call("SET", "in-db-5", "x");   // the stream's db at save time is 5
                cm.call("SELECT", "0");
                awaitInSync(cm, cr);
                shutdownSave(cr);
                awaitDown(port);
            }
            cm.call("SELECT", "5");
            cm.call("SET", "while-down", "1");   // still db 5 for the stream: no SELECT, the replica must know it from the RDB
            cm.call("SELECT", "0");
            writes(cm, "down:", 10);
            assertEquals("1", info(cm, "stats").get("sync_full"));
            try (TestNode r = replica(port, dir, m.port())) {
                BlockingClient cr = r.raw();
                awaitInSync(cm, cr);
                Map<String, String> stats = info(cm, "stats");
                assertEquals("1", stats.get("sync_partial_ok"));
                assertEquals("1", stats.get("sync_full"));
                cr.call("SELECT", "5");
                assertEquals("1", cr.call("GET", "while-down").asString());
                cr.call("SELECT", "0");
                writes(cm, "after:", 10);
                awaitInSync(cm, cr);
                assertSameData(cm, cr);
            }
        }
    }

    @Test
    void replicaRestartedFromItsRdbContinuesPartiallyFromARedisMaster() throws Exception {
        RedisProcess.assumeAvailable();
        Path dir = Files.createTempDirectory("vigil-replica-restart");
        int port = RedisProcess.freePort();
        try (RedisProcess redis = RedisProcess.start("--repl-diskless-sync-delay", "0")) {
            BlockingClient cm = redis.raw();
            populate(cm, "p:");
            try (TestNode r = replica(port, dir, redis.port)) {
                BlockingClient cr = r.raw();
                awaitInSync(cm, cr);
                shutdownSave(cr);
                awaitDown(port);
            }
            writes(cm, "down:", 10);
            try (TestNode r = replica(port, dir, redis.port)) {
                BlockingClient cr = r.raw();
                awaitInSync(cm, cr);
                Map<String, String> stats = info(cm, "stats");
                assertEquals("1", stats.get("sync_partial_ok"));
                assertEquals("1", stats.get("sync_full"));
                assertEquals(dump(cm), dump(cr));
            }
        }
    }

    @Test
    void replicaWithoutSavedHistoryStartsWithAFullSync() throws Exception {
        Path dir = Files.createTempDirectory("vigil-replica-restart");
        int port = RedisProcess.freePort();
        try (TestNode m = TestNode.start()) {
            BlockingClient cm = m.raw();
            cm.call("SET", "k", "v");
            try (TestNode r = replica(port, dir, m.port())) {
                awaitInSync(cm, r.raw());
            }
            assertTrue(Files.notExists(dir.resolve("dump.rdb")));   // no save: nothing to continue from
            try (TestNode r = replica(port, dir, m.port())) {
                awaitInSync(cm, r.raw());
                assertEquals("2", info(cm, "stats").get("sync_full"));
            }
        }
    }
}
