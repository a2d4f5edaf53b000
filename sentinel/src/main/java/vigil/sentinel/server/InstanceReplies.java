package vigil.sentinel.server;

import vigil.resp.RespWriter;
import vigil.sentinel.core.Flag;
import vigil.sentinel.core.Instance;
import vigil.sentinel.core.InstanceKind;
import vigil.sentinel.core.MasterState;
import vigil.sentinel.core.PeerState;
import vigil.sentinel.core.ReplicaState;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/**
 * One instance as SENTINEL MASTER / MASTERS / REPLICAS / SENTINELS show it: Redis 7.0's
 * addReplySentinelRedisInstance, same fields in the same order (a map in RESP3, a flat array in
 * RESP2). Times are "milliseconds ago" of the host's clock.
 */
final class InstanceReplies {
    private InstanceReplies() {
    }

    /** The "flags" field: s_down,o_down,master|slave|sentinel,disconnected,master_down,... */
    static String flags(Instance ri) {
        List<String> f = new ArrayList<>();
        if (ri.has(Flag.S_DOWN)) f.add("s_down");
        if (ri.has(Flag.O_DOWN)) f.add("o_down");
        f.add(ri.kind.word);
        if (disconnected(ri)) f.add("disconnected");
        for (Flag x : new Flag[]{Flag.MASTER_DOWN, Flag.FAILOVER_IN_PROGRESS, Flag.PROMOTED, Flag.RECONF_SENT,
                Flag.RECONF_INPROG, Flag.RECONF_DONE, Flag.FORCE_FAILOVER, Flag.SCRIPT_KILL_SENT}) {
            if (ri.has(x)) f.add(x.word);
        }
        return String.join(",", f);
    }

    static boolean disconnected(Instance ri) {
        if (ri instanceof PeerState p) return !p.alive && !p.linkUp;
        return !ri.linkUp;
    }

    /** Time since {@code t}, or 0 when it never happened. */
    private static long ago(long now, long t) {
        return t == 0 ? 0 : now - t;
    }

    static void list(RespWriter w, Collection<? extends Instance> instances, long now) {
        List<Instance> shown = new ArrayList<>();
        for (Instance i : instances) {
            if (i instanceof ReplicaState r && !r.replicaAnnounced) continue;
            shown.add(i);
        }
        w.array(shown.size());
        for (Instance i : shown) instance(w, i, now);
    }

    static void instance(RespWriter w, Instance ri, long now) {
        List<Object> kv = new ArrayList<>();
        put(kv, "name", ri instanceof PeerState && ri.runId != null ? ri.runId : ri.name, "ip", ri.addr.host(),
                "port", ri.addr.port(), "runid", ri.runId == null ? "" : ri.runId, "flags", flags(ri),
                "link-pending-commands", ri.pendingCommands, "link-refcount", 1);
        if (ri instanceof MasterState m && m.has(Flag.FAILOVER_IN_PROGRESS)) put(kv, "failover-state", m.failoverState.word);
        put(kv, "last-ping-sent", ago(now, ri.pingPendingSince), "last-ok-ping-reply", ago(now, ri.lastAvail),
                "last-ping-reply", ago(now, ri.lastPong));
        if (ri.has(Flag.S_DOWN)) put(kv, "s-down-time", now - ri.sDownSince);
        if (ri instanceof MasterState m && m.has(Flag.O_DOWN)) put(kv, "o-down-time", now - m.oDownSince);
        put(kv, "down-after-milliseconds", ri.downAfterMs);
        if (ri.kind != InstanceKind.SENTINEL) {
            put(kv, "info-refresh", ago(now, ri.infoRefresh),
                    "role-reported", ri.roleReported == InstanceKind.MASTER ? "master" : "slave",
                    "role-reported-time", ago(now, ri.roleReportedTime));
        }
        if (ri instanceof MasterState m) {
            put(kv, "config-epoch", m.configEpoch, "num-slaves", m.replicas.size(),
                    "num-other-sentinels", m.sentinels.size(), "quorum", m.quorum,
                    "failover-timeout", m.failoverTimeout, "parallel-syncs", m.parallelSyncs);
            if (m.minReplicasAck > 0) put(kv, "min-replicas-ack", m.minReplicasAck);
            if (!m.isolationStepDown) put(kv, "isolation-step-down", "no");   // Vigil, only when off (core/Isolation)
            if (m.notificationScript != null) put(kv, "notification-script", m.notificationScript);
            if (m.clientReconfigScript != null) put(kv, "client-reconfig-script", m.clientReconfigScript);
        }
        if (ri instanceof ReplicaState r) {
            put(kv, "master-link-down-time", r.masterLinkDownTime, "master-link-status", r.masterLinkUp ? "ok" : "err",
                    "master-host", r.masterHost == null ? "?" : r.masterHost, "master-port", r.masterPort,
                    "slave-priority", r.priority, "slave-repl-offset", r.replOffset,
                    "replica-announced", r.replicaAnnounced ? 1 : 0);
        }
        if (ri instanceof PeerState p) {
            put(kv, "last-hello-message", ago(now, p.lastHello), "voted-leader", p.leader == null ? "?" : p.leader,
                    "voted-leader-epoch", p.leaderEpoch);
        }
        w.map(kv.size() / 2);
        for (Object x : kv) w.bulk(String.valueOf(x));
    }

    /** Appends name, value pairs (values shown as their decimal or string text). */
    private static void put(List<Object> kv, Object... pairs) {
        Collections.addAll(kv, pairs);
    }
}
