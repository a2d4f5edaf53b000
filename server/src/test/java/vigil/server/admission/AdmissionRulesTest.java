package vigil.server.admission;

import org.junit.jupiter.api.Test;
import vigil.client.BlockingClient;
import vigil.server.support.Differential;
import vigil.server.support.RedisProcess;
import vigil.server.support.TestNode;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One test per admission rule, through real sockets, against Redis 7.0 where its state is reachable. */
class AdmissionRulesTest {

    static void awaitBgsaveError(BlockingClient c) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            String info = c.call("INFO", "persistence").asString();
            if (info.contains("rdb_bgsave_in_progress:0") && info.contains("rdb_last_bgsave_status:err")) return;
            Thread.sleep(10);
        }
        throw new AssertionError("the background save did not fail");
    }

    @Test
    void noMultiCommandsAreRefusedInsideMultiAndFlagTheTransaction() throws Exception {
        try (RedisProcess redis = RedisProcess.start(); TestNode n = TestNode.start();
             Differential d = new Differential(n.raw(), redis.raw())) {
            d.check("MULTI");
            assertEquals(AdmissionRules.NO_MULTI, d.check("SAVE").asString());
            d.check("SET", "k", "v");
            d.check("EXEC");
            d.check("GET", "k");
        }
    }

    @Test
    void misconfRefusesWritesAndPingAfterAFailedBackgroundSave() throws Exception {
        Path vdir = Files.createTempDirectory("vigil-gone");
        Path rdir = Files.createTempDirectory("redis-gone");
        try (RedisProcess redis = RedisProcess.start("--dir", rdir.toString(), "--save", "3600 1");
             TestNode n = TestNode.start("dir", vdir.toString(), "save", "3600 1");
             Differential d = new Differential(n.raw(), redis.raw())) {
            Files.delete(vdir);
            Files.delete(rdir);
            d.check("BGSAVE");
            awaitBgsaveError(redis.raw());
            awaitBgsaveError(n.raw());
            assertEquals(AdmissionRules.MISCONF, d.check("SET", "k", "v").asString());
            d.check("PING");
            d.check("GET", "k");
            d.check("ECHO", "x");
        }
    }

    @Test
    void noreplicasRefusesWritesWithoutEnoughGoodReplicas() throws Exception {
        try (RedisProcess redis = RedisProcess.start("--min-replicas-to-write", "1", "--min-replicas-max-lag", "10");
             TestNode n = TestNode.start("min-replicas-to-write", "1", "min-replicas-max-lag", "10");
             Differential d = new Differential(n.raw(), redis.raw())) {
            assertEquals(AdmissionRules.NOREPLICAS, d.check("SET", "k", "v").asString());
            d.check("GET", "k");
            d.check("MULTI");
            d.check("INCR", "n");
            d.check("EXEC");
        }
    }

    /** Vigil's min-replicas-ack without enough online replicas answers as Redis's min-replicas-to-write does. */
    @Test
    void noreplicasAckRefusesWritesWithoutEnoughOnlineReplicas() throws Exception {
        int deadPort = RedisProcess.freePort();
        try (RedisProcess redis = RedisProcess.start("--min-replicas-to-write", "1", "--min-replicas-max-lag", "10");
             TestNode n = TestNode.start("min-replicas-ack", "1");
             Differential d = new Differential(n.raw(), redis.raw())) {
            assertEquals(AdmissionRules.NOREPLICAS, d.check("SET", "k", "v").asString());
            d.check("GET", "k");
            d.check("PUBLISH", "ch", "m");   // not a write command
            d.check("MULTI");
            d.check("INCR", "n");
            d.check("EXEC");
            d.check("REPLICAOF", "127.0.0.1", Integer.toString(deadPort));   // never on a replica
            assertEquals(AdmissionRules.READONLY, d.check("SET", "k", "v").asString());
            d.check("REPLICAOF", "NO", "ONE");
        }
    }

    @Test
    void readonlyRefusesWritesOnAReplica() throws Exception {
        int deadPort = RedisProcess.freePort();
        try (RedisProcess redis = RedisProcess.start(); TestNode n = TestNode.start();
             Differential d = new Differential(n.raw(), redis.raw())) {
            d.check("REPLICAOF", "127.0.0.1", Integer.toString(deadPort));
            assertEquals(AdmissionRules.READONLY, d.check("SET", "k", "v").asString());
            d.check("GET", "k");
            d.check("MULTI");
            d.check("DEL", "k");
            d.check("EXEC");
            d.check("REPLICAOF", "NO", "ONE");
        }
    }

    @Test
    void aResp2SubscriberRunsOnlyThePubSubCommands() throws Exception {
        try (RedisProcess redis = RedisProcess.start(); TestNode n = TestNode.start();
             Differential d = new Differential(n.raw(), redis.raw())) {
            d.check("SUBSCRIBE", "ch");
            assertTrue(d.check("GET", "k").asString().startsWith("ERR Can't execute 'get'"));
            d.check("CONFIG", "GET", "maxmemory");
            d.check("PING");
            d.check("UNSUBSCRIBE", "ch");
            d.check("GET", "k");
        }
    }

    @Test
    void masterdownRefusesNonStaleCommandsWhileTheLinkIsDown() throws Exception {
        int deadPort = RedisProcess.freePort();
        try (RedisProcess redis = RedisProcess.start("--replica-serve-stale-data", "no");
             TestNode n = TestNode.start("replica-serve-stale-data", "no");
             Differential d = new Differential(n.raw(), redis.raw())) {
            d.check("REPLICAOF", "127.0.0.1", Integer.toString(deadPort));
            assertEquals(AdmissionRules.MASTERDOWN, d.check("GET", "k").asString());
            d.check("PING");                                   // not stale: MASTERDOWN too
            d.check("ECHO", "x");
            d.check("REPLICAOF", "NO", "ONE");
            d.check("GET", "k");
        }
    }

    /** LOADING is what a replica answers while a full sync's payload loads; the state is forced here (see ReplicaSideTest for a real one). */
    @Test
    void loadingRefusesCommandsWithoutTheLoadingFlag() throws Exception {
        try (TestNode n = TestNode.start()) {
            BlockingClient c = n.raw();
            n.node.onLoop(() -> n.node.server().replicationState.loading = true);
            try {
                assertEquals(AdmissionRules.LOADING, c.call("GET", "k").asString());
                c.call("MULTI");
                assertEquals(AdmissionRules.LOADING, c.call("SET", "k", "v").asString());
                assertTrue(c.call("EXEC").asString().startsWith("EXECABORT"));
                assertTrue(c.call("INFO", "replication").asString().contains("role:master"));   // INFO has the loading flag
            } finally {
                n.node.onLoop(() -> n.node.server().replicationState.loading = false);
            }
            assertEquals(null, c.call("GET", "k").asString());
        }
    }
}
