package vigil.sentinel.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sentinel's decisions, with no I/O: Redis 7.0's sentinel.c timer and reply handlers as a
 * plain object fed events and the time. The shell (links, Hazelcast group, conf file, command
 * server) calls the {@code on*} methods and {@link #tick} (every 100 ms), then carries out
 * {@link #drainActions()} in order. Everything runs on one thread.
 *
 * <p>Per instance: link down/up, S_DOWN after down-after-milliseconds without a valid PING reply;
 * per master: O_DOWN when quorum peers agree, election (one vote per epoch, persisted before it is
 * answered, leader needs max(quorum, majority of all known sentinels)), and the failover state
 * machine WAIT_START -> SELECT_SLAVE -> SEND_SLAVEOF_NOONE -> WAIT_PROMOTION -> RECONF_SLAVES ->
 * UPDATE_CONFIG (see {@link FailoverState}); TILT when the clock jumps.
 */
public final class SentinelBrain {
    public final SentinelSettings settings;
    /** Monitored masters by name, in the order they were added. */
    public final Map<String, MasterState> masters = new LinkedHashMap<>();
    private final List<Action> actions = new ArrayList<>();

    public SentinelBrain(SentinelSettings settings) {
        this.settings = settings;
    }

    /** The actions queued since the last call, in order. */
    public List<Action> drainActions() {
        List<Action> out = new ArrayList<>(actions);
        actions.clear();
        return out;
    }

    void act(Action a) {
        actions.add(a);
    }

    // ---------------------------------------------------------------- configuration (conf + commands)

    /** SENTINEL MONITOR / the conf's {@code sentinel monitor}. Errors: Redis's texts ("ERR Duplicated master name", "ERR Quorum must be 1 or greater." ...). */
    public MasterState monitor(String name, Addr addr, int quorum, long now) throws SentinelError {
        throw new UnsupportedOperationException("TODO");
    }

    /** SENTINEL REMOVE. */
    public void remove(String name) throws SentinelError {
        throw new UnsupportedOperationException("TODO");
    }

    /** SENTINEL RESET pattern: how many masters were reset. */
    public int reset(String globPattern, long now) {
        throw new UnsupportedOperationException("TODO");
    }

    /** SENTINEL FAILOVER: a forced failover, no agreement needed. Errors: "INPROG Failover already in progress", "NOGOODSLAVE No suitable replica to promote". */
    public void forceFailover(String name, long now) throws SentinelError {
        throw new UnsupportedOperationException("TODO");
    }

    /** The address clients must use (the promoted replica's once the failover reached RECONF_SLAVES). */
    public Addr currentMasterAddr(MasterState m) {
        throw new UnsupportedOperationException("TODO");
    }

    // ---------------------------------------------------------------- events from the shell

    /** The timer: PING/INFO/hello scheduling, down checks, elections, failover steps, TILT. */
    public void tick(long now) {
        throw new UnsupportedOperationException("TODO");
    }

    public void onLinkUp(Target t, long now) {
        throw new UnsupportedOperationException("TODO");
    }

    public void onLinkDown(Target t, long now) {
        throw new UnsupportedOperationException("TODO");
    }

    /** A PING reply: {@code valid} for +PONG, -LOADING, -MASTERDOWN; {@code busy} for -BUSY. */
    public void onPingReply(Target t, boolean valid, boolean busy, long now) {
        throw new UnsupportedOperationException("TODO");
    }

    /** An INFO reply's text. */
    public void onInfo(Target t, String info, long now) {
        throw new UnsupportedOperationException("TODO");
    }

    /** A hello from {@code __sentinel__:hello} on any instance, or straight from a peer. Own hellos are ignored. */
    public void onHello(String payload, long now) {
        throw new UnsupportedOperationException("TODO");
    }

    /** The run ids of the peers now in the Hazelcast group (membership change or periodic). */
    public void onPeersAlive(java.util.Set<String> aliveRunIds, long now) {
        throw new UnsupportedOperationException("TODO");
    }

    /** A peer's answer to {@link Action.AskPeers}. {@code leaderRunId} is "*" when it did not vote. */
    public void onPeerReply(String master, String peerRunId, boolean masterDown, String leaderRunId,
                            long leaderEpoch, long now) {
        throw new UnsupportedOperationException("TODO");
    }

    /** The answer to SENTINEL IS-MASTER-DOWN-BY-ADDR (from a Redis sentinel or a peer over Hazelcast). */
    public record DownAnswer(boolean down, String leaderRunId, long leaderEpoch) {
    }

    /**
     * SENTINEL IS-MASTER-DOWN-BY-ADDR ip port epoch runid. A vote (runid != "*") may queue a
     * {@link Action.Persist}: the shell must carry out drained actions before it replies.
     */
    public DownAnswer isMasterDownByAddr(Addr addr, long reqEpoch, String reqRunId, long now) {
        throw new UnsupportedOperationException("TODO");
    }
}
