package vigil.sentinel.core;

/**
 * Redis's sentinelCheckSubjectivelyDown and sentinelCheckObjectivelyDown. S_DOWN: no valid PING
 * reply for down-after-milliseconds (measured from the oldest unanswered PING; a dropped link
 * counts as a PING sent when it dropped, as Redis's reconnect queues one at once), a master reporting itself a replica for too long, or a master
 * rebooted and not answering +PONG within master-reboot-down-after-period. For peers, S_DOWN means
 * out of the Hazelcast group for down-after-milliseconds. O_DOWN: S_DOWN here and MASTER_DOWN in
 * the last answers of at least quorum-1 peers.
 */
final class DownDetector {
    static final long MIN_LINK_RECONNECT_PERIOD = 15_000;
    private final SentinelBrain b;

    DownDetector(SentinelBrain b) {
        this.b = b;
    }

    void checkSubjective(Instance ri, MasterState m, long now) {
        boolean down;
        if (ri instanceof PeerState p) {
            down = !p.linkUp && p.linkDownSince != 0 && now - p.linkDownSince > p.downAfterMs;
        } else {
            long elapsed = 0;
            if (ri.pingPendingSince != 0) {
                elapsed = now - ri.pingPendingSince;
            } else if (!ri.linkUp) {
                // Not reached in practice (a dropped link sets pingPendingSince): never count from
                // before the first evidence of unreachability.
                elapsed = now - Math.max(ri.lastAvail, ri.linkDownSince);
            }
            // Redis closes a connected link that stopped answering for half the down period.
            if (ri.linkUp && ri.linkUpSince != 0 && now - ri.linkUpSince > MIN_LINK_RECONNECT_PERIOD
                    && ri.pingPendingSince != 0 && now - ri.pingPendingSince > ri.downAfterMs / 2
                    && now - ri.lastPong > ri.downAfterMs / 2) {
                ri.linkUpSince = now;
                b.act(new Action.ResetLink(ri.target(m.name)));
            }
            down = elapsed > ri.downAfterMs
                    || (ri == m && ri.roleReported == InstanceKind.REPLICA
                        && now - ri.roleReportedTime > ri.downAfterMs + b.infoPeriodMs * 2)
                    || (ri == m && ri.has(Flag.MASTER_REBOOT)
                        && now - m.masterRebootSince > m.masterRebootDownAfterPeriod)
                    // Vigil: restarted with less history than its replicas (RestartBehind)
                    || (ri == m && m.restartedBehindSince != 0);
        }
        if (down) {
            if (!ri.has(Flag.S_DOWN)) {
                b.eventAt("+sdown", true, m, ri, "");
                ri.sDownSince = now;
                ri.flags.add(Flag.S_DOWN);
                if (ri == m) {
                    // Vigil: ask the peers at once instead of at the next ask period.
                    b.election.askPeers(m, now, true);
                }
            }
        } else if (ri.has(Flag.S_DOWN)) {
            b.eventAt("-sdown", true, m, ri, "");
            ri.flags.remove(Flag.S_DOWN);
            ri.flags.remove(Flag.SCRIPT_KILL_SENT);
        }
    }

    /** See {@link SentinelBrain#nextDownDeadline}. */
    long nextDeadline() {
        long next = Long.MAX_VALUE;
        for (MasterState m : b.masters.values()) {
            next = Math.min(next, deadline(m));
            for (ReplicaState r : m.replicas.values()) {
                next = Math.min(next, deadline(r));
            }
        }
        return next;
    }

    private static long deadline(Instance ri) {
        return ri.pingPendingSince == 0 || ri.has(Flag.S_DOWN) ? Long.MAX_VALUE : ri.pingPendingSince + ri.downAfterMs + 1;
    }

    void checkObjective(MasterState m, long now) {
        int votes = 0;
        boolean odown = false;
        if (m.has(Flag.S_DOWN)) {
            votes = 1;
            for (PeerState p : m.sentinels.values()) {
                if (p.has(Flag.MASTER_DOWN)) {
                    votes++;
                }
            }
            odown = votes >= m.quorum;
        }
        if (odown) {
            if (!m.has(Flag.O_DOWN)) {
                b.eventAt("+odown", true, m, m, " #quorum " + votes + "/" + m.quorum);
                m.flags.add(Flag.O_DOWN);
                m.oDownSince = now;
                m.failoverStartNotBefore = now + b.startDelay(m);
            }
        } else if (m.has(Flag.O_DOWN)) {
            b.eventAt("-odown", true, m, m, "");
            m.flags.remove(Flag.O_DOWN);
        }
    }
}
