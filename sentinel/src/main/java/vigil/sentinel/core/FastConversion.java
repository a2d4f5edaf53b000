package vigil.sentinel.core;

/**
 * Vigil's fast +convert-to-slave: an instance this sentinel's configuration lists as a replica but
 * that reports {@code role:master} (typically the old master back after a crash, a pause or a
 * partition) is told REPLICAOF the configured master as soon as the group agrees on that
 * configuration, instead of Redis's fixed wait of 4 hello periods (8 s) after the role change.
 *
 * <p>The agreement, for master m at address A with config epoch e: this sentinel and, in all,
 * max(quorum, majority of the known sentinels) of them announced (A, e) in group hellos received
 * after the instance was first seen claiming master (and at most a publish period ago), and none
 * of them reports a vote for a failover of m in an epoch above e (each group hello carries the
 * sender's leader_epoch for m; ours is {@code m.leaderEpoch}).
 *
 * <p>Why it is safe (never converts the legitimate master because our configuration is stale): a
 * configuration newer than e exists only if a failover of m in some epoch E > e was won, i.e. a
 * majority of the sentinels voted in E before the winner promoted its replica, before that replica
 * could report role:master to us. Two majorities of the same sentinels share one member; that
 * member's hello sent after its vote says vote epoch >= E > e, so the agreement fails, and the
 * decision falls back to Redis's rule (8 s without a newer hello). A hello sent before the vote but
 * received after the promotion was seen would have to be delayed by more than the election,
 * promotion and INFO round trip; the group's topic delivers each sender's messages in order within
 * milliseconds. Stricter still: any peer's last group hello reporting a vote above e blocks the
 * fast path (so does our own), and every sentinel broadcasts its hello to the group as soon as it
 * votes (a forced failover has only its leader's vote: that vote reaches the group before the
 * leader sends its Promote). An election that did not lead to a new configuration (aborted) leaves
 * the fast path off until the next failover; Redis's rule still applies meanwhile.
 * A sentinel cut off from the group has no fresh hellos: no fast conversion; and
 * Vigil applies Redis's 8 s rule only while the sentinel sees a majority of the sentinels alive in
 * the group, so a sentinel in a minority never converts anything (it could not fail over either).
 *
 * <p>While an instance claims master, its INFO is asked every {@link SentinelBrain#conflictPeriodMs}
 * and every sentinel that sees the claim broadcasts its hello for m at once and then every
 * conflictPeriodMs, so the agreement is complete within a few hundred ms of the instance becoming
 * reachable. The decision is taken on each INFO reply, group hello and tick.
 */
final class FastConversion {
    /** The same REPLICAOF is not sent again within this time (its INFO follows right behind it). */
    static final long RESEND_MS = 1000;
    private final SentinelBrain b;

    FastConversion(SentinelBrain b) {
        this.b = b;
    }

    static boolean claimsMaster(ReplicaState r) {
        return r.roleReported == InstanceKind.MASTER && !r.has(Flag.PROMOTED);
    }

    /**
     * A replica pointed at {@link ZeroLoss#DETACH_ADDR} while this sentinel runs no failover of its
     * master: an isolated master that stepped down ({@link Isolation}), or a replica another
     * sentinel detached in a zero-loss failover (the agreement below waits for that one's epoch).
     */
    static boolean detached(ReplicaState r, MasterState m) {
        return r.roleReported == InstanceKind.REPLICA && ZeroLoss.isDetachAddr(r.masterHost, r.masterPort)
                && !m.has(Flag.FAILOVER_IN_PROGRESS);
    }

    /** The instance disagrees with the configuration in a way this class resolves. */
    static boolean conflicts(ReplicaState r, MasterState m) {
        return claimsMaster(r) || detached(r, m);
    }

    static boolean anyConflict(MasterState m) {
        for (ReplicaState r : m.replicas.values()) {
            if (conflicts(r, m)) {
                return true;
            }
        }
        return false;
    }

    void considerAll(MasterState m, long now) {
        for (ReplicaState r : m.replicas.values()) {
            if (conflicts(r, m)) {
                consider(r, m, now);
            }
        }
    }

    /** Converts {@code r} now if the fast rule or Redis's rule allows it; returns whether it did. */
    boolean consider(ReplicaState r, MasterState m, long now) {
        if (!r.linkUp || r.has(Flag.S_DOWN) || m.has(Flag.FAILOVER_IN_PROGRESS)
                || !b.infoHandler.looksSane(m, now) || now - r.convertSentTime < RESEND_MS) {
            return false;
        }
        if (detached(r, m)) {
            // Vigil only: the group's agreement (Redis's +fix-slave-config waits failover-timeout,
            // InfoHandler). confChangeTime: when its INFO first showed the detach address.
            if (!groupAgrees(m, r.confChangeTime, now)) {
                return false;
            }
            r.convertSentTime = now;
            b.act(new Action.ReplicaOf(r.target(m.name), m.addr));
            b.eventAt("+fix-slave-config", false, m, r, " #detached");
            return true;
        }
        if (!claimsMaster(r)) {
            return false;
        }
        // Redis's rule: some time passed for newer configs to arrive by hello. Vigil: only while
        // this sentinel sees a majority of the sentinels alive in the group (a sentinel cut off
        // from them may have missed a failover, and no hello may reach it either).
        long wait = b.publishPeriodMs * 4;
        boolean redisRule = seesMajority(m) && InfoHandler.noDownFor(r, wait, now) && now - r.roleReportedTime > wait;
        if (!redisRule && !groupAgrees(m, r.roleReportedTime, now)) {
            return false;
        }
        r.convertSentTime = now;
        r.formerMaster = false;   // it may follow m and acknowledge from now on, even if we never see it do so
        b.act(new Action.ReplicaOf(r.target(m.name), m.addr));
        b.eventAt("+convert-to-slave", false, m, r, "");
        return true;
    }

    /** This sentinel and the peers alive in the group are a majority of the master's known sentinels. */
    static boolean seesMajority(MasterState m) {
        int alive = 1;
        for (PeerState p : m.sentinels.values()) {
            if (p.alive) {
                alive++;
            }
        }
        return alive >= (m.sentinels.size() + 1) / 2 + 1;
    }

    /** See the class comment: a majority announced our (address, config epoch) since {@code since}, with no newer vote. */
    boolean groupAgrees(MasterState m, long since, long now) {
        if (m.leaderEpoch > m.configEpoch || m.failoverEpoch > m.configEpoch) {
            return false;
        }
        int needed = Math.max(m.quorum, (m.sentinels.size() + 1) / 2 + 1);
        int agree = 1;
        for (PeerState p : m.sentinels.values()) {
            if (p.groupHelloVoteEpoch > m.configEpoch) {
                return false;   // an election of a newer epoch was seen: leave it to Redis's rule
            }
        }
        for (PeerState p : m.sentinels.values()) {
            if (p.groupHelloTime != 0 && p.groupHelloTime >= since && now - p.groupHelloTime <= b.publishPeriodMs
                    && m.addr.equals(p.groupHelloAddr) && p.groupHelloConfigEpoch == m.configEpoch
                    && p.groupHelloVoteEpoch >= 0 && p.groupHelloVoteEpoch <= m.configEpoch) {
                agree++;
            }
        }
        return agree >= needed;
    }
}
