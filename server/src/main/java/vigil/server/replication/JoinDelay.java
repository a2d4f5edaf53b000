package vigil.server.replication;

import vigil.server.config.ServerConfig;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Zero-loss mode's node rule (min-replicas-ack-join-delay, docs/zero-loss.md "Replicas joining"),
 * pure: an ONLINE replica's REPLCONF ACKs count towards min-replicas-ack only once it has been
 * online continuously for the join delay J, so that every sentinel polling the master's INFO has
 * listed it before its acknowledgements can matter. Fed the replica's going online (full sync
 * or +CONTINUE), its departure and a new history; asked with the time. No clock of its own.
 *
 * <pre>
 * (not online) --online(now)--> ONLINE, waiting (onlineSince = now)
 * ONLINE, waiting --now - onlineSince &gt;= J--> ONLINE, counted
 * ONLINE --left(now)--> (not online); its address is remembered with its stint (how long it was online)
 * (not online) --online(now, +CONTINUE) from a remembered address whose stint &gt;= J--> ONLINE, counted at once
 * any --newHistory()--> the remembered addresses are forgotten (sub-replicas of a replica were never listed
 *     by the sentinels as this master's replicas)
 * </pre>
 * With J = 0 (the default) every ONLINE replica counts at once, as before the rule.
 */
final class JoinDelay {
    /** At most this many addresses are remembered (the oldest is dropped first). */
    static final int REMEMBERED = 1024;

    private final ServerConfig config;
    /** Replica address (ip:listening-port) -> how long its last online stint lasted (ms). */
    private final Map<String, Long> servedStints = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > REMEMBERED;
        }
    };

    JoinDelay(ServerConfig config) {
        this.config = config;
    }

    private static String address(MasterMachine.Replica r) {
        return r.ip() + ":" + r.listeningPort;
    }

    /**
     * The replica went ONLINE: its delay starts now, unless it continued the stream with PSYNC
     * ({@code continued}) from an address that was counted before it left: it counts at once
     * (a short reconnect of a replica the sentinels have listed already).
     */
    void online(MasterMachine.Replica r, long now, boolean continued) {
        Long stint = servedStints.remove(address(r));
        r.onlineSince = now;
        if (continued && stint != null && stint >= config.minReplicasAckJoinDelay) r.onlineSince = now - stint;
    }

    /** The replica's connection is gone: an online one is remembered with how long it had been online. */
    void left(MasterMachine.Replica r, long now) {
        if (r.state == MasterMachine.State.ONLINE) servedStints.put(address(r), now - r.onlineSince);
    }

    /** Whether the replica's ACKs count towards min-replicas-ack now. */
    boolean counts(MasterMachine.Replica r, long now) {
        return r.state == MasterMachine.State.ONLINE && now - r.onlineSince >= config.minReplicasAckJoinDelay;
    }

    /** A new replication history: no reconnecting replica counts at once. */
    void newHistory() {
        servedStints.clear();
    }
}
