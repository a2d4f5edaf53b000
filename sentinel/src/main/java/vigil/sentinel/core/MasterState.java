package vigil.sentinel.core;

import java.util.LinkedHashMap;
import java.util.Map;

/** A monitored master with its replicas, peer sentinels, settings and failover progress. */
public final class MasterState extends Instance {
    public int quorum;
    public long failoverTimeout = 180_000;
    public int parallelSyncs = 1;
    public long configEpoch;
    public String authPass;
    public String authUser;
    public String notificationScript;
    public String clientReconfigScript;
    public long masterRebootDownAfterPeriod;
    public long masterRebootSince;
    public long oDownSince;

    /**
     * Zero-loss mode: the master's {@code min_replicas_ack} (0: default mode), learned from its
     * INFO and persisted ({@code sentinel known-min-replicas-ack}), so it is known after the master is gone.
     */
    public int minReplicasAck;
    /** The master's {@code min_replicas_ack_join_delay} in ms (0: not reported); see docs/zero-loss.md. */
    public long minReplicasAckJoinDelay;
    /** master_replid from the master's last INFO (the history acknowledged offsets belong to); null when unknown. */
    public String replid;
    /**
     * The offset at which the master's history began (its INFO's second_repl_offset - 1 when it
     * has a master_replid2: it was promoted there); -1 when unknown. Zero-loss: the writes
     * acknowledged before it are all at or below it, and may be on no replica of this master yet.
     */
    public long historyStart = -1;
    /**
     * An INFO in which this address answered role:master arrived since we monitor it here. Zero-loss:
     * without one (a sentinel restarted, or switched by hello, while the master was already
     * unreachable) we know neither its history start nor its replicas' view: no failover is led.
     */
    public boolean masterInfoSeen;
    /** Vigil: step the master down when it is cut off with this sentinel ({@link Isolation}); {@code sentinel isolation-step-down}. */
    public boolean isolationStepDown = true;
    /** Vigil: the master's last INFO said role:slave of the detach address (it stepped down, {@link Isolation}). */
    public boolean reportsDetached;
    /** Vigil: when {@link Isolation} last sent the master its step-down. */
    public long isolationStepDownSent;
    /** Zero-loss: when this sentinel started detaching the replicas in the current failover attempt. */
    public long detachStartTime;

    /** Keyed by address ("ip:port" name). */
    public final Map<Addr, ReplicaState> replicas = new LinkedHashMap<>();
    /** Keyed by run id. */
    public final Map<String, PeerState> sentinels = new LinkedHashMap<>();
    /** {@code sentinel rename-command}: command name (as written) -> the name to send instead; compare names ignoring case. */
    public final Map<String, String> renamedCommands = new LinkedHashMap<>();

    // --- election and failover (Redis's leader, leader_epoch, failover_*) ---
    /** Whom this sentinel voted for as the leader of a failover of this master, and in which epoch. */
    public String leader;
    public long leaderEpoch;
    public long failoverEpoch;
    public FailoverState failoverState = FailoverState.NONE;
    public long failoverStateChangeTime;
    public long failoverStartTime;
    /** Last time a failover could not start because another was recent (Redis's failover_delay_logged). */
    public long failoverDelayLogged;
    public ReplicaState promoted;
    /** Vigil: no failover starts before this time (random 0..maxDesync after O_DOWN; see docs/sentinel.md). */
    public long failoverStartNotBefore;
    /** Last hello sent straight to the peer group for this master. */
    public long lastBroadcastHello;
    /**
     * Vigil: since when this master is known to have restarted behind its replicas (a new run id
     * with master_repl_offset below a replica's offset, or a replica refusing its full sync); it
     * counts as S_DOWN at once. 0 when not.
     */
    public long restartedBehindSince;
    /** master_repl_offset from its last INFO (-1: unknown). */
    public long reportedReplOffset = -1;

    public MasterState(String name, Addr addr, int quorum, long downAfterMs) {
        super(InstanceKind.MASTER, name, addr, downAfterMs);
        this.quorum = quorum;
    }
}
