package vigil.server.admission;

import org.junit.jupiter.api.Test;
import vigil.client.BlockingClient;
import vigil.resp.server.dispatch.AdmissionRule;
import vigil.server.config.ServerConfig;
import vigil.server.support.BareNode;
import vigil.server.support.Differential;
import vigil.server.support.RedisProcess;
import vigil.server.support.TestNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The order of the admission rules when several apply at once, checked against Redis 7.0
 * (processCommand in src/server.c): the same commands go to a Vigil node and a redis-server in
 * the same state, and the replies must be identical.
 */
class AdmissionOrderTest {

    @Test
    void theRulesRunInRedisProcessCommandOrder() {
        Admission admission = BareNode.assemble(new ServerConfig()).admission;
        assertEquals(List.of("no-multi", "misconf", "noreplicas", "noreplicas-ack", "readonly", "fenced", "pubsub-context", "masterdown", "loading"),
                admission.rules().stream().map(AdmissionRule::name).toList());
    }

    /** A BGSAVE fails (its directory is gone) while save points are set: MISCONF. */
    private static void failBackgroundSave(Differential d, BlockingClient redis, BlockingClient vigil) throws Exception {
        d.check("CONFIG", "SET", "save", "3600 1");
        d.check("BGSAVE");
        AdmissionRulesTest.awaitBgsaveError(redis);
        AdmissionRulesTest.awaitBgsaveError(vigil);
    }

    @Test
    void misconfComesBeforeReadonlyOnAReplicaWhoseLastSaveFailed() throws Exception {
        Path vdir = Files.createTempDirectory("vigil-gone");
        Path rdir = Files.createTempDirectory("redis-gone");
        int deadPort = RedisProcess.freePort();
        try (RedisProcess redis = RedisProcess.start("--dir", rdir.toString());
             TestNode n = TestNode.start("dir", vdir.toString());
             Differential d = new Differential(n.raw(), redis.raw())) {
            Files.delete(vdir);
            Files.delete(rdir);
            failBackgroundSave(d, redis.raw(), n.raw());
            d.check("REPLICAOF", "127.0.0.1", Integer.toString(deadPort));
            assertEquals(AdmissionRules.MISCONF, d.check("SET", "k", "v").asString());
            d.check("PING");                                   // MISCONF too: PING is refused on disk errors
            d.check("GET", "k");
            d.check("MULTI");
            d.check("SET", "k", "v");                          // MISCONF, and the transaction is flagged
            d.check("EXEC");                                   // EXECABORT
            d.check("CONFIG", "SET", "stop-writes-on-bgsave-error", "no");
            assertEquals(AdmissionRules.READONLY, d.check("SET", "k", "v").asString());
            d.check("REPLICAOF", "NO", "ONE");
        }
    }

    @Test
    void misconfComesBeforeNoreplicasOnAMaster() throws Exception {
        Path vdir = Files.createTempDirectory("vigil-gone");
        Path rdir = Files.createTempDirectory("redis-gone");
        try (RedisProcess redis = RedisProcess.start("--dir", rdir.toString());
             TestNode n = TestNode.start("dir", vdir.toString());
             Differential d = new Differential(n.raw(), redis.raw())) {
            Files.delete(vdir);
            Files.delete(rdir);
            failBackgroundSave(d, redis.raw(), n.raw());
            d.check("CONFIG", "SET", "min-replicas-to-write", "1");
            d.check("CONFIG", "SET", "min-replicas-max-lag", "10");
            assertEquals(AdmissionRules.MISCONF, d.check("SET", "k", "v").asString());
            d.check("CONFIG", "SET", "stop-writes-on-bgsave-error", "no");
            assertEquals(AdmissionRules.NOREPLICAS, d.check("SET", "k", "v").asString());
        }
    }

    /** NOREPLICAS never applies to a replica (checkGoodReplicasStatus is true with a masterhost): READONLY answers. */
    @Test
    void aReplicaWithMinReplicasToWriteAnswersReadonly() throws Exception {
        int deadPort = RedisProcess.freePort();
        try (RedisProcess redis = RedisProcess.start("--min-replicas-to-write", "1", "--min-replicas-max-lag", "10");
             TestNode n = TestNode.start("min-replicas-to-write", "1", "min-replicas-max-lag", "10");
             Differential d = new Differential(n.raw(), redis.raw())) {
            assertEquals(AdmissionRules.NOREPLICAS, d.check("SET", "k", "v").asString());
            d.check("REPLICAOF", "127.0.0.1", Integer.toString(deadPort));
            assertEquals(AdmissionRules.READONLY, d.check("SET", "k", "v").asString());
            d.check("REPLICAOF", "NO", "ONE");
        }
    }

    /** In a RESP2 subscriber on a replica, a write gets READONLY (checked first), a read the Pub/Sub context error. */
    @Test
    void readonlyComesBeforeThePubSubContext() throws Exception {
        int deadPort = RedisProcess.freePort();
        try (RedisProcess redis = RedisProcess.start(); TestNode n = TestNode.start();
             Differential d = new Differential(n.raw(), redis.raw())) {
            redis.raw().call("REPLICAOF", "127.0.0.1", Integer.toString(deadPort));
            n.raw().call("REPLICAOF", "127.0.0.1", Integer.toString(deadPort));
            d.check("SUBSCRIBE", "ch");
            assertEquals(AdmissionRules.READONLY, d.check("SET", "k", "v").asString());
            d.check("GET", "k");
            d.check("PING");
        }
    }

    /** Redis 7.0 looks the command up and checks its arity before authentication. */
    @Test
    void unknownCommandsAndWrongArityComeBeforeNoauth() throws Exception {
        try (RedisProcess redis = RedisProcess.start(); TestNode n = TestNode.start()) {
            redis.raw().call("CONFIG", "SET", "requirepass", "pw");   // after the start: RedisProcess waits for PONG
            n.raw().call("CONFIG", "SET", "requirepass", "pw");
            Differential d = new Differential(n.raw(), redis.raw());
            d.check("NOSUCHCOMMAND", "a");
            d.check("GET");
            d.check("CONFIG", "NOSUCHSUB");
            assertEquals("NOAUTH Authentication required.", d.check("GET", "k").asString());
            d.check("MULTI");                                  // NOAUTH as well
            d.check("AUTH", "pw");
            d.check("GET", "k");
        }
    }

    /** CLIENT PAUSE holds a command only once every rule admitted it: a paused write to a replica gets READONLY at once. */
    @Test
    void theClientPauseComesAfterTheRules() throws Exception {
        int deadPort = RedisProcess.freePort();
        try (RedisProcess redis = RedisProcess.start(); TestNode n = TestNode.start();
             Differential d = new Differential(n.raw(), redis.raw())) {
            d.check("REPLICAOF", "127.0.0.1", Integer.toString(deadPort));
            d.check("CLIENT", "PAUSE", "60000", "WRITE");
            assertEquals(AdmissionRules.READONLY, d.check("SET", "k", "v").asString());
            d.check("CLIENT", "UNPAUSE");
            d.check("REPLICAOF", "NO", "ONE");
        }
    }

    /**
     * Both apply while a replica whose link is down loads a payload: MASTERDOWN is checked first
     * (the flag set by hand here; {@link LoadingOrderTest} checks it on replicas really loading, against Redis).
     */
    @Test
    void masterdownComesBeforeLoading() throws Exception {
        int deadPort = RedisProcess.freePort();
        try (TestNode n = TestNode.start("replica-serve-stale-data", "no", "replicaof", "127.0.0.1 " + deadPort)) {
            BlockingClient c = n.raw();
            n.node.onLoop(() -> n.node.server().replicationState.loading = true);
            try {
                assertEquals(AdmissionRules.MASTERDOWN, c.call("GET", "k").asString());
                c.call("CONFIG", "SET", "replica-serve-stale-data", "yes");
                assertEquals(AdmissionRules.LOADING, c.call("GET", "k").asString());
            } finally {
                n.node.onLoop(() -> n.node.server().replicationState.loading = false);
            }
        }
    }
}
