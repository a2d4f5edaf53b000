package vigil.server.replication;

import java.util.ArrayList;
import java.util.List;

/**
 * FAILOVER's decisions as a pure state machine (Redis 7.0's failoverCommand and
 * updateFailoverStatus), fed with the time, master_repl_offset and the replicas; {@link Failover}
 * parses the command and carries out the actions.
 *
 * <pre>
 * NO_FAILOVER --request (master, replicas connected, target online, FORCE with TO and TIMEOUT)-->
 *     WAIT_FOR_SYNC [PauseWrites on]
 * WAIT_FOR_SYNC --tick: the target (or, without TO, any replica) ACKed master_repl_offset-->
 *     IN_PROGRESS [BecomeReplicaOf target] (whose PSYNC carries FAILOVER)
 * WAIT_FOR_SYNC --tick past TIMEOUT--> with FORCE: IN_PROGRESS [BecomeReplicaOf target];
 *     else NO_FAILOVER [PauseWrites off]
 * IN_PROGRESS --target answered +CONTINUE / +FULLRESYNC--> NO_FAILOVER [PauseWrites off]
 * IN_PROGRESS --target refused the PSYNC--> NO_FAILOVER [BecomeMaster, PauseWrites off]
 * WAIT_FOR_SYNC / IN_PROGRESS --ABORT--> NO_FAILOVER [BecomeMaster when IN_PROGRESS, PauseWrites off]
 * </pre>
 */
final class FailoverMachine {
    enum State {
        NO_FAILOVER("no-failover"), WAIT_FOR_SYNC("waiting-for-sync"), IN_PROGRESS("failover-in-progress");

        /** master_failover_state in INFO replication. */
        final String word;

        State(String word) {
            this.word = word;
        }
    }

    sealed interface Action permits Refuse, PauseWrites, BecomeReplicaOf, BecomeMaster, Log { }

    /** The FAILOVER command fails with this error. */
    record Refuse(String error) implements Action { }

    record PauseWrites(boolean on) implements Action { }

    record BecomeReplicaOf(String host, int port) implements Action { }

    /** REPLICAOF NO ONE: the failover that had started turning this node into a replica is undone. */
    record BecomeMaster() implements Action { }

    record Log(String message) implements Action { }

    private State state = State.NO_FAILOVER;
    private String targetHost;
    private int targetPort;
    /** When the wait for sync times out (ms), 0 without TIMEOUT. */
    private long endTime;
    private boolean force;

    State state() {
        return state;
    }

    boolean active() {
        return state != State.NO_FAILOVER;
    }

    /** A timeout was given: the master's PINGs stop while the writes are paused (replicationCron). */
    boolean suppressesPing() {
        return state != State.NO_FAILOVER && endTime != 0;
    }

    /**
     * FAILOVER [TO host port] [TIMEOUT ms] [FORCE], its arguments parsed (host null without TO,
     * timeout 0 without TIMEOUT): the checks in failoverCommand's order, then the wait starts.
     */
    List<Action> request(String host, long port, long timeoutMs, boolean withForce, boolean isReplica,
                         List<? extends MasterMachine.Replica> replicas, long now) {
        if (state != State.NO_FAILOVER) return List.of(new Refuse("ERR FAILOVER already in progress."));
        if (isReplica) return List.of(new Refuse("ERR FAILOVER is not valid when server is a replica."));
        if (replicas.isEmpty()) return List.of(new Refuse("ERR FAILOVER requires connected replicas."));
        if (withForce && (timeoutMs == 0 || host == null)) {
            return List.of(new Refuse("ERR FAILOVER with force option requires both a timeout and target HOST and IP."));
        }
        List<Action> out = new ArrayList<>();
        if (host != null) {
            MasterMachine.Replica r = find(replicas, host, port);
            if (r == null) return List.of(new Refuse("ERR FAILOVER target HOST and PORT is not a replica."));
            if (r.state != MasterMachine.State.ONLINE) return List.of(new Refuse("ERR FAILOVER target replica is not online."));
            targetHost = host;
            targetPort = (int) port;
            out.add(new Log("FAILOVER requested to " + host + ":" + port + "."));
        } else {
            out.add(new Log("FAILOVER requested to any replica."));
        }
        if (timeoutMs != 0) endTime = now + timeoutMs;
        force = withForce;
        state = State.WAIT_FOR_SYNC;
        out.add(new PauseWrites(true));
        return out;
    }

    /** findReplica: the announced (or peer) ip and the listening port. */
    private static MasterMachine.Replica find(List<? extends MasterMachine.Replica> replicas, String host, long port) {
        for (MasterMachine.Replica r : replicas) {
            if (host.equalsIgnoreCase(r.ip()) && port == r.listeningPort) return r;
        }
        return null;
    }

    /** updateFailoverStatus: each cron tick and after an ACK. */
    List<Action> tick(long now, long masterOffset, List<? extends MasterMachine.Replica> replicas) {
        if (state != State.WAIT_FOR_SYNC) return List.of();
        if (endTime != 0 && endTime <= now) {
            if (!force) return abort("Replica never caught up before timeout");
            List<Action> out = new ArrayList<>();
            out.add(new Log("FAILOVER to " + targetHost + ":" + targetPort + " time out exceeded, failing over."));
            failOverTo(out);
            return out;
        }
        MasterMachine.Replica r = null;
        if (targetHost != null) {
            r = find(replicas, targetHost, targetPort);
        } else {
            for (MasterMachine.Replica x : replicas) {
                if (x.ackOffset == masterOffset) {
                    r = x;
                    targetHost = x.ip();
                    targetPort = x.listeningPort;
                    break;
                }
            }
        }
        if (r == null || r.ackOffset != masterOffset) return List.of();
        List<Action> out = new ArrayList<>();
        out.add(new Log("Failover target " + targetHost + ":" + targetPort + " is synced, failing over."));
        failOverTo(out);
        return out;
    }

    private void failOverTo(List<Action> out) {
        state = State.IN_PROGRESS;
        out.add(new BecomeReplicaOf(targetHost, targetPort));
    }

    /** The target answered our PSYNC FAILOVER with +CONTINUE or +FULLRESYNC. */
    List<Action> accepted() {
        if (state != State.IN_PROGRESS) return List.of();
        List<Action> out = new ArrayList<>();
        clear(out);
        return out;
    }

    /** The target refused our PSYNC FAILOVER (any error reply). */
    List<Action> rejected() {
        return state == State.IN_PROGRESS ? abort("Failover target rejected psync request") : List.of();
    }

    /** FAILOVER ABORT, a timeout without FORCE, or a refusal. */
    List<Action> abort(String why) {
        List<Action> out = new ArrayList<>();
        if (state == State.NO_FAILOVER) return out;
        out.add(new Log(targetHost != null ? "FAILOVER to " + targetHost + ":" + targetPort + " aborted: " + why
                : "FAILOVER to any replica aborted: " + why));
        if (state == State.IN_PROGRESS) out.add(new BecomeMaster());
        clear(out);
        return out;
    }

    private void clear(List<Action> out) {
        endTime = 0;
        force = false;
        targetHost = null;
        targetPort = 0;
        state = State.NO_FAILOVER;
        out.add(new PauseWrites(false));
    }
}
