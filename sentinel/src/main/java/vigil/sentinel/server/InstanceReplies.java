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
        List<String> kv = new ArrayList<>();
        String name = ri instanceof PeerState && ri.runId != null ? ri.runId : ri.name;
        kv.add("name");
        kv.add(name);
        kv.add("ip");
        kv.add(ri.addr.host());
        kv.add("port");
        kv.add(Integer.toString(ri.addr.port()));
        kv.add("runid");
        kv.add(ri.runId == null ? "" : ri.runId);
        kv.add("flags");
        kv.add(flags(ri));
        kv.add("link-pending-commands");
        kv.add(Integer.toString(ri.pendingCommands));
        kv.add("link-refcount");
        kv.add("1");
        if (ri instanceof MasterState m && m.has(Flag.FAILOVER_IN_PROGRESS)) {
            kv.add("failover-state");
            kv.add(m.failoverState.word);
        }
        kv.add("last-ping-sent");
        kv.add(Long.toString(ago(now, ri.pingPendingSince)));
        kv.add("last-ok-ping-reply");
        kv.add(Long.toString(ago(now, ri.lastAvail)));
        kv.add("last-ping-reply");
        kv.add(Long.toString(ago(now, ri.lastPong)));
        if (ri.has(Flag.S_DOWN)) {
            kv.add("s-down-time");
            kv.add(Long.toString(now - ri.sDownSince));
        }
        if (ri instanceof MasterState m && m.has(Flag.O_DOWN)) {
            kv.add("o-down-time");
            kv.add(Long.toString(now - m.oDownSince));
        }
        kv.add("down-after-milliseconds");
        kv.add(Long.toString(ri.downAfterMs));
        if (ri.kind != InstanceKind.SENTINEL) {
            kv.add("info-refresh");
            kv.add(Long.toString(ago(now, ri.infoRefresh)));
            kv.add("role-reported");
            kv.add(ri.roleReported == InstanceKind.MASTER ? "master" : "slave");
            kv.add("role-reported-time");
            kv.add(Long.toString(ago(now, ri.roleReportedTime)));
        }
        if (ri instanceof MasterState m) master(kv, m);
        if (ri instanceof ReplicaState r) replica(kv, r);
        if (ri instanceof PeerState p) {
            kv.add("last-hello-message");
            kv.add(Long.toString(ago(now, p.lastHello)));
            kv.add("voted-leader");
            kv.add(p.leader == null ? "?" : p.leader);
            kv.add("voted-leader-epoch");
            kv.add(Long.toString(p.leaderEpoch));
        }
        w.map(kv.size() / 2);
        for (String s : kv) w.bulk(s);
    }

    private static void master(List<String> kv, MasterState m) {
        kv.add("config-epoch");
        kv.add(Long.toString(m.configEpoch));
        kv.add("num-slaves");
        kv.add(Integer.toString(m.replicas.size()));
        kv.add("num-other-sentinels");
        kv.add(Integer.toString(m.sentinels.size()));
        kv.add("quorum");
        kv.add(Integer.toString(m.quorum));
        kv.add("failover-timeout");
        kv.add(Long.toString(m.failoverTimeout));
        kv.add("parallel-syncs");
        kv.add(Integer.toString(m.parallelSyncs));
        if (m.notificationScript != null) {
            kv.add("notification-script");
            kv.add(m.notificationScript);
        }
        if (m.clientReconfigScript != null) {
            kv.add("client-reconfig-script");
            kv.add(m.clientReconfigScript);
        }
    }

    private static void replica(List<String> kv, ReplicaState r) {
        kv.add("master-link-down-time");
        kv.add(Long.toString(r.masterLinkDownTime));
        kv.add("master-link-status");
        kv.add(r.masterLinkUp ? "ok" : "err");
        kv.add("master-host");
        kv.add(r.masterHost == null ? "?" : r.masterHost);
        kv.add("master-port");
        kv.add(Integer.toString(r.masterPort));
        kv.add("slave-priority");
        kv.add(Integer.toString(r.priority));
        kv.add("slave-repl-offset");
        kv.add(Long.toString(r.replOffset));
        kv.add("replica-announced");
        kv.add(r.replicaAnnounced ? "1" : "0");
    }
}
