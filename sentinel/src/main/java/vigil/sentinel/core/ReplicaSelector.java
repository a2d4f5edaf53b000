package vigil.sentinel.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Redis's sentinelSelectSlave: the replica to promote. Excluded: S_DOWN/O_DOWN, disconnected, no
 * valid PING reply for 5 s, replica-priority 0, INFO older than 5 s (master S_DOWN) or 30 s, and a
 * replication link down for longer than the master has been down plus ten down-after periods.
 * The best: lowest priority, then highest replication offset, then lowest run id (unknown last).
 */
public final class ReplicaSelector {
    private ReplicaSelector() {
    }

    static final Comparator<ReplicaState> ORDER = (a, c) -> {
        if (a.priority != c.priority) {
            return Integer.compare(a.priority, c.priority);
        }
        if (a.replOffset != c.replOffset) {
            return a.replOffset > c.replOffset ? -1 : 1;
        }
        if (a.runId == null && c.runId == null) {
            return 0;
        }
        if (a.runId == null) {
            return 1;
        }
        if (c.runId == null) {
            return -1;
        }
        return a.runId.compareToIgnoreCase(c.runId);
    };

    public static List<ReplicaState> candidates(MasterState m, long now, long pingPeriodMs, long infoPeriodMs) {
        long maxMasterDown = (m.has(Flag.S_DOWN) ? now - m.sDownSince : 0) + m.downAfterMs * 10;
        long infoValidity = m.has(Flag.S_DOWN) ? pingPeriodMs * 5 : infoPeriodMs * 3;
        List<ReplicaState> out = new ArrayList<>();
        for (ReplicaState r : m.replicas.values()) {
            if (r.has(Flag.S_DOWN) || r.has(Flag.O_DOWN) || !r.linkUp) {
                continue;
            }
            if (now - r.lastAvail > pingPeriodMs * 5 || r.priority == 0) {
                continue;
            }
            if (now - r.infoRefresh > infoValidity || r.masterLinkDownTime > maxMasterDown) {
                continue;
            }
            out.add(r);
        }
        out.sort(ORDER);
        return out;
    }

    public static ReplicaState select(MasterState m, long now, long pingPeriodMs, long infoPeriodMs) {
        List<ReplicaState> c = candidates(m, now, pingPeriodMs, infoPeriodMs);
        return c.isEmpty() ? null : c.get(0);
    }
}
