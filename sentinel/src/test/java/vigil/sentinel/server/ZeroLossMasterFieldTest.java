package vigil.sentinel.server;

import org.junit.jupiter.api.Test;
import vigil.client.BlockingClient;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** SENTINEL MASTER shows {@code min-replicas-ack} (after parallel-syncs) only in zero-loss mode, so default mode keeps Redis's fields. */
class ZeroLossMasterFieldTest {

    @Test
    void sentinelMasterShowsTheKnownMode() throws Exception {
        try (TestSentinel s = TestSentinel.start("sentinel monitor mymaster 127.0.0.1 6379 2",
                "sentinel monitor other 127.0.0.1 6390 2", "sentinel known-min-replicas-ack mymaster 2 30000");
             BlockingClient c = s.client()) {
            Map<String, String> m = SentinelDifferentialTest.fields(c.call("SENTINEL", "MASTER", "mymaster"));
            assertEquals("2", m.get("min-replicas-ack"), m.toString());
            java.util.List<String> keys = new java.util.ArrayList<>(m.keySet());
            assertEquals(keys.indexOf("parallel-syncs") + 1, keys.indexOf("min-replicas-ack"), keys.toString());
            Map<String, String> other = SentinelDifferentialTest.fields(c.call("SENTINEL", "MASTER", "other"));
            assertFalse(other.containsKey("min-replicas-ack"), other.toString());
        }
    }
}
