package vigil.sentinel.core;

import java.util.HashMap;
import java.util.Map;

/**
 * Zero-loss bookkeeping for {@link World} scenarios: client writes acknowledged the way a master
 * with {@code min-replicas-ack n} acknowledges them, and the invariant "in zero-loss mode a
 * promoted replica is never below the highest acknowledged offset". Any scenario (random fault
 * schedules included) can call {@link #write} for its writes and {@link #check} after each step.
 */
final class ZeroLossModel {
    /** The highest offset acknowledged to a client so far (offsets continue across promotions, as Redis's). */
    long highestAcked;
    /** Promotions already checked: node -> the offset it was checked at. */
    private final Map<World.Node, Long> checked = new HashMap<>();

    /**
     * A write of {@code bytes} on {@code master}: applied there and streamed to {@code receivers}
     * (alive replicas attached to it; a detached or dead one never gets it). The master
     * acknowledges it when at least its min_replicas_ack receivers have it; with fewer replicas
     * attached it refuses the write (nothing changes). Returns whether it was acknowledged.
     */
    boolean write(World w, World.Node master, long bytes, World.Node... receivers) {
        int attached = 0;
        for (World.Node r : w.nodes.values()) {
            if (r != master && r.alive && !r.master && master.addr.equals(r.masterAddr)) {
                attached++;
            }
        }
        if (!master.alive || !master.master || attached < master.minReplicasAck) {
            return false;
        }
        master.offset += bytes;
        int got = 0;
        for (World.Node r : receivers) {
            if (r.alive && !r.master && master.addr.equals(r.masterAddr)) {
                r.offset = master.offset;
                got++;
            }
        }
        if (got >= master.minReplicasAck) {
            highestAcked = Math.max(highestAcked, master.offset);
            return true;
        }
        return false;
    }

    /** World's Promote: remember the offset, and shift the history as REPLICAOF NO ONE does (replid2 = replid). */
    static void promoted(World.Node n) {
        n.promotedAtOffset = n.offset;
        n.promotions++;
        if (n.replid != null) {
            n.replid2 = n.replid;
            n.secondReplOffset = n.offset + 1;
            n.replid = World.runId("replid-of-" + n.addr.port() + "-at-" + n.offset);
        }
    }

    /** World's REPLICAOF: after a PSYNC the replica has its new master's history. */
    static void followed(World.Node n, World.Node master) {
        if (n.replid != null && master != null && master.replid != null) {
            n.replid = master.replid;
            n.replid2 = master.replid2;
            n.secondReplOffset = master.secondReplOffset;
        }
    }

    /** The zero-loss lines of a World node's INFO: min_replicas_ack (when >= 0), the join delay, the replids (when set). */
    static void appendInfo(World.Node n, StringBuilder sb) {
        if (n.minReplicasAck >= 0) {
            sb.append("min_replicas_ack:").append(n.minReplicasAck).append("\r\n");
        }
        if (n.minReplicasAckJoinDelay > 0) {
            sb.append("min_replicas_ack_join_delay:").append(n.minReplicasAckJoinDelay).append("\r\n");
        }
        if (n.replid != null) {
            sb.append("master_replid:").append(n.replid).append("\r\nmaster_replid2:")
                    .append(n.replid2 == null ? "0".repeat(40) : n.replid2).append("\r\nsecond_repl_offset:")
                    .append(n.secondReplOffset).append("\r\n");
        }
    }

    /** The invariant, for every promotion not checked yet: the promoted node had every acknowledged write. */
    void check(World w) {
        for (World.Node n : w.nodes.values()) {
            if (n.promotedAtOffset < 0 || checked.getOrDefault(n, -1L) == n.promotedAtOffset) {
                continue;
            }
            assertPromotedHoldsAcked(n, highestAcked);
            checked.put(n, n.promotedAtOffset);
        }
    }

    /** The invariant for one promotion, usable without a model: {@code n} was promoted at or past {@code highestAcked}. */
    static void assertPromotedHoldsAcked(World.Node n, long highestAcked) {
        if (n.promotedAtOffset < highestAcked) {
            throw new AssertionError("zero-loss violated: " + n.addr + " promoted at offset " + n.promotedAtOffset
                    + " below the highest acknowledged offset " + highestAcked);
        }
    }
}
