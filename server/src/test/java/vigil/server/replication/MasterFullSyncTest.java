package vigil.server.replication;

import vigil.resp.RespCommand;
import org.junit.jupiter.api.Test;
import vigil.client.BlockingClient;
import vigil.server.support.RedisProcess;
import vigil.server.support.TestNode;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static vigil.server.replication.ReplicaTestKit.*;

/**
 * Full sync details: writes made while the snapshot is walked reach the replica after the
 * payload (none lost, none applied twice), the disk-based $len payload, and a chain
 * master -> A -> B sharing one replication id and offset.
 */
class MasterFullSyncTest {

    private static void slowSnapshots(TestNode n) throws Exception {
        n.node.onLoop(() -> {
            n.node.server().persistence.setSliceBudget(20, 1_000_000);
            return null;
        });
    }

    @Test
    void writesDuringTheSnapshotFollowThePayload() throws Exception {
        try (TestNode master = TestNode.start(); TestNode replica = TestNode.start()) {
            BlockingClient m = master.raw(), r = replica.raw();
            for (int i = 0; i < 3000; i++) m.call("SET", "key:" + i, "value-" + i);
            populate(m, "p:");
            slowSnapshots(master);
            r.call("REPLICAOF", "127.0.0.1", Integer.toString(master.port()));
            // overwrite, delete and add keys while the slow snapshot walks them
            for (int i = 0; i < 3000; i += 3) {
                m.call("SET", "key:" + i, "new-" + i);
                m.call("DEL", "key:" + (i + 1));
                m.call("INCR", "counter");
                m.call("RPUSH", "p:list", "x" + i);
            }
            awaitInSync(m, r);
            assertSameData(m, r);
            assertEquals("1000", r.call("GET", "counter").asString());
        }
    }

    @Test
    void aBreakLongerThanTheBacklogForcesAFullSync() throws Exception {
        try (TestNode master = TestNode.start("repl-backlog-size", "16384"); TestNode replica = TestNode.start()) {
            BlockingClient m = master.raw(), r = replica.raw();
            populate(m, "b:");
            r.call("REPLICAOF", "127.0.0.1", Integer.toString(master.port()));
            awaitInSync(m, r);
            String big = "x".repeat(40_000);
            // the kill and a write larger than the backlog leave in one packet, before the replica can reconnect
            java.io.ByteArrayOutputStream both = new java.io.ByteArrayOutputStream();
            both.writeBytes(RespCommand.encode("CLIENT".getBytes(), "KILL".getBytes(), "TYPE".getBytes(), "replica".getBytes()));
            both.writeBytes(RespCommand.encode("SET".getBytes(), "big".getBytes(), big.getBytes()));
            m.sendRaw(both.toByteArray());
            m.read();
            m.read();
            awaitInSync(m, r);
            assertSameData(m, r);
            assertEquals("2", info(m, "stats").get("sync_full"));
            assertEquals(big, r.call("GET", "big").asString());
        }
    }

    @Test
    void masterRestartedFromItsRdbContinuesPartially() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("vigil-restart");
        int port = RedisProcess.freePort();
        try (TestNode replica = TestNode.start()) {
            BlockingClient r = replica.raw();
            String replid;
            try (TestNode master = TestNode.start("port", Integer.toString(port), "dir", dir.toString(), "repl-ping-replica-period", "3600")) {
                BlockingClient m = master.raw();
                populate(m, "r:");
                r.call("REPLICAOF", "127.0.0.1", Integer.toString(port));
                awaitInSync(m, r);
                writes(m, "w:", 20);
                awaitInSync(m, r);
                replid = info(m, "replication").get("master_replid");
                assertEquals("OK", m.call("SAVE").asString());
            }
            try (TestNode master = TestNode.start("port", Integer.toString(port), "dir", dir.toString())) {
                BlockingClient m = master.raw();
                Map<String, String> repl = info(m, "replication");
                assertEquals(replid, repl.get("master_replid2"));
                awaitInSync(m, r);
                assertEquals("1", info(m, "stats").get("sync_partial_ok"));
                assertEquals("0", info(m, "stats").get("sync_full"));
                writes(m, "after:", 20);
                awaitInSync(m, r);
                assertSameData(m, r);
            }
        }
    }

    @Test
    void replicaOverItsOutputBufferLimitDuringTheSyncIsDroppedAndResyncs() throws Exception {
        try (TestNode master = TestNode.start("client-output-buffer-limit", "replica 65536 0 0"); TestNode replica = TestNode.start()) {
            BlockingClient m = master.raw(), r = replica.raw();
            for (int i = 0; i < 3000; i++) m.call("SET", "key:" + i, "value-" + i);
            slowSnapshots(master);
            r.call("REPLICAOF", "127.0.0.1", Integer.toString(master.port()));
            await("sync started", () -> info(m, "replication").getOrDefault("slave0", "").contains("state=wait_bgsave")
                    || info(m, "replication").getOrDefault("slave0", "").contains("state=send_bulk"));
            String value = "v".repeat(10_000);
            for (int i = 0; i < 20 && Long.parseLong(info(m, "stats").get("sync_full")) < 2; i++) m.call("SET", "big:" + i, value);
            await("dropped and resynced", () -> Long.parseLong(info(m, "stats").get("sync_full")) >= 2);
            awaitInSync(m, r);
            assertSameData(m, r);
        }
    }

    @Test
    void aReplicaArrivingDuringABgsaveWaitsForItThenSyncs() throws Exception {
        Path dir = java.nio.file.Files.createTempDirectory("vigil-wait-bgsave");
        try (TestNode master = TestNode.start("dir", dir.toString()); TestNode replica = TestNode.start()) {
            BlockingClient m = master.raw(), r = replica.raw();
            java.io.ByteArrayOutputStream batch = new java.io.ByteArrayOutputStream();
            for (int i = 0; i < 10000; i++) batch.writeBytes(RespCommand.encode("SET".getBytes(), ("k" + i).getBytes(), ("v" + i).getBytes()));
            m.sendRaw(batch.toByteArray());
            for (int i = 0; i < 10000; i++) m.read();
            slowSnapshots(master);
            assertEquals("Background saving started", m.call("BGSAVE").asString());
            r.call("REPLICAOF", "127.0.0.1", Integer.toString(master.port()));
            m.call("SET", "during", "bgsave");
            awaitInSync(m, r);
            assertSameData(m, r);
            assertEquals("0", info(m, "persistence").get("rdb_bgsave_in_progress"));
        }
    }

    @Test
    void flushAllAndSwapDbDuringTheSnapshot() throws Exception {
        try (TestNode master = TestNode.start(); TestNode replica = TestNode.start()) {
            BlockingClient m = master.raw(), r = replica.raw();
            for (int i = 0; i < 3000; i++) m.call("SET", "key:" + i, "value-" + i);
            populate(m, "p:");
            slowSnapshots(master);
            r.call("REPLICAOF", "127.0.0.1", Integer.toString(master.port()));
            await("sync started", () -> info(m, "replication").getOrDefault("slave0", "").contains("state="));
            m.call("SWAPDB", "0", "1");
            m.call("SET", "after-swap", "1");
            m.call("FLUSHDB");
            m.call("SELECT", "7");
            m.call("FLUSHALL");
            m.call("SET", "after-flush", "2");
            awaitInSync(m, r);
            assertSameData(m, r);
        }
    }

    @Test
    void diskBasedPayloadWithLength() throws Exception {
        try (TestNode master = TestNode.start("repl-diskless-sync", "no"); TestNode replica = TestNode.start()) {
            BlockingClient m = master.raw(), r = replica.raw();
            populate(m, "d:");
            r.call("REPLICAOF", "127.0.0.1", Integer.toString(master.port()));
            awaitInSync(m, r);
            assertSameData(m, r);
            writes(m, "w:", 50);
            awaitInSync(m, r);
            assertSameData(m, r);
        }
    }

    @Test
    void redisReplicaGetsDiskBasedPayload() throws Exception {
        try (TestNode master = TestNode.start("repl-diskless-sync", "no");
             RedisProcess redis = RedisProcess.start("--enable-debug-command", "yes")) {
            BlockingClient m = master.raw(), r = redis.raw();
            populate(m, "d:");
            r.call("REPLICAOF", "127.0.0.1", Integer.toString(master.port()));
            awaitInSync(m, r);
            assertSameData(m, r);
        }
    }

    @Test
    void chainMasterToAToBSharesIdAndOffset() throws Exception {
        try (TestNode master = TestNode.start(); TestNode a = TestNode.start(); TestNode b = TestNode.start()) {
            BlockingClient m = master.raw(), ra = a.raw(), rb = b.raw();
            populate(m, "c:");
            ra.call("REPLICAOF", "127.0.0.1", Integer.toString(master.port()));
            awaitInSync(m, ra);
            rb.call("REPLICAOF", "127.0.0.1", Integer.toString(a.port()));
            awaitInSync(m, rb);
            writes(m, "w:", 100);
            awaitInSync(m, ra);
            awaitInSync(m, rb);
            assertSameData(m, ra);
            assertSameData(m, rb);
            Map<String, String> im = info(m, "replication"), ia = info(ra, "replication"), ib = info(rb, "replication");
            assertEquals(im.get("master_replid"), ia.get("master_replid"));
            assertEquals(im.get("master_replid"), ib.get("master_replid"));
            assertEquals(im.get("master_repl_offset"), ib.get("master_repl_offset"));
            assertEquals("1", ia.get("connected_slaves"));
            // B's link to A cut: B continues partially from A's backlog
            ra.call("CLIENT", "KILL", "TYPE", "replica");
            writes(m, "w2:", 30);
            await("B continued partially", () -> "1".equals(info(ra, "stats").get("sync_partial_ok")));
            awaitInSync(m, rb);
            assertSameData(m, rb);
        }
    }
}
