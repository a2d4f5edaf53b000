package vigil.sentinel;

import vigil.sentinel.core.SentinelBrain;

import java.io.IOException;

/**
 * What the command server needs from the running sentinel (implemented by the runtime that owns
 * the brain, the links, the Hazelcast group and the conf file). Called on the event-loop thread only.
 */
public interface SentinelHost {
    SentinelBrain brain();

    /** The injected clock, in milliseconds. */
    long now();

    /** Carry out the actions the brain queued (after a command changed it): persist, send, publish. */
    void runActions();

    /** Rewrite the conf file with the current state now (SENTINEL FLUSHCONFIG, SET, MONITOR, REMOVE, CONFIG SET). */
    void flushConfig() throws IOException;

    /** SENTINEL IS-MASTER-DOWN-BY-ADDR from a Redis-protocol client: the answer after any vote is persisted. */
    SentinelBrain.DownAnswer isMasterDownByAddr(vigil.sentinel.core.Addr addr, long epoch, String runId);

    /** This process's pid for INFO, the executable path, the conf path. */
    String configFile();

    /** SHUTDOWN from a client: stop the sentinel (after a final conf flush, as Redis does). */
    default void shutdown() {
    }

    /** Notification and reconfiguration scripts running now / waiting (INFO's sentinel_running_scripts...). */
    default int runningScripts() {
        return 0;
    }

    default int scriptsQueueLength() {
        return 0;
    }

    /** SENTINEL PENDING-SCRIPTS: one map per queued or running script (argv, flags, pid, run-time, run-count). */
    default java.util.List<java.util.Map<String, Object>> pendingScripts() {
        return java.util.List.of();
    }

    /** SENTINEL CONFIG SET sentinel-user/sentinel-pass changed: drop the links to peer sentinels (Redis's sentinelDropConnections). */
    default void dropPeerConnections() {
    }
}
