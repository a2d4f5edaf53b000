package vigil.sentinel.core;

import java.util.ArrayList;
import java.util.List;

/**
 * Hello messages (Redis's sentinelSendHello and sentinelProcessHelloMessage): what this sentinel
 * announces for a master, and what it learns from the others' hellos: new peers (+sentinel), a
 * peer's address change, a higher current epoch (+new-epoch) and a newer master configuration
 * (+config-update-from, +switch-master).
 */
final class HelloHandler {
    private final SentinelBrain b;

    HelloHandler(SentinelBrain b) {
        this.b = b;
    }

    String payload(MasterState m) {
        SentinelSettings s = b.settings;
        String ip = s.announceIp != null && !s.announceIp.isEmpty() ? s.announceIp : "127.0.0.1";
        int port = s.announcePort != 0 ? s.announcePort : s.port;
        Addr cur = b.currentMasterAddr(m);
        return new Hello(ip, port, s.myId, s.currentEpoch, m.name, cur.host(), cur.port(), m.configEpoch).format();
    }

    /** Redis's sentinelForceHelloUpdateForMaster: tell everyone about a new configuration now. */
    void forceUpdate(MasterState m, long now) {
        broadcast(m, now);
        m.lastHello = 0;
        for (ReplicaState r : m.replicas.values()) {
            r.lastHello = 0;
        }
    }

    /** This sentinel's hello for {@code m}, straight to the group, with its last vote epoch for m. */
    void broadcast(MasterState m, long now) {
        m.lastBroadcastHello = now;
        b.act(new Action.BroadcastHello(payload(m), m.leaderEpoch));
    }

    void process(String text, long now) {
        process(text, -1, false, now);
    }

    /** {@code fromGroup}: broadcast by a peer over the group, with its vote epoch for the master. */
    void process(String text, long voteEpoch, boolean fromGroup, long now) {
        Hello h = Hello.parse(text);
        String myId = b.settings.myId;
        if (h == null || (myId != null && text.contains(myId))) {
            return;
        }
        MasterState m = b.masters.get(h.masterName());
        if (m == null) {
            return;
        }
        Addr sa = new Addr(h.ip(), h.port());
        PeerState si = null;
        for (PeerState p : m.sentinels.values()) {
            if (p.addr.equals(sa) && h.runId().equals(p.runId)) {
                si = p;
                break;
            }
        }
        if (si == null) {
            boolean removed = m.sentinels.remove(h.runId()) != null;
            if (removed) {
                b.eventAt("+sentinel-address-switch", false, m, m,
                        " ip " + h.ip() + " port " + h.port() + " for " + h.runId());
            } else {
                PeerState other = null;
                for (PeerState p : m.sentinels.values()) {
                    if (p.addr.equals(sa)) {
                        other = p;
                        break;
                    }
                }
                if (other != null) {
                    // Another run id at the same address: that sentinel is gone (restarted without its conf).
                    b.eventAt("+sentinel-invalid-addr", false, m, other, "");
                    for (MasterState mm : b.masters.values()) {
                        mm.sentinels.remove(other.runId);
                    }
                }
            }
            si = b.newPeer(m, sa, h.runId(), now);
            if (!removed) {
                b.eventAt("+sentinel", false, m, si, "");
            } else {
                updateAddressInAllMasters(si);
            }
            b.persist();
        }
        if (h.currentEpoch() > b.settings.currentEpoch) {
            b.settings.currentEpoch = h.currentEpoch();
            b.persist();
            b.event("+new-epoch", true, m, Long.toString(b.settings.currentEpoch));
        }
        if (m.configEpoch < h.masterConfigEpoch()) {
            m.configEpoch = h.masterConfigEpoch();
            b.persist();
            Addr announced = new Addr(h.masterIp(), h.masterPort());
            if (!announced.equals(m.addr)) {
                Addr old = m.addr;
                b.eventAt("+config-update-from", true, m, si, "");
                b.event("+switch-master", true, m, m.name + " " + old.host() + " " + old.port() + " "
                        + announced.host() + " " + announced.port());
                b.masterReset.resetAndChangeAddress(m, announced, now);
                if (m.clientReconfigScript != null) {
                    b.act(new Action.RunReconfigScript(m.clientReconfigScript, m.name, "observer", "start", old, m.addr));
                }
            } else if (m.has(Flag.FAILOVER_IN_PROGRESS)) {
                // Vigil: a newer configuration keeps the master this sentinel is failing over, so its
                // failover is stale. Redis carries on and, at its end, switches with the config epoch
                // just adopted: two addresses under one config epoch, which hellos never reconcile.
                b.eventAt("-failover-abort-config-update", true, m, si, "");
                b.failover.abort(m, now);
            }
        }
        si.lastHello = now;
        if (fromGroup) {
            si.groupHelloTime = now;
            si.groupHelloAddr = new Addr(h.masterIp(), h.masterPort());
            si.groupHelloConfigEpoch = h.masterConfigEpoch();
            si.groupHelloVoteEpoch = voteEpoch;
            if (!b.settings.tilt) {
                b.conversion.considerAll(m, now);   // the agreement may be complete now
            }
        }
    }

    /** Redis's sentinelUpdateSentinelAddressInAllMasters: the same peer in other masters moves too. */
    private void updateAddressInAllMasters(PeerState si) {
        List<MasterState> all = new ArrayList<>(b.masters.values());
        for (MasterState mm : all) {
            PeerState p = mm.sentinels.get(si.runId);
            if (p != null && p != si) {
                p.addr = si.addr;
            }
        }
    }
}
