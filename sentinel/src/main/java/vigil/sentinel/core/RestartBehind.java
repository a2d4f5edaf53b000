package vigil.sentinel.core;

/**
 * Vigil's crash-restart protection, sentinel side: a master that restarted with less history than
 * its replicas (Redis's run id changed and its master_repl_offset is below the offset a replica
 * following it last reported, or a Vigil replica reports {@code master_sync_refused:1}, having
 * refused its full sync) counts as S_DOWN at once, so O_DOWN, the election and the failover run
 * and promote a replica that has the data; the restarted node is then converted to a replica of it
 * ({@link FastConversion}). Like Redis 7.2's master-reboot-down-after-period, but automatic and
 * only when data would be lost. Redis 7.0 replicas accept the empty master's full sync at once and
 * lose their data before a failover can help: the protection needs Vigil replicas (their
 * replica-refuse-behind-master-period keeps the data meanwhile).
 *
 * <pre>
 * NOT_BEHIND --master INFO: new run id, master_repl_offset < a replica's offset--> BEHIND (+master-restarted-behind)
 * NOT_BEHIND --a replica following it reports master_sync_refused:1, its offset above the master's--> BEHIND (+master-restarted-behind)
 * BEHIND --every replica following it reports, after the mark, its link up and no refusal--> NOT_BEHIND (-master-restarted-behind)
 * BEHIND --the master's address changes (failover, SENTINEL RESET)--> NOT_BEHIND
 * </pre>
 */
final class RestartBehind {
    private final SentinelBrain b;

    RestartBehind(SentinelBrain b) {
        this.b = b;
    }

    /** A master INFO; {@code rebooted}: its run id just changed from a known one. */
    void masterInfo(MasterState m, InfoFacts f, boolean rebooted, long now) {
        m.reportedReplOffset = f.masterReplOffset;
        long ahead = highestReplicaOffset(m);
        if (rebooted && m.restartedBehindSince == 0 && f.masterReplOffset >= 0 && f.masterReplOffset < ahead) {
            mark(m, now, " #master_repl_offset " + f.masterReplOffset + " < replica offset " + ahead);
        } else if (m.restartedBehindSince != 0 && caughtUp(m)) {
            m.restartedBehindSince = 0;
            b.eventAt("-master-restarted-behind", true, m, m, "");
        }
    }

    /** A replica INFO (role slave). */
    void replicaInfo(ReplicaState r, MasterState m, InfoFacts f, long now) {
        r.syncRefused = f.syncRefused;
        // Only while the master's own INFO agrees that it is behind this replica (a refusal seen
        // around a reconfiguration must not fail over a master that has the data).
        if (f.syncRefused && follows(r, m) && m.restartedBehindSince == 0
                && m.reportedReplOffset >= 0 && m.reportedReplOffset < r.replOffset) {
            mark(m, now, " #refused by " + r.name);
        }
    }

    private void mark(MasterState m, long now, String why) {
        m.restartedBehindSince = now;
        b.eventAt("+master-restarted-behind", true, m, m, why);
    }

    private static boolean follows(ReplicaState r, MasterState m) {
        return r.masterPort == m.addr.port() && m.addr.host().equals(r.masterHost);
    }

    private static long highestReplicaOffset(MasterState m) {
        long max = -1;
        for (ReplicaState r : m.replicas.values()) {
            if (follows(r, m) && r.roleReported == InstanceKind.REPLICA) {
                max = Math.max(max, r.replOffset);
            }
        }
        return max;
    }

    private static boolean caughtUp(MasterState m) {
        for (ReplicaState r : m.replicas.values()) {
            if (follows(r, m) && (r.infoRefresh <= m.restartedBehindSince || !r.masterLinkUp || r.syncRefused)) {
                return false;
            }
        }
        return true;
    }
}
