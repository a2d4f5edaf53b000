package vigil.server.replication;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Zero-loss mode's held replies (min-replicas-ack) as a pure state machine: which held reply is
 * released at which acknowledged offset, and which one times out at which tick. Fed the hold
 * (a ticket per held reply, end offset of its write in the stream, now), the acknowledged offset (the highest
 * offset at least n replicas ACKed, from {@link MasterMachine#ackedOffset}), ticks with the time,
 * the loss of the master role and the client's departure; it answers the releases the shell
 * ({@link HeldReplies}) carries out. No sockets, no clock: the time is an argument.
 *
 * <pre>
 * (none) --hold(ticket, offset, now)--> HELD (deadline now + timeout; timeout 0: none)
 * HELD --acked(offset' &gt;= offset)--> released ACKED (its reply is sent)
 * HELD --tick(now &gt;= deadline)--> released TIMED_OUT (-NOACK, the write stays applied)
 * HELD --notMaster()--> released NOT_MASTER (-NOACK: never acknowledge a write that may be lost)
 * HELD --forget(ticket)--> (none) (its client is gone)
 * </pre>
 * Holds are kept in stream order, so an ACK releases a prefix of them.
 */
final class AckGate {
    enum Outcome { ACKED, TIMED_OUT, NOT_MASTER }

    /** One held reply (by its ticket) is settled. */
    record Release(long id, Outcome outcome) { }

    private record Held(long offset, long deadline) { }

    /** The held replies by ticket, in stream order. */
    private final Map<Long, Held> held = new LinkedHashMap<>();
    /** The highest acknowledged offset fed so far (a hold at or below it is released at once). */
    private long acked;

    /**
     * A reply (its ticket) waits until the stream up to {@code offset} is acknowledged, at most
     * {@code timeoutMs} (0: forever). Answers its release when that offset is acknowledged already.
     */
    List<Release> hold(long ticket, long offset, long timeoutMs, long now) {
        if (offset <= acked) return List.of(new Release(ticket, Outcome.ACKED));
        held.put(ticket, new Held(offset, timeoutMs <= 0 ? 0 : now + timeoutMs));
        return List.of();
    }

    /** At least n replicas acknowledged the stream up to {@code offset}: the holds it covers are released. */
    List<Release> acked(long offset) {
        if (offset > acked) acked = offset;
        if (held.isEmpty()) return List.of();
        List<Release> out = new ArrayList<>();
        for (Iterator<Map.Entry<Long, Held>> it = held.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, Held> e = it.next();
            if (e.getValue().offset > acked) break;
            it.remove();
            out.add(new Release(e.getKey(), Outcome.ACKED));
        }
        return out;
    }

    /** The time passed: holds past their deadline are released with an error. */
    List<Release> tick(long now) {
        if (held.isEmpty()) return List.of();
        List<Release> out = new ArrayList<>();
        for (Iterator<Map.Entry<Long, Held>> it = held.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, Held> e = it.next();
            long deadline = e.getValue().deadline;
            if (deadline > 0 && now >= deadline) {
                it.remove();
                out.add(new Release(e.getKey(), Outcome.TIMED_OUT));
            }
        }
        return out;
    }

    /** The node is no longer a master: every hold ends with an error. */
    List<Release> notMaster() {
        List<Release> out = new ArrayList<>();
        for (Long id : held.keySet()) out.add(new Release(id, Outcome.NOT_MASTER));
        held.clear();
        acked = 0;
        return out;
    }

    /** The new stream history of a master (offsets may restart): acknowledgements of the old one count no more. */
    void resetAcked() {
        acked = 0;
    }

    /** The reply's client is gone: its hold is dropped. */
    void forget(long ticket) {
        held.remove(ticket);
    }

    boolean isEmpty() {
        return held.isEmpty();
    }

    boolean holds(long ticket) {
        return held.containsKey(ticket);
    }

    /** The earliest deadline of the holds, 0 when none has one. */
    long nextDeadline() {
        long next = 0;
        for (Held h : held.values()) if (h.deadline > 0 && (next == 0 || h.deadline < next)) next = h.deadline;
        return next;
    }

    /** The highest end offset still waiting, 0 when none. */
    long highestHeld() {
        long max = 0;
        for (Held h : held.values()) max = Math.max(max, h.offset);
        return max;
    }
}
