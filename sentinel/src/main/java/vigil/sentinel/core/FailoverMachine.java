package vigil.sentinel.core;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Redis's failover: sentinelStartFailoverIfNeeded, sentinelStartFailover,
 * sentinelFailoverStateMachine and its steps (wait start / election, select replica, REPLICAOF NO
 * ONE, wait promotion, reconfigure replicas parallel-syncs at a time, detect end), abort, and
 * sentinelFailoverSwitchToPromotedSlave. Vigil runs consecutive steps in the same tick when a
 * step completes at once (Redis waits for the next timer run between steps).
 *
 * <p>States: NONE -(O_DOWN or SENTINEL FAILOVER)-> WAIT_START -(elected)-> [zero-loss mode only:
 * DETACH_REPLICAS -(detached replicas' offsets known)->] SELECT_SLAVE -(replica chosen)->
 * SEND_SLAVEOF_NOONE -> WAIT_PROMOTION -(its INFO says master)-> RECONF_SLAVES -(all done or
 * timeout)-> UPDATE_CONFIG -> (switch) NONE; any step may abort back to NONE.
 */
final class FailoverMachine {
    private static final Logger LOG = LoggerFactory.getLogger(FailoverMachine.class);
    static final long ELECTION_TIMEOUT = 10_000;
    static final long SLAVE_RECONF_TIMEOUT = 10_000;
    private final SentinelBrain b;

    FailoverMachine(SentinelBrain b) {
        this.b = b;
    }

    boolean startIfNeeded(MasterState m, long now) {
        if (!m.has(Flag.O_DOWN) || m.has(Flag.FAILOVER_IN_PROGRESS)) {
            return false;
        }
        // 0 = never started (Redis's epoch-ms clock makes that check moot; ours may start near 0).
        if (m.failoverStartTime != 0 && now - m.failoverStartTime < m.failoverTimeout * 2) {
            if (m.failoverDelayLogged != m.failoverStartTime) {
                m.failoverDelayLogged = m.failoverStartTime;
                LOG.warn("Next failover delay: I will not start a failover before {} (ms clock)",
                        m.failoverStartTime + m.failoverTimeout * 2);
            }
            return false;
        }
        if (now < m.failoverStartNotBefore) {
            return false; // Vigil's start desync (a peer asking for our vote meanwhile wins it)
        }
        start(m, now);
        return true;
    }

    /**
     * Vigil's start desync: 0 for the preferred sentinel (lowest run id among itself and the
     * peers of {@code m} alive in the group), else followerStartDelayMs plus a random delay, so
     * the common case has one candidate and no wait, and a preferred sentinel that is alive but
     * does not act only delays the others.
     */
    long startDelay(MasterState m) {
        String me = b.settings.myId;
        boolean preferred = me != null;
        for (PeerState p : m.sentinels.values()) {
            if (preferred && p.alive && p.runId != null && p.runId.compareToIgnoreCase(me) < 0) {
                preferred = false;
            }
        }
        return preferred ? 0 : b.followerStartDelayMs + b.desync();
    }

    void start(MasterState m, long now) {
        m.failoverState = FailoverState.WAIT_START;
        m.flags.add(Flag.FAILOVER_IN_PROGRESS);
        m.failoverEpoch = ++b.settings.currentEpoch;
        b.persist();
        b.event("+new-epoch", true, m, Long.toString(b.settings.currentEpoch));
        b.eventAt("+try-failover", true, m, m, "");
        m.failoverStartTime = now + b.desync();
        m.failoverStateChangeTime = now;
    }

    void stateMachine(MasterState m, long now) {
        for (int i = 0; i < 8 && m.has(Flag.FAILOVER_IN_PROGRESS); i++) {
            FailoverState before = m.failoverState;
            switch (m.failoverState) {
                case WAIT_START -> waitStart(m, now);
                case DETACH_REPLICAS -> detachReplicas(m, now);
                case SELECT_SLAVE -> selectSlave(m, now);
                case SEND_SLAVEOF_NOONE -> sendSlaveOfNoOne(m, now);
                case WAIT_PROMOTION -> waitPromotion(m, now);
                case RECONF_SLAVES -> reconfNextSlave(m, now);
                default -> {
                    return;
                }
            }
            if (m.failoverState == before) {
                return;
            }
        }
    }

    private void waitStart(MasterState m, long now) {
        String leader = b.election.getLeader(m, m.failoverEpoch, now);
        boolean isLeader = leader != null && leader.equalsIgnoreCase(b.settings.myId);
        if (!isLeader && !m.has(Flag.FORCE_FAILOVER)) {
            long electionTimeout = Math.min(ELECTION_TIMEOUT, m.failoverTimeout);
            if (now - m.failoverStartTime > electionTimeout) {
                b.eventAt("-failover-abort-not-elected", true, m, m, "");
                abort(m, now);
            }
            return;
        }
        b.eventAt("+elected-leader", true, m, m, "");
        if (b.settings.simulateCrashAfterElection) {
            LOG.warn("Sentinel simulated crash after election (not carried out by Vigil's brain)");
        }
        if (ZeroLoss.enabled(m)) {
            String why = ZeroLoss.precheck(m, now);
            if (why != null) {
                abortZeroLoss(m, why, now);
                return;
            }
            m.failoverState = FailoverState.DETACH_REPLICAS;
            m.failoverStateChangeTime = now;
            b.eventAt("+failover-state-detach-slaves", true, m, m, " #min-replicas-ack " + m.minReplicasAck);
            ZeroLoss.start(b, m, now);
            return;
        }
        toSelectSlave(m, now);
    }

    private void toSelectSlave(MasterState m, long now) {
        m.failoverState = FailoverState.SELECT_SLAVE;
        m.failoverStateChangeTime = now;
        b.eventAt("+failover-state-select-slave", true, m, m, "");
    }

    /** Zero-loss: wait until the reachable replicas are detached and their final offsets known. */
    private void detachReplicas(MasterState m, long now) {
        if (!ZeroLoss.settled(m, now)) {
            ZeroLoss.sendDetaches(b, m, now);
            return;
        }
        toSelectSlave(m, now);
    }

    private void abortZeroLoss(MasterState m, String why, long now) {
        b.eventAt("-failover-abort-zero-loss", true, m, m, " " + why);
        abort(m, now);
    }

    private void selectSlave(MasterState m, long now) {
        if (ZeroLoss.enabled(m)) { // never the default choice: only a replica detached in this attempt
            ZeroLoss.Choice c = ZeroLoss.choose(m, now);
            if (c.replica() == null && ZeroLoss.canPromoteMasterAgain(m)) {
                // The master stepped down and no replica qualifies: the master itself holds every
                // write it acknowledged (docs/zero-loss.md, "A master that stepped down").
                b.act(new Action.Promote(m.target(m.name)));
                abortZeroLoss(m, c.abortReason() + " #promoting the stepped-down master again", now);
                return;
            }
            if (c.replica() == null) {
                abortZeroLoss(m, c.abortReason(), now);
                return;
            }
            selected(m, c.replica(), now);
            return;
        }
        ReplicaState r = ReplicaSelector.select(m, now, b.pingPeriodMs, b.infoPeriodMs);
        if (r == null && now - m.failoverStateChangeTime < FRESH_INFO_WAIT_MS && awaitFreshInfo(m, now)) {
            return; // a replica is only missing a recent INFO: ask it and decide on the next tick
        }
        if (r == null) {
            b.eventAt("-failover-abort-no-good-slave", true, m, m, "");
            abort(m, now);
            return;
        }
        selected(m, r, now);
    }

    private void selected(MasterState m, ReplicaState r, long now) {
        b.eventAt("+selected-slave", true, m, r, "");
        r.flags.add(Flag.PROMOTED);
        m.promoted = r;
        m.failoverState = FailoverState.SEND_SLAVEOF_NOONE;
        m.failoverStateChangeTime = now;
        b.eventAt("+failover-state-send-slaveof-noone", true, m, r, "");
    }

    /**
     * Vigil: how long SELECT_SLAVE waits for INFO from replicas that are up but whose last INFO
     * is older than the selection's validity (Redis aborts at once and retries after twice the
     * failover-timeout).
     */
    static final long FRESH_INFO_WAIT_MS = 2000;

    /** Asks INFO of every live replica whose INFO is stale; true when there was one to ask or one still answering. */
    private boolean awaitFreshInfo(MasterState m, long now) {
        boolean waiting = false;
        for (ReplicaState r : m.replicas.values()) {
            if (!r.linkUp || r.priority == 0 || r.has(Flag.S_DOWN)) {
                continue;
            }
            if (r.lastInfoSent <= m.failoverStateChangeTime) {
                b.monitoring.sendInfo(r, m, now);
            }
            if (r.infoRefresh < m.failoverStateChangeTime) {
                waiting = true;
            }
        }
        return waiting;
    }

    private void sendSlaveOfNoOne(MasterState m, long now) {
        ReplicaState r = m.promoted;
        if (!r.linkUp) {
            if (now - m.failoverStateChangeTime > m.failoverTimeout) {
                b.eventAt("-failover-abort-slave-timeout", true, m, m, "");
                abort(m, now);
            }
            return;
        }
        b.act(new Action.Promote(r.target(m.name)));
        // Vigil: INFO right behind the transaction on the same link sees role:master at once.
        b.monitoring.sendInfo(r, m, now);
        b.eventAt("+failover-state-wait-promotion", true, m, r, "");
        m.failoverState = FailoverState.WAIT_PROMOTION;
        m.failoverStateChangeTime = now;
    }

    private void waitPromotion(MasterState m, long now) {
        // Moving on is up to the promoted replica's INFO (InfoHandler).
        if (now - m.failoverStateChangeTime > m.failoverTimeout) {
            b.eventAt("-failover-abort-slave-timeout", true, m, m, "");
            abort(m, now);
        }
    }

    /** The promoted replica's INFO says role:master (from sentinelRefreshInstanceInfo). */
    void promotionSeen(MasterState m, ReplicaState r, long now) {
        m.configEpoch = m.failoverEpoch;
        m.failoverState = FailoverState.RECONF_SLAVES;
        m.failoverStateChangeTime = now;
        b.persist();
        b.eventAt("+promoted-slave", true, m, r, "");
        if (b.settings.simulateCrashAfterPromotion) {
            LOG.warn("Sentinel simulated crash after promotion (not carried out by Vigil's brain)");
        }
        b.eventAt("+failover-state-reconf-slaves", true, m, m, "");
        if (m.clientReconfigScript != null) {
            b.act(new Action.RunReconfigScript(m.clientReconfigScript, m.name, "leader", "start", m.addr, r.addr));
        }
        b.hello.forceUpdate(m, now);
    }

    /**
     * Vigil: run the next failover steps right after an INFO reply moved the failover on (Redis
     * waits for its next timer run), and switch to the promoted replica as soon as the failover ended.
     */
    void advance(MasterState m, long now) {
        if (b.settings.tilt || !m.has(Flag.FAILOVER_IN_PROGRESS)) {
            return;
        }
        stateMachine(m, now);
        if (m.failoverState == FailoverState.UPDATE_CONFIG) {
            switchToPromoted(m, now);
        }
    }

    private void reconfNextSlave(MasterState m, long now) {
        int inProgress = 0;
        for (ReplicaState r : m.replicas.values()) {
            if (r.has(Flag.RECONF_SENT) || r.has(Flag.RECONF_INPROG)) {
                inProgress++;
            }
        }
        for (ReplicaState r : m.replicas.values()) {
            if (inProgress >= m.parallelSyncs) {
                break;
            }
            if (r.has(Flag.PROMOTED) || r.has(Flag.RECONF_DONE)) {
                continue;
            }
            // Too long without progress: count it as done; it will be fixed later (+fix-slave-config).
            if (r.has(Flag.RECONF_SENT) && now - r.reconfSentTime > SLAVE_RECONF_TIMEOUT) {
                b.eventAt("-slave-reconf-sent-timeout", false, m, r, "");
                r.flags.remove(Flag.RECONF_SENT);
                r.flags.add(Flag.RECONF_DONE);
            }
            if (r.has(Flag.RECONF_SENT) || r.has(Flag.RECONF_INPROG) || !r.linkUp) {
                continue;
            }
            b.act(new Action.ReplicaOf(r.target(m.name), m.promoted.addr));
            b.monitoring.sendInfo(r, m, now);
            r.flags.add(Flag.RECONF_SENT);
            r.reconfSentTime = now;
            b.eventAt("+slave-reconf-sent", false, m, r, "");
            inProgress++;
        }
        detectEnd(m, now);
    }

    private void detectEnd(MasterState m, long now) {
        if (m.promoted == null || m.promoted.has(Flag.S_DOWN)) {
            return;
        }
        int notReconfigured = 0;
        for (ReplicaState r : m.replicas.values()) {
            if (r.has(Flag.PROMOTED) || r.has(Flag.RECONF_DONE) || r.has(Flag.S_DOWN)) {
                continue;
            }
            notReconfigured++;
        }
        boolean timeout = false;
        if (now - m.failoverStateChangeTime > m.failoverTimeout) {
            notReconfigured = 0;
            timeout = true;
            b.eventAt("+failover-end-for-timeout", true, m, m, "");
        }
        if (notReconfigured == 0) {
            b.eventAt("+failover-end", true, m, m, "");
            m.failoverState = FailoverState.UPDATE_CONFIG;
            m.failoverStateChangeTime = now;
        }
        if (timeout) {
            // Best effort: point the replicas still not reconfigured at the new master.
            for (ReplicaState r : m.replicas.values()) {
                if (r.has(Flag.PROMOTED) || r.has(Flag.RECONF_DONE) || r.has(Flag.RECONF_SENT) || !r.linkUp) {
                    continue;
                }
                b.act(new Action.ReplicaOf(r.target(m.name), m.promoted.addr));
                b.eventAt("+slave-reconf-sent-be", false, m, r, "");
                r.flags.add(Flag.RECONF_SENT);
            }
        }
    }

    void abort(MasterState m, long now) {
        m.flags.remove(Flag.FAILOVER_IN_PROGRESS);
        m.flags.remove(Flag.FORCE_FAILOVER);
        m.failoverState = FailoverState.NONE;
        m.failoverStateChangeTime = now;
        m.detachStartTime = 0; // detach confirmations count for one attempt only
        if (m.promoted != null) {
            m.promoted.flags.remove(Flag.PROMOTED);
            m.promoted = null;
        }
    }

    /** UPDATE_CONFIG: +switch-master and monitor the promoted replica as the master. */
    void switchToPromoted(MasterState m, long now) {
        Instance ref = m.promoted != null ? m.promoted : m;
        b.event("+switch-master", true, m, m.name + " " + m.addr.host() + " " + m.addr.port() + " "
                + ref.addr.host() + " " + ref.addr.port());
        b.masterReset.resetAndChangeAddress(m, ref.addr, now);
    }
}
