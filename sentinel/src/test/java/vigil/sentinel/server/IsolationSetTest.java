package vigil.sentinel.server;

import org.junit.jupiter.api.Test;
import vigil.client.BlockingClient;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SENTINEL SET isolation-step-down yes|no over the wire: SENTINEL MASTER shows the field only when
 * it is off (so the default reply keeps Redis's fields), the conf keeps it, bad values get Redis's
 * SENTINEL SET error.
 */
class IsolationSetTest {
    @Test
    void setShowAndPersist() throws Exception {
        java.nio.file.Path confFile;
        try (TestSentinel s = TestSentinel.start("sentinel monitor mymaster 127.0.0.1 6379 2");
             BlockingClient c = s.client()) {
            confFile = s.confFile;
            assertFalse(SentinelDifferentialTest.fields(c.call("SENTINEL", "MASTER", "mymaster")).containsKey("isolation-step-down"));
            assertEquals("OK", c.call("SENTINEL", "SET", "mymaster", "isolation-step-down", "no").asString());
            Map<String, String> m = SentinelDifferentialTest.fields(c.call("SENTINEL", "MASTER", "mymaster"));
            assertEquals("no", m.get("isolation-step-down"), m.toString());
            assertEquals("ERR Invalid argument 'maybe' for SENTINEL SET 'isolation-step-down'",
                    c.call("SENTINEL", "SET", "mymaster", "isolation-step-down", "maybe").asString());
        }
        String conf = java.nio.file.Files.readString(confFile);
        assertTrue(conf.contains("sentinel isolation-step-down mymaster no\n"), conf);
    }
}
