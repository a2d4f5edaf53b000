package vigil.sentinel.core;

import java.util.Set;

/**
 * What the peer group says about the other sentinels: membership (Hazelcast's, the peers' "link")
 * and the last time each was heard (a beat, hello, question or answer; {@link Isolation}).
 */
final class PeerLiveness {
    private final SentinelBrain b;
    /** The last set {@link #alive} reported: peers learned later start alive if they are in it. */
    private Set<String> lastAlive = Set.of();

    PeerLiveness(SentinelBrain b) {
        this.b = b;
    }

    /** Something came from the peer {@code runId} over the group just now. */
    void heard(String runId, long now) {
        for (MasterState m : b.masters.values()) {
            PeerState p = m.sentinels.get(runId);
            if (p != null) {
                p.lastHeard = now;
            }
        }
    }

    /** The run ids of the peers now in the Hazelcast group. */
    void alive(Set<String> aliveRunIds, long now) {
        lastAlive = Set.copyOf(aliveRunIds);
        for (MasterState m : b.masters.values()) {
            for (PeerState p : m.sentinels.values()) {
                setAlive(p, aliveRunIds.contains(p.runId), now);
            }
        }
    }

    /** A peer just learned: alive if the last membership had it, heard now (Isolation waits down-after for it). */
    void initial(PeerState p, long now) {
        p.lastHeard = now;
        setAlive(p, lastAlive.contains(p.runId), now);
    }

    private static void setAlive(PeerState p, boolean alive, long now) {
        if (alive) {
            p.linkUp = true;
            p.linkDownSince = 0;
            p.pingPendingSince = 0;
            p.lastAvail = now;
            p.lastPong = now;
        } else if (p.linkUp || p.linkDownSince == 0) {
            p.linkUp = false;
            p.linkDownSince = now;
        }
        p.alive = alive;
    }
}
