package vigil.sentinel.runtime;

import org.junit.jupiter.api.Test;
import vigil.sentinel.netsupport.VigilNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SENTINEL SIMULATE-FAILURE crash-after-election stops the sentinel right after it is elected, before it promotes anyone. */
class SimulatedCrashTest {

    @Test
    void crashAfterElectionStopsBeforeThePromotion() throws Exception {
        try (VigilNode master = VigilNode.start(); VigilNode replica = VigilNode.start()) {
            assertEquals("OK", replica.call("REPLICAOF", "127.0.0.1", Integer.toString(master.port())));
            Path dir = Files.createTempDirectory("vigil-simcrash");
            SentinelRuntime s = SentinelFailoverTest.sentinel("simcrash-" + System.nanoTime(), dir,
                    "sentinel monitor mymaster 127.0.0.1 " + master.port() + " 1");
            try {
                CountDownLatch crashed = new CountDownLatch(1);
                s.onSimulatedCrash(crashed::countDown);
                SentinelFailoverTest.await("the sentinel to find the replica", 30_000, () -> {
                    try {
                        return s.call(() -> s.brain().masters.get("mymaster").replicas.values().stream()
                                .anyMatch(r -> r.linkUp && r.infoRefresh > 0));
                    } catch (Exception e) {
                        return false;
                    }
                });
                assertEquals("OK", SentinelFailoverTest.call(s.port(), "SENTINEL", "SIMULATE-FAILURE", "crash-after-election"));
                assertEquals("OK", SentinelFailoverTest.call(s.port(), "SENTINEL", "FAILOVER", "mymaster"));
                assertTrue(crashed.await(10, TimeUnit.SECONDS), "the simulated crash happened");
                assertTrue(replica.call("INFO", "replication").contains("role:slave"), "nobody was promoted");
            } finally {
                s.close();
            }
        }
    }
}
