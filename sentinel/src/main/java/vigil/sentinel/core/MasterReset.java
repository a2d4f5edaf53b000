package vigil.sentinel.core;

import java.util.ArrayList;
import java.util.List;

/**
 * Redis's sentinelResetMaster and sentinelResetMasterAndChangeAddress: forget a master's replicas
 * (and, for SENTINEL RESET, its sentinels), its failover and its link state; on an address switch,
 * keep the replicas (minus the new master) and add the old master as a replica so it is
 * reconfigured when it comes back.
 */
final class MasterReset {
    private final SentinelBrain b;

    MasterReset(SentinelBrain b) {
        this.b = b;
    }

    void reset(MasterState m, boolean generateEvent, boolean resetSentinels, long now) {
        clear(m, resetSentinels, now);
        b.act(new Action.ResetLink(m.target(m.name)));
        if (generateEvent) {
            b.eventAt("+reset-master", true, m, m, "");
        }
    }

    private void clear(MasterState m, boolean resetSentinels, long now) {
        m.replicas.clear();
        if (resetSentinels) {
            m.sentinels.clear();
        }
        m.flags.clear();
        m.leader = null;
        m.failoverState = FailoverState.NONE;
        m.failoverStateChangeTime = 0;
        m.failoverStartTime = 0; // may fail over again at once
        m.failoverStartNotBefore = 0;
        m.promoted = null;
        m.runId = null;
        m.replid = null;
        m.historyStart = -1;
        m.masterInfoSeen = false;
        m.detachStartTime = 0;
        m.restartedBehindSince = 0;
        m.reportedReplOffset = -1;
        m.pingPendingSince = now;
        m.lastPingSent = 0;
        m.lastAvail = now;
        m.lastPong = now;
        m.roleReportedTime = now;
        m.roleReported = InstanceKind.MASTER;
        m.infoRefresh = 0;
        m.lastInfoSent = 0;
        m.lastInfo = null;
        m.pendingCommands = 0;
        m.linkUp = false;
        m.linkUpSince = 0;
        m.linkDownSince = now;
    }

    void resetAndChangeAddress(MasterState m, Addr newAddr, long now) {
        List<ReplicaState> keep = new ArrayList<>();
        for (ReplicaState r : m.replicas.values()) {
            if (!r.addr.equals(newAddr)) {
                keep.add(r);
            }
        }
        Addr oldAddr = m.addr;
        clear(m, false, now);
        m.addr = newAddr;
        m.oDownSince = 0;
        m.sDownSince = 0;
        // Vigil: the peers' "down" opinions were about the old address; a new master starts clean.
        for (PeerState p : m.sentinels.values()) {
            p.flags.remove(Flag.MASTER_DOWN);
            p.lastDownHeard = 0;
        }
        b.act(new Action.ResetLink(m.target(m.name)));
        for (ReplicaState old : keep) {
            ReplicaState r = new ReplicaState(old.addr, m.downAfterMs);
            b.initLink(r, now);
            // Same address, same connection: keep what the link knew (Redis makes a new link).
            r.linkUp = old.linkUp;
            r.linkUpSince = old.linkUpSince;
            r.linkDownSince = old.linkDownSince;
            r.lastAvail = old.lastAvail;
            r.lastPong = old.lastPong;
            r.pingPendingSince = old.pingPendingSince;
            r.lastPingSent = old.lastPingSent;
            m.replicas.put(r.addr, r);
            b.eventAt("+slave", false, m, r, "");
        }
        if (!newAddr.equals(oldAddr)) {
            ReplicaState r = new ReplicaState(oldAddr, m.downAfterMs);
            b.initLink(r, now);
            r.formerMaster = true;
            m.replicas.put(oldAddr, r);
            b.act(new Action.ResetLink(r.target(m.name)));
            b.eventAt("+slave", false, m, r, "");
        }
        b.persist();
    }
}
