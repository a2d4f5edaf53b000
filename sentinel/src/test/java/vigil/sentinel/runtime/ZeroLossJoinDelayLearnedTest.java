package vigil.sentinel.runtime;

import org.junit.jupiter.api.Test;
import vigil.sentinel.netsupport.VigilNode;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The node rule's setting reaches the sentinels: a Vigil master with min-replicas-ack-join-delay
 * reports {@code min_replicas_ack_join_delay} in INFO, a real SentinelRuntime monitoring it learns
 * it (the join-delay gate of docs/zero-loss.md) and persists it with the mode.
 */
class ZeroLossJoinDelayLearnedTest {
    @Test
    void theSentinelLearnsTheMastersJoinDelayFromItsInfo() throws Exception {
        try (VigilNode master = VigilNode.start("min-replicas-ack", "1", "min-replicas-ack-join-delay", "30000")) {
            Path dir = Files.createTempDirectory("vigil-joindelay-sentinel");
            String group = "jd-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
            try (SentinelRuntime s = SentinelFailoverTest.sentinel(group, dir,
                    "sentinel monitor mymaster 127.0.0.1 " + master.port() + " 1")) {
                Path conf = dir.resolve("sentinel-" + s.port() + ".conf");
                SentinelFailoverTest.await("the sentinel to persist the master's mode and join delay", 30_000,
                        () -> read(conf).contains("sentinel known-min-replicas-ack mymaster 1 30000"));
                String rewritten = read(conf);
                assertTrue(rewritten.contains("sentinel known-min-replicas-ack mymaster 1 30000"), rewritten);
                assertTrue(s.brain().masters.get("mymaster").minReplicasAckJoinDelay == 30000, "the brain's state");
            }
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
