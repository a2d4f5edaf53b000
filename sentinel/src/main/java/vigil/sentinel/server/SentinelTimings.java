package vigil.sentinel.server;

import vigil.sentinel.core.SentinelBrain;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The time parameters SENTINEL DEBUG shows and changes (Redis 7.0's sentinel_info_period ...),
 * in milliseconds, in Redis's order. The ones the brain has (periods, TILT) are read from and
 * written to it; the others are kept here for the runtime to read.
 */
public final class SentinelTimings {
    static final List<String> NAMES = List.of("INFO-PERIOD", "PING-PERIOD", "ASK-PERIOD", "PUBLISH-PERIOD",
            "DEFAULT-DOWN-AFTER", "DEFAULT-FAILOVER-TIMEOUT", "TILT-TRIGGER", "TILT-PERIOD", "SLAVE-RECONF-TIMEOUT",
            "MIN-LINK-RECONNECT-PERIOD", "ELECTION-TIMEOUT", "SCRIPT-MAX-RUNTIME", "SCRIPT-RETRY-DELAY");

    private final Map<String, Long> own = new HashMap<>(Map.of(
            "DEFAULT-DOWN-AFTER", 30_000L, "DEFAULT-FAILOVER-TIMEOUT", 180_000L, "SLAVE-RECONF-TIMEOUT", 10_000L,
            "MIN-LINK-RECONNECT-PERIOD", 15_000L, "ELECTION-TIMEOUT", 10_000L, "SCRIPT-MAX-RUNTIME", 60_000L,
            "SCRIPT-RETRY-DELAY", 30_000L));

    public long get(SentinelBrain b, String name) {
        return switch (name) {
            case "INFO-PERIOD" -> b.infoPeriodMs;
            case "PING-PERIOD" -> b.pingPeriodMs;
            case "ASK-PERIOD" -> b.askPeriodMs;
            case "PUBLISH-PERIOD" -> b.publishPeriodMs;
            case "TILT-TRIGGER" -> b.tiltTriggerMs;
            case "TILT-PERIOD" -> b.tiltPeriodMs;
            default -> own.get(name);
        };
    }

    void set(SentinelBrain b, String name, long v) {
        switch (name) {
            case "INFO-PERIOD" -> b.infoPeriodMs = v;
            case "PING-PERIOD" -> b.pingPeriodMs = v;
            case "ASK-PERIOD" -> b.askPeriodMs = v;
            case "PUBLISH-PERIOD" -> b.publishPeriodMs = v;
            case "TILT-TRIGGER" -> b.tiltTriggerMs = v;
            case "TILT-PERIOD" -> b.tiltPeriodMs = v;
            default -> own.put(name, v);
        }
    }
}
