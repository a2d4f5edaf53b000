package vigil.sentinel.core;

/**
 * Vigil: a master cut off, together with this sentinel, from the other sentinels and from all its
 * replicas steps down before the sentinels on the other side promote one of them, so two nodes do
 * not both answer {@code ROLE master} through the partition and the clients on the master's side
 * stop getting writes acknowledged that the failover will discard.
 *
 * <p>The rule, checked per master on every tick (not in TILT, never during a failover of it): the
 * master answers this sentinel's PINGs and its last INFO says {@code role:master}; it has at least
 * one known replica and this sentinel knows at least one other sentinel; for down-after-milliseconds
 * this sentinel has heard from fewer than a majority of the known sentinels (itself included;
 * peers beat over the group every {@link SentinelBrain#peerBeatPeriodMs}), and every known replica is
 * S_DOWN here (no valid PING reply for down-after-milliseconds). Then the sentinels that can still act are on the other side: they see the
 * master S_DOWN after the same down-after-milliseconds and fail over. The master is detached
 * ({@code REPLICAOF 127.0.0.1 0}, {@link Action.Detach}: its data, replication id and offset stay;
 * writes are refused as on any replica) and the event {@code +isolated-step-down} names it.
 * After the heal the sentinels that failed over see it as a detached replica and point it at the
 * new master ({@link InfoHandler}, fast +fix-slave-config); if no failover happened (a short
 * partition), they see their master reporting {@code role:slave} and fail over to a replica, which
 * holds everything the master had replicated before it stepped down.
 *
 * <p>The price: a master whose sentinel and replicas are all unreachable (a three-way split, or
 * every other host down) stops taking writes, where Redis keeps it writable. Off per master with
 * {@code sentinel isolation-step-down <master> no}.
 *
 * <pre>
 * WATCHING --isolated (above) for down-after-milliseconds--> STEPPED_DOWN (Detach sent, +isolated-step-down)
 * STEPPED_DOWN --INFO says role:master again, still isolated, 1 s after the Detach--> STEPPED_DOWN (Detach resent)
 * STEPPED_DOWN --INFO role:slave, or a majority heard again--> WATCHING (nothing to undo: the rest is the failover's)
 * </pre>
 */
final class Isolation {
    /** The Detach is not sent again within this time (the INFO that shows it follows right behind). */
    static final long RESEND_MS = 1000;
    private final SentinelBrain b;

    Isolation(SentinelBrain b) {
        this.b = b;
    }

    /** Sends the step-down if the rule holds now; returns whether it did. */
    boolean check(MasterState m, long now) {
        if (!m.isolationStepDown || m.has(Flag.FAILOVER_IN_PROGRESS) || m.has(Flag.S_DOWN)
                || !m.linkUp || m.roleReported != InstanceKind.MASTER
                || m.replicas.isEmpty() || m.sentinels.isEmpty()
                || now - m.isolationStepDownSent < RESEND_MS) {
            return false;
        }
        long d = m.downAfterMs;
        if (now - m.lastAvail > d) {
            return false;   // the master does not answer either: nothing to tell it
        }
        int heard = heardSentinels(m, d, now);
        int majority = (m.sentinels.size() + 1) / 2 + 1;
        if (heard >= majority) {
            return false;
        }
        for (ReplicaState r : m.replicas.values()) {
            if (!r.has(Flag.S_DOWN)) {
                return false;   // a replica answers: the master is not cut off from its replicas
            }
        }
        m.isolationStepDownSent = now;
        b.act(new Action.Detach(m.target(m.name)));
        b.eventAt("+isolated-step-down", true, m, m, " #heard " + heard + " of " + (m.sentinels.size() + 1)
                + " sentinels, 0 of " + m.replicas.size() + " replicas in " + d + " ms");
        return true;
    }

    /** This sentinel plus the peers heard from (beat, hello, question or answer) within {@code d}. */
    static int heardSentinels(MasterState m, long d, long now) {
        int heard = 1;
        for (PeerState p : m.sentinels.values()) {
            if (now - p.lastHeard <= d) {
                heard++;
            }
        }
        return heard;
    }
}
