package vigil.sentinel.core;

/**
 * Redis's sentinelRefreshInstanceInfo: what an INFO reply changes. Run id (+reboot, and
 * master-reboot-down-after-period), replicas discovered from a master's slaveN lines (+slave),
 * a replica's view of its master, role changes (+role-change / -role-change), and then, unless in
 * TILT: the promoted replica turning master (the failover moves to RECONF_SLAVES), a replica or an
 * old master claiming to be master converted back (+convert-to-slave, {@link FastConversion}), a
 * master restarted behind its replicas ({@link RestartBehind}), a replica following the
 * wrong master fixed (+fix-slave-config), and replicas under reconfiguration progressing
 * (+slave-reconf-inprog, +slave-reconf-done).
 */
final class InfoHandler {
    private final SentinelBrain b;

    InfoHandler(SentinelBrain b) {
        this.b = b;
    }

    void refresh(Instance ri, MasterState m, InfoFacts f, String text, long now) {
        ri.lastInfo = text;
        ReplicaState rep = ri instanceof ReplicaState r ? r : null;
        if (rep != null) {
            rep.masterLinkDownTime = f.masterLinkDownMs;
        }
        boolean rebooted = false;
        if (f.runId != null && !f.runId.equals(ri.runId)) {
            if (ri.runId != null) {
                rebooted = true;
                b.eventAt("+reboot", false, m, ri, "");
                if (ri == m && m.masterRebootDownAfterPeriod != 0) {
                    m.flags.add(Flag.MASTER_REBOOT);
                    m.masterRebootSince = now;
                }
            }
            ri.runId = f.runId;
        }
        if (ri == m && f.role == InstanceKind.MASTER) {
            b.restartBehind.masterInfo(m, f, rebooted, now);
        }
        if (ri == m) {
            learnZeroLossMode(m, f);
            for (Addr a : f.replicas) {
                ReplicaState known = m.replicas.get(a);
                if (known != null) {
                    known.formerMaster = false; // the master lists it: it may acknowledge from now on
                }
                if (!m.replicas.containsKey(a)) {
                    ReplicaState r = b.addKnownReplica(m, a, now);
                    b.eventAt("+slave", false, m, r, "");
                    b.persist();
                }
            }
        }
        boolean wasDetached = rep != null && FastConversion.detached(rep, m);
        if (rep != null && f.role == InstanceKind.REPLICA) {
            if (f.masterHostSeen && !f.masterHost.equals(rep.masterHost)) {
                rep.masterHost = f.masterHost;
                rep.confChangeTime = now;
            }
            if (f.masterPortSeen && f.masterPort != rep.masterPort) {
                rep.masterPort = f.masterPort;
                rep.confChangeTime = now;
            }
            if (f.masterLinkStatusSeen) {
                rep.masterLinkUp = f.masterLinkUp;
            }
            if (f.priority >= 0) {
                rep.priority = f.priority;
            }
            if (f.replOffset >= 0) {
                rep.replOffset = f.replOffset;
            }
            if (f.replicaAnnounced >= 0) {
                rep.replicaAnnounced = f.replicaAnnounced != 0;
            }
            if (rep.masterPort == m.addr.port() && m.addr.host().equals(rep.masterHost)) {
                rep.formerMaster = false;
            }
            rep.replid = f.replid;
            rep.replid2 = f.replid2;
            rep.secondReplOffset = f.secondReplOffset;
        }
        ri.infoRefresh = now;
        InstanceKind role = f.role;
        if (role != null && ri.roleReported != role) {
            ri.roleReportedTime = now;
            ri.roleReported = role;
            if (role == InstanceKind.REPLICA && rep != null) {
                rep.confChangeTime = now;
            }
            b.eventAt(ri.kind == role ? "+role-change" : "-role-change", false, m, ri,
                    " new reported role is " + role.word);
            if (rep != null && FastConversion.claimsMaster(rep) && !b.settings.tilt) {
                b.hello.broadcast(m, now);   // Vigil: our view of the configuration, to the group at once
            }
        }
        if (rep != null && !wasDetached && FastConversion.detached(rep, m) && !b.settings.tilt) {
            b.hello.broadcast(m, now);   // Vigil: a detached node; our view of the configuration, to the group at once
        }
        if (rep != null && f.role == InstanceKind.REPLICA) {
            b.restartBehind.replicaInfo(rep, m, f, now);
        }
        if (b.settings.tilt || role == null || rep == null) {
            return;
        }
        if (role == InstanceKind.MASTER) {
            replicaClaimsMaster(rep, m, now);
        } else {
            replicaFollows(rep, m, now);
        }
    }

    /** The master's INFO: its zero-loss setting (persisted when it changes) and its replication id. */
    private void learnZeroLossMode(MasterState m, InfoFacts f) {
        // Vigil: a master that stepped down (Isolation) or was detached reports role:slave of the
        // detach address: it acknowledges nothing any more, and its INFO still tells its history.
        boolean usable = f.role == InstanceKind.MASTER
                || (f.role == InstanceKind.REPLICA && ZeroLoss.isDetachAddr(f.masterHost, f.masterPort));
        if (usable) {
            m.masterInfoSeen = true;
        }
        if (f.role != null) {
            m.reportsDetached = f.role == InstanceKind.REPLICA && usable;
        }
        if (f.replid != null && usable) {
            m.replid = f.replid;
            boolean promoted = f.replid2 != null && !f.replid2.isEmpty() && !f.replid2.chars().allMatch(c -> c == '0');
            m.historyStart = promoted && f.secondReplOffset > 0 ? f.secondReplOffset - 1 : -1;
        }
        boolean changed = false;
        if (f.minReplicasAck >= 0 && f.minReplicasAck != m.minReplicasAck) {
            m.minReplicasAck = f.minReplicasAck;
            changed = true;
        }
        if (f.minReplicasAckJoinDelay >= 0 && f.minReplicasAckJoinDelay != m.minReplicasAckJoinDelay) {
            m.minReplicasAckJoinDelay = f.minReplicasAckJoinDelay;
            changed = true;
        }
        if (changed) {
            b.persist();
        }
    }

    private void replicaClaimsMaster(ReplicaState r, MasterState m, long now) {
        if (r.has(Flag.PROMOTED) && m.has(Flag.FAILOVER_IN_PROGRESS)
                && m.failoverState == FailoverState.WAIT_PROMOTION) {
            b.failover.promotionSeen(m, r, now);
            b.failover.advance(m, now);
            return;
        }
        // Someone turned a replica (or the old master came back) into a master: once our master
        // looks sane and either the group agrees on our configuration (Vigil) or some time passed
        // for newer configs to arrive by hello (Redis), make it a replica.
        b.conversion.consider(r, m, now);
    }

    private void replicaFollows(ReplicaState r, MasterState m, long now) {
        if (ZeroLoss.detachSeen(b, r, m, now)) {
            b.failover.advance(m, now);
            return;
        }
        if (FastConversion.detached(r, m) && b.conversion.consider(r, m, now)) {
            return;
        }
        // Vigil: not while this sentinel runs a failover of m (Redis does it after failover-timeout:
        // during a failover whose promoted replica is down, that points replicas back at the old
        // master, which in zero-loss mode could then acknowledge writes the promoted one lacks).
        if (!m.has(Flag.FAILOVER_IN_PROGRESS)
                && (r.masterPort != m.addr.port() || r.masterHost == null || !r.masterHost.equals(m.addr.host()))) {
            long wait = m.failoverTimeout;
            if (looksSane(m, now) && noDownFor(r, wait, now) && now - r.confChangeTime > wait) {
                r.formerMaster = false;   // as in FastConversion: it may acknowledge m from now on
                b.act(new Action.ReplicaOf(r.target(m.name), m.addr));
                b.eventAt("+fix-slave-config", false, m, r, "");
            }
        }
        if ((r.has(Flag.RECONF_SENT) || r.has(Flag.RECONF_INPROG)) && m.promoted != null) {
            Addr p = m.promoted.addr;
            if (r.has(Flag.RECONF_SENT) && r.masterHost != null && r.masterHost.equals(p.host())
                    && r.masterPort == p.port()) {
                r.flags.remove(Flag.RECONF_SENT);
                r.flags.add(Flag.RECONF_INPROG);
                b.eventAt("+slave-reconf-inprog", false, m, r, "");
            }
            if (r.has(Flag.RECONF_INPROG) && r.masterLinkUp) {
                r.flags.remove(Flag.RECONF_INPROG);
                r.flags.add(Flag.RECONF_DONE);
                b.eventAt("+slave-reconf-done", false, m, r, "");
                b.failover.advance(m, now);
            }
        }
    }

    /** Redis's sentinelMasterLooksSane. */
    boolean looksSane(MasterState m, long now) {
        return m.roleReported == InstanceKind.MASTER && !m.has(Flag.S_DOWN) && !m.has(Flag.O_DOWN)
                && now - m.infoRefresh < b.infoPeriodMs * 2;
    }

    /** Redis's sentinelRedisInstanceNoDownFor. */
    static boolean noDownFor(Instance ri, long ms, long now) {
        long mostRecent = ri.sDownSince;
        if (ri instanceof MasterState m && m.oDownSince > mostRecent) {
            mostRecent = m.oDownSince;
        }
        return mostRecent == 0 || now - mostRecent > ms;
    }
}
