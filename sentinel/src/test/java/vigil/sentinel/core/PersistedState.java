package vigil.sentinel.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * What a sentinel's conf rewrite keeps of {@code World.MASTER} (the fields ConfRewriter writes:
 * myid, current-epoch, the monitored address as {@link SentinelBrain#currentMasterAddr}, quorum,
 * down-after, failover-timeout, config-epoch, leader-epoch, known replicas and sentinels,
 * known-min-replicas-ack), taken
 * when the sentinel carries out a {@link Action.Persist}, and the brain a restart builds from it
 * as conf loading does (no vote, no failover in progress, no down state).
 */
record PersistedState(String myId, int port, long currentEpoch, Addr masterAddr, int quorum, long downAfterMs,
                      long failoverTimeout, long configEpoch, long leaderEpoch, List<Addr> replicas,
                      List<PeerState> peers, int minReplicasAck, long minReplicasAckJoinDelay) {

    static PersistedState of(SentinelBrain b) {
        MasterState m = b.masters.get(World.MASTER);
        Addr ma = b.currentMasterAddr(m);
        List<Addr> replicas = new ArrayList<>();
        for (ReplicaState r : m.replicas.values()) {
            replicas.add(r.addr.equals(ma) ? m.addr : r.addr);
        }
        List<PeerState> peers = new ArrayList<>();
        for (PeerState p : m.sentinels.values()) {
            if (p.runId != null) {
                peers.add(new PeerState(p.addr, p.runId, 0));
            }
        }
        return new PersistedState(b.settings.myId, b.settings.port, b.settings.currentEpoch, ma, m.quorum,
                m.downAfterMs, m.failoverTimeout, m.configEpoch, m.leaderEpoch, List.copyOf(replicas), List.copyOf(peers),
                m.minReplicasAck, m.minReplicasAckJoinDelay);
    }

    SentinelBrain restore(long now, long seed) {
        SentinelSettings s = new SentinelSettings();
        s.myId = myId;
        s.announceIp = "127.0.0.1";
        s.announcePort = port;
        s.port = port;
        SentinelBrain b = new SentinelBrain(s, new Random(seed));
        try {
            MasterState m = b.monitor(World.MASTER, masterAddr, quorum, now);
            m.failoverTimeout = failoverTimeout;
            m.configEpoch = configEpoch;
            m.leaderEpoch = leaderEpoch;
            m.minReplicasAck = minReplicasAck;   // sentinel known-min-replicas-ack
            m.minReplicasAckJoinDelay = minReplicasAckJoinDelay;
            s.currentEpoch = Math.max(currentEpoch, configEpoch);
            for (Addr r : replicas) {
                if (!r.equals(masterAddr)) {
                    b.addKnownReplica(m, r, now);
                }
            }
            for (PeerState p : peers) {
                b.addKnownSentinel(m, p.addr, p.runId, now);
            }
            b.setDownAfter(m, downAfterMs);
        } catch (SentinelError e) {
            throw new AssertionError(e);
        }
        return b;
    }

    @Override
    public String toString() {
        return "monitor " + masterAddr.port() + " current-epoch " + currentEpoch + " config-epoch " + configEpoch
                + " leader-epoch " + leaderEpoch + " replicas " + replicas.stream().map(Addr::port).toList();
    }
}
