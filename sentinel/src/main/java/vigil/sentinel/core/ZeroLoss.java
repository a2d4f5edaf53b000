package vigil.sentinel.core;

import java.util.ArrayList;
import java.util.List;

/**
 * Zero-loss mode (the master reports {@code min_replicas_ack:<n>}, n > 0): the failover steps
 * that make sure the promoted replica holds every acknowledged write. The argument is in
 * docs/zero-loss.md ("Sentinel side and the guarantee").
 *
 * <p>States (one failover attempt, driven by {@link FailoverMachine}): WAIT_START -(elected)->
 * DETACH_REPLICAS -(every reachable replica reported detached, or {@link #DETACH_WAIT_MS})->
 * SELECT_SLAVE, where {@link #choose} either names the replica or aborts with
 * {@code -failover-abort-zero-loss}. The abort is also taken before any detach when the
 * precondition ({@link #precheck}) fails.
 *
 * <p>Rule: with R known replicas (down ones included) and n = min-replicas-ack, at least
 * max(1, R - n + 1) replicas must be detached (pointed at {@link #DETACH_ADDR}, so they stop
 * acknowledging the old master) with their final offset read from an INFO taken after the
 * detach; every acknowledged write is on n replicas, so on one of them: promote the one with the
 * highest offset in the old master's history (priority, then run id, among equal offsets; never
 * priority 0), and only if that offset reaches the point where the old master's own history began
 * (it was promoted there: the writes acknowledged before are on it, maybe not yet on its replicas).
 */
final class ZeroLoss {
    /** Where a detached replica points: port 0 never accepts a connection; Redis 7.0 and Vigil both accept it. */
    static final Addr DETACH_ADDR = new Addr("127.0.0.1", 0);

    /** An INFO's master_host / master_port name {@link #DETACH_ADDR}: the instance is detached. */
    static boolean isDetachAddr(String host, int port) {
        return port == DETACH_ADDR.port() && DETACH_ADDR.host().equals(host);
    }
    /** How long DETACH_REPLICAS waits for replicas that are up but have not answered yet. */
    static final long DETACH_WAIT_MS = 2000;
    /** Resend the detach to a replica that still does not report it after this long. */
    static final long DETACH_RESEND_MS = 1000;

    private ZeroLoss() {
    }

    static boolean enabled(MasterState m) {
        return m.minReplicasAck > 0;
    }

    /**
     * How many replicas must be detached with a known final offset: max(1, R - n + 1), R counting
     * every known replica except a former master not yet seen replicating this one.
     */
    static int needed(MasterState m) {
        return Math.max(1, counted(m).size() - m.minReplicasAck + 1);
    }

    /** The replicas that may have acknowledged this master (R). */
    static List<ReplicaState> counted(MasterState m) {
        List<ReplicaState> out = new ArrayList<>();
        for (ReplicaState r : m.replicas.values()) {
            if (!r.formerMaster) {
                out.add(r);
            }
        }
        return out;
    }

    /** Why this attempt cannot succeed before anything is touched (an abort reason), or null. */
    static String precheck(MasterState m, long now) {
        if (!m.masterInfoSeen) {
            return "#no-master-info";
        }
        if (staleMasterInfo(m, now)) {
            return "#stale-master-info";
        }
        int reachable = 0;
        for (ReplicaState r : counted(m)) {
            if (r.linkUp && !r.has(Flag.S_DOWN)) {
                reachable++;
            }
        }
        return reachable < needed(m) ? "#too-few-reachable " + reachable + "/" + needed(m) : null;
    }

    /**
     * With the node's join delay J (acks of a replica count only after J online): our last INFO of
     * the master is J old or older, so a replica unknown to us may have joined after it and had
     * its acks counted by now.
     */
    static boolean staleMasterInfo(MasterState m, long now) {
        return m.minReplicasAckJoinDelay > 0 && (m.infoRefresh == 0 || now - m.infoRefresh >= m.minReplicasAckJoinDelay);
    }

    /**
     * The master answers and reports itself detached (it stepped down, {@link Isolation}): it can
     * acknowledge nothing, and what it acknowledged is in its own data.
     */
    static boolean canPromoteMasterAgain(MasterState m) {
        return m.reportsDetached && m.linkUp && m.roleReported == InstanceKind.REPLICA;
    }

    /** Enter DETACH_REPLICAS: detach every reachable replica, with an INFO right behind each detach. */
    static void start(SentinelBrain b, MasterState m, long now) {
        m.detachStartTime = now;
        sendDetaches(b, m, now);
    }

    /** Detach (again) the reachable replicas not reported detached yet. */
    static void sendDetaches(SentinelBrain b, MasterState m, long now) {
        for (ReplicaState r : m.replicas.values()) {
            if (!r.linkUp || detached(r, m)) {
                continue;
            }
            if (r.detachSentTime < m.detachStartTime || now - r.detachSentTime >= DETACH_RESEND_MS) {
                r.detachSentTime = now;
                b.act(new Action.Detach(r.target(m.name)));
                b.monitoring.sendInfo(r, m, now);
            }
        }
    }

    /**
     * True once every replica sent the detach in this attempt, and every reachable one, reported
     * detached, or the wait is over (a link that drops after the detach does not end the wait).
     */
    static boolean settled(MasterState m, long now) {
        if (now - m.detachStartTime >= DETACH_WAIT_MS) {
            return true;
        }
        for (ReplicaState r : m.replicas.values()) {
            boolean expected = r.detachSentTime >= m.detachStartTime || (r.linkUp && !r.has(Flag.S_DOWN));
            if (expected && !detached(r, m)) {
                return false;
            }
        }
        return true;
    }

    /** Detached in this attempt: an INFO taken after the detach shows it replicating {@link #DETACH_ADDR}. */
    static boolean detached(ReplicaState r, MasterState m) {
        return m.detachStartTime != 0 && r.detachedSeen >= m.detachStartTime;
    }

    /**
     * Called for each replica INFO (role slave): during DETACH_REPLICAS, a replica pointing at
     * {@link #DETACH_ADDR} has its final offset. Emits {@code +detached-slave ... #offset N} once
     * per attempt; true when this INFO was the confirmation (the failover may move on).
     */
    static boolean detachSeen(SentinelBrain b, ReplicaState r, MasterState m, long now) {
        if (!m.has(Flag.FAILOVER_IN_PROGRESS) || m.failoverState != FailoverState.DETACH_REPLICAS
                || detached(r, m) || !isDetachAddr(r.masterHost, r.masterPort)) {
            return false;
        }
        r.detachedSeen = now;
        b.eventAt("+detached-slave", false, m, r, " #offset " + r.replOffset);
        return true;
    }

    /** The choice of SELECT_SLAVE in zero-loss mode: a replica, or the abort reason. */
    record Choice(ReplicaState replica, String abortReason) {
    }

    static Choice choose(MasterState m, long now) {
        if (!m.masterInfoSeen) {
            return new Choice(null, "#no-master-info");
        }
        if (staleMasterInfo(m, now)) {
            return new Choice(null, "#stale-master-info");
        }
        List<ReplicaState> detached = new ArrayList<>();
        for (ReplicaState r : counted(m)) {
            if (detached(r, m)) {
                detached.add(r);
            }
        }
        String lineage = m.replid != null ? m.replid : lineageOfHighest(detached);
        List<ReplicaState> comparable = new ArrayList<>();
        for (ReplicaState r : detached) {
            if (historyOffset(r, lineage) >= 0) {
                comparable.add(r);
            }
        }
        if (comparable.size() < needed(m)) {
            return new Choice(null, "#too-few-detached " + comparable.size() + "/" + needed(m));
        }
        long best = -1;
        for (ReplicaState r : comparable) {
            best = Math.max(best, historyOffset(r, lineage));
        }
        // The master was itself promoted at historyStart: what was acknowledged before that is on it
        // (and at or below that offset), but not necessarily on any of its replicas yet, and former
        // masters are not counted in R: the new one must hold the whole prefix.
        if (m.historyStart >= 0 && best < m.historyStart) {
            return new Choice(null, "#behind-history-start " + best + "<" + m.historyStart);
        }
        ReplicaState chosen = null;
        for (ReplicaState r : comparable) {
            // A link down now is waited for by SEND_SLAVEOF_NOONE; an S_DOWN replica is not promoted.
            if (historyOffset(r, lineage) != best || r.priority == 0 || r.has(Flag.S_DOWN)) {
                continue;
            }
            if (chosen == null || ReplicaSelector.ORDER.compare(r, chosen) < 0) {
                chosen = r;
            }
        }
        return chosen != null ? new Choice(chosen, null) : new Choice(null, "#best-offset-not-promotable " + best);
    }

    /**
     * How much of history {@code lineage} the replica holds: its offset when its replid is
     * {@code lineage} (or either is unknown), the part before the switch when {@code lineage} is
     * its replid2 (it continued from a node that was promoted), else -1 (another history: not comparable).
     */
    static long historyOffset(ReplicaState r, String lineage) {
        if (lineage == null || r.replid == null || lineage.equals(r.replid)) {
            return r.replOffset;
        }
        if (lineage.equals(r.replid2) && r.secondReplOffset > 0) {
            return Math.min(r.replOffset, r.secondReplOffset - 1);
        }
        return -1;
    }

    private static String lineageOfHighest(List<ReplicaState> detached) {
        ReplicaState top = null;
        for (ReplicaState r : detached) {
            if (top == null || r.replOffset > top.replOffset) {
                top = r;
            }
        }
        return top == null ? null : top.replid;
    }
}
