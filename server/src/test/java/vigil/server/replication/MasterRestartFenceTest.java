package vigil.server.replication;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vigil.client.BlockingClient;
import vigil.resp.RespValue;
import vigil.server.admission.AdmissionRules;
import vigil.server.replication.restart.ReplStateRecord;
import vigil.server.support.TestNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vigil.server.replication.ReplicaTestKit.*;

/**
 * The crash-restart fence (master-restart-fence) over real sockets: a master with a replica
 * records its replication state in its dir; stopped without saving (the in-process kill -9: its
 * data is gone) and started again on the same dir, it is a master that refuses writes until a role
 * change. A master that never had a replica, the feature switched off and a clean SHUTDOWN with
 * an RDB all restart open.
 */
class MasterRestartFenceTest {
    private Path dir;

    @BeforeEach
    void createDir() throws IOException {
        dir = Files.createTempDirectory("vigil-restart-fence");
    }

    @AfterEach
    void deleteDir() throws IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private TestNode master(String... directives) throws Exception {
        String[] all = new String[directives.length + 2];
        all[0] = "dir";
        all[1] = dir.toString();
        System.arraycopy(directives, 0, all, 2, directives.length);
        return TestNode.start(all);
    }

    private ReplStateRecord recorded() throws IOException {
        Path file = dir.resolve("vigil-repl.state");
        return Files.exists(file) ? ReplStateRecord.parse(Files.readString(file, StandardCharsets.US_ASCII)) : null;
    }

    /** Polls until the state file records the master's current history up to at least its current offset. */
    private ReplStateRecord awaitRecorded(BlockingClient master, int replicas) throws Exception {
        Map<String, String> info = info(master, "replication");
        String replid = info.get("master_replid");
        long offset = Long.parseLong(info.get("master_repl_offset"));
        await("the state file records " + replid + " offset " + offset, () -> {
            ReplStateRecord r = recorded();
            return r != null && r.role() == ReplStateRecord.Role.MASTER && r.replId().equals(replid)
                    && r.offset() >= offset && r.replicas() == replicas;
        });
        return recorded();
    }

    /** A master with one replica in sync after some writes, its state recorded; returns the record. */
    private ReplStateRecord masterWithReplicaRecorded(TestNode m, TestNode r) throws Exception {
        BlockingClient cm = m.raw(), cr = r.raw();
        for (int i = 0; i < 20; i++) assertEquals("OK", cm.call("SET", "k" + i, "v" + i).asString());
        awaitInSync(cm, cr);
        return awaitRecorded(cm, 1);
    }

    private static TestNode replicaOf(TestNode m) throws Exception {
        return TestNode.start("replicaof 127.0.0.1", Integer.toString(m.port()));
    }

    private static String set(BlockingClient c) throws Exception {
        return c.call("SET", "after", "restart").asString();
    }

    @Test
    void aMasterRestartedEmptyBehindItsRecordIsFencedUntilReplicaofNoOne() throws Exception {
        ReplStateRecord rec;
        try (TestNode m = master(); TestNode r = replicaOf(m)) {
            rec = masterWithReplicaRecorded(m, r);
            m.close();   // no save: the data dies with the node, as with kill -9 and save ""
        }
        try (TestNode m = master()) {
            BlockingClient c = m.raw();
            assertEquals("master", ((RespValue.Aggregate) c.call("ROLE")).items().get(0).asString());
            assertEquals(AdmissionRules.FENCED, set(c));
            assertEquals(AdmissionRules.FENCED, c.call("DEL", "k1").asString());
            assertNull(c.call("GET", "k1").asString(), "reads are served (the data is gone)");
            Map<String, String> info = info(c, "replication");
            assertEquals("1", info.get("master_fenced"));
            assertEquals("restarted-behind/replid/" + rec.replId() + "/offset/" + rec.offset(), info.get("master_fenced_by"));
            assertEquals(rec, recorded(), "the fenced node keeps the record that explains its fence");
            c.call("PUBLISH", "__sentinel__:hello", "127.0.0.1,26379," + "0".repeat(40) + ",7,mymaster,127.0.0.1," + m.port() + ",7");
            assertEquals(AdmissionRules.FENCED, set(c), "a sentinel still naming this node does not lift the start fence");
            assertEquals("OK", c.call("REPLICAOF", "NO", "ONE").asString(), "Redis's reply on a master");
            assertEquals("OK", set(c), "the operator (or a sentinel) said it is the master");
            assertFalse(info(c, "replication").containsKey("master_fenced"));
            awaitRecorded(c, 0);   // the lifted fence records this master as it is: alone
            m.close();
        }
        try (TestNode m = master()) {
            assertEquals("OK", set(m.raw()), "killed again with no replica: nothing to protect");
        }
    }

    @Test
    void replicaofHostPortLiftsTheStartFence() throws Exception {
        try (TestNode m = master(); TestNode r = replicaOf(m)) {
            masterWithReplicaRecorded(m, r);
            m.close();
            try (TestNode restarted = master()) {
                BlockingClient c = restarted.raw();
                assertEquals(AdmissionRules.FENCED, set(c));
                assertEquals("OK", r.raw().call("REPLICAOF", "NO", "ONE").asString());   // the sentinels' failover
                assertEquals("OK", c.call("REPLICAOF", "127.0.0.1", Integer.toString(r.port())).asString());
                assertEquals(AdmissionRules.READONLY, set(c), "a replica now: the readonly rule answers");
                await("the state file records a replica", () -> recorded().role() == ReplStateRecord.Role.REPLICA);
                awaitInSync(r.raw(), c);
                assertEquals("v1", c.call("GET", "k1").asString(), "the data came back from the replica");
            }
        }
    }

    @Test
    void aMasterThatNeverHadAReplicaRestartsOpen() throws Exception {
        try (TestNode m = master()) {
            BlockingClient c = m.raw();
            for (int i = 0; i < 20; i++) c.call("SET", "k" + i, "v" + i);
            assertEquals("20", info(c, "keyspace").get("db0").split("[=,]")[1]);
            m.close();
        }
        assertNull(recorded(), "a master without replicas records nothing");
        try (TestNode m = master()) {
            assertEquals("OK", set(m.raw()));
        }
    }

    @Test
    void masterRestartFenceNoRestartsOpenDespiteTheRecord() throws Exception {
        try (TestNode m = master(); TestNode r = replicaOf(m)) {
            masterWithReplicaRecorded(m, r);
            m.close();
        }
        try (TestNode m = master("master-restart-fence", "no")) {
            BlockingClient c = m.raw();
            assertEquals("OK", set(c));
            assertFalse(info(c, "replication").containsKey("master_fenced"));
            assertEquals("no", ((RespValue.Aggregate) c.call("CONFIG", "GET", "master-restart-fence")).items().get(1).asString());
        }
    }

    @Test
    void aCleanShutdownWithAnRdbRestartsOpen() throws Exception {
        try (TestNode m = master(); TestNode r = replicaOf(m)) {
            BlockingClient cm = m.raw();
            assertEquals("OK", cm.call("CONFIG", "SET", "save", "3600 1").asString());
            ReplStateRecord rec = masterWithReplicaRecorded(m, r);
            cm.send("SHUTDOWN");
            try {
                cm.read();
            } catch (IOException closed) {
                // the connection closes with the node
            }
            m.node.closed().get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertTrue(Files.exists(dir.resolve("dump.rdb")));
            try (TestNode restarted = master()) {
                BlockingClient c = restarted.raw();
                assertEquals("v1", c.call("GET", "k1").asString(), "loaded from the RDB");
                assertEquals("OK", set(c));
                Map<String, String> info = info(c, "replication");
                assertFalse(info.containsKey("master_fenced"));
                assertEquals(rec.replId(), info.get("master_replid2"), "the RDB's history continues");
            }
        }
    }
}
