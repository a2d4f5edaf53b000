package vigil.sentinel.server;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The time parameters SENTINEL DEBUG shows and changes (Redis 7.0's sentinel_info_period ...),
 * in milliseconds, in Redis's order. Kept by the command server; the runtime may read them.
 */
public final class SentinelTimings {
    /** Parameter name as SENTINEL DEBUG prints it -> value. */
    public final Map<String, Long> values = new LinkedHashMap<>();

    public SentinelTimings() {
        values.put("INFO-PERIOD", 10_000L);
        values.put("PING-PERIOD", 1_000L);
        values.put("ASK-PERIOD", 1_000L);
        values.put("PUBLISH-PERIOD", 2_000L);
        values.put("DEFAULT-DOWN-AFTER", 30_000L);
        values.put("DEFAULT-FAILOVER-TIMEOUT", 180_000L);
        values.put("TILT-TRIGGER", 2_000L);
        values.put("TILT-PERIOD", 30_000L);
        values.put("SLAVE-RECONF-TIMEOUT", 10_000L);
        values.put("MIN-LINK-RECONNECT-PERIOD", 15_000L);
        values.put("ELECTION-TIMEOUT", 10_000L);
        values.put("SCRIPT-MAX-RUNTIME", 60_000L);
        values.put("SCRIPT-RETRY-DELAY", 30_000L);
    }

    public long get(String name) {
        return values.get(name);
    }
}
