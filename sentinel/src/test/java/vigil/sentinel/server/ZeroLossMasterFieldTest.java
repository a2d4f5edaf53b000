package vigil.sentinel.server;

import org.junit.jupiter.api.Test;
import vigil.client.BlockingClient;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SENTINEL MASTER shows {@code min-replicas-ack} (after parallel-syncs) only in zero-loss mode, so
 * default mode keeps Redis's fields; SENTINEL SET min-replicas-ack / min-replicas-ack-join-delay
 * override it and are persisted.
 */
class ZeroLossMasterFieldTest {

    @Test
    void sentinelMasterShowsTheKnownMode() throws Exception {
        java.nio.file.Path confFile;
        try (TestSentinel s = TestSentinel.start("sentinel monitor mymaster 127.0.0.1 6379 2",
                "sentinel monitor other 127.0.0.1 6390 2", "sentinel known-min-replicas-ack mymaster 2 30000");
             BlockingClient c = s.client()) {
            confFile = s.confFile;
            Map<String, String> m = SentinelDifferentialTest.fields(c.call("SENTINEL", "MASTER", "mymaster"));
            assertEquals("2", m.get("min-replicas-ack"), m.toString());
            java.util.List<String> keys = new java.util.ArrayList<>(m.keySet());
            assertEquals(keys.indexOf("parallel-syncs") + 1, keys.indexOf("min-replicas-ack"), keys.toString());
            Map<String, String> other = SentinelDifferentialTest.fields(c.call("SENTINEL", "MASTER", "other"));
            assertFalse(other.containsKey("min-replicas-ack"), other.toString());

            // SENTINEL SET overrides what the master's INFO taught (e.g. to leave a mode the master can no longer report).
            assertEquals("OK", c.call("SENTINEL", "SET", "other", "min-replicas-ack", "1",
                    "min-replicas-ack-join-delay", "5000").asString());
            assertEquals("1", SentinelDifferentialTest.fields(c.call("SENTINEL", "MASTER", "other")).get("min-replicas-ack"));
            assertEquals("OK", c.call("SENTINEL", "SET", "mymaster", "min-replicas-ack", "0").asString());
            assertFalse(SentinelDifferentialTest.fields(c.call("SENTINEL", "MASTER", "mymaster")).containsKey("min-replicas-ack"));
            assertEquals("ERR Invalid argument '-1' for SENTINEL SET 'min-replicas-ack'",
                    c.call("SENTINEL", "SET", "other", "min-replicas-ack", "-1").asString());
        }
        String conf = java.nio.file.Files.readString(confFile);
        assertTrue(conf.contains("sentinel known-min-replicas-ack other 1 5000\n"), conf);
        assertTrue(conf.contains("sentinel known-min-replicas-ack mymaster 0 30000\n"), conf);
    }
}
