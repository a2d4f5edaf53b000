package vigil.sentinel.core;

/**
 * The monitoring half of Redis's sentinelHandleRedisInstance: which PING, INFO and hello each
 * master and replica is due (sentinelSendPeriodicCommands) and what link events and PING replies
 * change. Peers are not pinged: the Hazelcast membership ({@link SentinelBrain#onPeersAlive})
 * stands for their links; they get this sentinel's hellos through {@link Action.BroadcastHello}.
 */
final class Monitoring {
    static final int MAX_PENDING_COMMANDS = 100;
    private final SentinelBrain b;

    Monitoring(SentinelBrain b) {
        this.b = b;
    }

    void sendPeriodic(Instance ri, MasterState m, long now) {
        if (ri instanceof PeerState) {
            return;
        }
        if (ri == m && now - m.lastBroadcastHello > groupHelloPeriod(m) && b.settings.myId != null) {
            b.hello.broadcast(m, now);
        }
        if (!ri.linkUp || ri.pendingCommands >= MAX_PENDING_COMMANDS) {
            return;
        }
        long infoPeriod = infoPeriod(ri, m);
        if ((ri.infoRefresh == 0 || now - ri.infoRefresh > infoPeriod)
                && now - ri.lastInfoSent >= Math.min(infoPeriod, 1000)) {
            sendInfo(ri, m, now);
        }
        long pingPeriod = Math.min(ri.downAfterMs, b.pingPeriodMs);
        if (now - ri.lastPong > pingPeriod && now - ri.lastPingSent > pingPeriod / 2) {
            sendPing(ri, m, now);
        }
        if (now - ri.lastHello > b.publishPeriodMs && b.settings.myId != null) {
            ri.lastHello = now;
            b.act(new Action.PublishHello(ri.target(m.name), b.hello.payload(m)));
        }
    }

    /**
     * Redis: 10 s, or 1 s for a replica while its master is O_DOWN or in failover or while the
     * replica reports its replication link down. Vigil adds {@link SentinelBrain#fastInfoPeriodMs}
     * for the replica being promoted and the replicas being reconfigured, so each failover step is
     * seen within ~100 ms instead of ~1 s.
     */
    long infoPeriod(Instance ri, MasterState m) {
        if (ri.roleReported != ri.kind) {
            // Vigil: a role that disagrees with the configuration (an old master back as master, a
            // master reporting replica) is watched closely until it is resolved.
            return Math.min(b.conflictPeriodMs, b.infoPeriodMs);
        }
        if (ri instanceof ReplicaState r) {
            if (FastConversion.detached(r, m)) {
                return Math.min(b.conflictPeriodMs, b.infoPeriodMs);   // Vigil: as a role conflict
            }
            if ((r.has(Flag.PROMOTED) && m.failoverState == FailoverState.WAIT_PROMOTION)
                    || m.failoverState == FailoverState.DETACH_REPLICAS
                    || r.has(Flag.RECONF_SENT) || r.has(Flag.RECONF_INPROG)) {
                return Math.min(b.fastInfoPeriodMs, 1000);
            }
            // Vigil adds S_DOWN: the replicas' INFO is fresh by the time O_DOWN starts a failover,
            // so replica selection never finds them stale (Redis waits for O_DOWN).
            if (m.has(Flag.S_DOWN) || m.has(Flag.O_DOWN) || m.has(Flag.FAILOVER_IN_PROGRESS) || r.masterLinkDownTime != 0) {
                return Math.min(1000, b.infoPeriodMs);
            }
        }
        return b.infoPeriodMs;
    }

    /**
     * Vigil: every publish period, or every {@link SentinelBrain#conflictPeriodMs} while a replica
     * of this master claims to be a master (the peers' fresh hellos are the agreement the fast
     * conversion waits for).
     */
    long groupHelloPeriod(MasterState m) {
        return FastConversion.anyConflict(m) ? Math.min(b.conflictPeriodMs, b.publishPeriodMs) : b.publishPeriodMs;
    }

    void sendInfo(Instance ri, MasterState m, long now) {
        ri.lastInfoSent = now;
        ri.pendingCommands++;
        b.act(new Action.SendInfo(ri.target(m.name)));
    }

    void sendPing(Instance ri, MasterState m, long now) {
        if (ri.pingPendingSince == 0) {
            ri.pingPendingSince = now;
        }
        ri.lastPingSent = now;
        ri.pendingCommands++;
        b.act(new Action.SendPing(ri.target(m.name)));
    }

    void linkUp(Instance ri, String masterName, long now) {
        ri.linkUp = true;
        ri.linkUpSince = now;
        ri.linkDownSince = 0;
        ri.pendingCommands = 0;
        ri.lastInfoSent = 0;
        MasterState m = b.masters.get(masterName);
        if (m != null && !(ri instanceof PeerState)) {
            // Redis sends a PING as soon as the command link is established; Vigil asks INFO too,
            // so a returning instance's role (and run id) is known at once, not after the INFO period.
            sendPing(ri, m, now);
            sendInfo(ri, m, now);
        }
    }

    void linkDown(Instance ri, long now) {
        if (ri.linkUp || ri.linkDownSince == 0) {
            ri.linkDownSince = now;
        }
        ri.linkUp = false;
        ri.linkUpSince = 0;
        ri.pendingCommands = 0;
        if (!(ri instanceof PeerState) && ri.pingPendingSince == 0) {
            // Redis reconnects a dropped link at once and queues a PING on it (sentinelReconnectInstance
            // -> sentinelSendPing sets act_ping_time): down-after counts from the drop, not from the
            // last PONG, which may be up to a ping period older.
            ri.pingPendingSince = now;
        }
    }

    /** Redis's sentinelPingReplyCallback. */
    void pingReply(Instance ri, MasterState m, String reply, long now) {
        if (ri.pendingCommands > 0) {
            ri.pendingCommands--;
        }
        String r = reply == null ? "" : reply;
        if (r.startsWith("PONG") || r.startsWith("LOADING") || r.startsWith("MASTERDOWN")) {
            ri.lastAvail = now;
            ri.pingPendingSince = 0;
            if (ri.has(Flag.MASTER_REBOOT) && r.startsWith("PONG")) {
                ri.flags.remove(Flag.MASTER_REBOOT);
            }
        } else if (r.startsWith("BUSY") && ri.has(Flag.S_DOWN) && !ri.has(Flag.SCRIPT_KILL_SENT) && m != null) {
            ri.flags.add(Flag.SCRIPT_KILL_SENT);
            b.act(new Action.SendScriptKill(ri.target(m.name)));
        }
        ri.lastPong = now;
    }
}
