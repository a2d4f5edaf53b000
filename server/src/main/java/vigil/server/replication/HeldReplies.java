package vigil.server.replication;

import vigil.resp.server.command.CommandFlag;
import vigil.resp.server.command.CommandSpec;
import vigil.server.node.Client;
import vigil.server.node.VigilServer;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Zero-loss mode (min-replicas-ack n &gt; 0) on a master, the shell around {@link AckGate}: a
 * client's command that put bytes into the replication stream runs at once, but its reply is
 * taken out of the client's buffer and queued, with a ticket the gate releases once n replicas
 * acknowledged the stream up to the end of that write (or that times out: -NOACK). The commands
 * the client already sent keep running (a pipeline of writes is acknowledged together), their
 * replies queued behind, in order; the client's socket is not read meanwhile; a command whose
 * reply could not keep its place (blocking, WAIT, (un)subscribing, QUIT...) waits until the
 * queue is empty. When the node stops being a master every queued write gets -NOACK. The master
 * appends one REPLCONF GETACK * to each stream batch while a reply is held ({@link #wantsGetack}).
 * Only counted replicas' ACKs release replies (min-replicas-ack-join-delay, {@link JoinDelay}): the
 * cron looks again each tick, so a replica whose delay passed counts without a new ACK.
 */
final class HeldReplies {
    /** The start of every error a held reply can end with: the write may or may not survive a failover. */
    static final String NOACK = "NOACK write may or may not have been applied: ";
    /** Commands that wait for an empty queue: their reply is written outside the command, or they end the session. */
    private static final Set<String> BARRIERS = Set.of("wait", "quit", "reset", "monitor", "sync", "psync",
            "subscribe", "psubscribe", "ssubscribe", "unsubscribe", "punsubscribe", "sunsubscribe",
            "replicaof", "slaveof", "failover", "shutdown", "client");

    /** One queued reply: a write's (ticket &gt; 0) waits for its acknowledgement, a read's for the replies before it. */
    private static final class Entry {
        final long ticket;
        byte[] bytes;
        boolean settled;

        Entry(long ticket, byte[] bytes) {
            this.ticket = ticket;
            this.bytes = bytes;
            this.settled = ticket == 0;
        }
    }

    /** A client with queued replies, and the command it sent that waits for them (or null). */
    private static final class Queue {
        final Client client;
        final ArrayDeque<Entry> entries = new ArrayDeque<>();
        byte[][] barrier;

        Queue(Client client) {
            this.client = client;
        }
    }

    private record Ticket(Queue queue, Entry entry, int needed, long timeoutMs) { }

    private final VigilServer server;
    private final MasterService master;
    private final AckGate gate = new AckGate();
    private final Map<Long, Queue> queues = new HashMap<>();
    private final Map<Long, Ticket> tickets = new HashMap<>();
    private long nextTicket = 1;
    /** The stream offset when the current top-level command started. */
    private long startOffset;
    /** The stream offset the last GETACK followed. */
    private long getackAt;
    private long timer = -1, timerAt;

    HeldReplies(VigilServer server, MasterService master) {
        this.server = server;
        this.master = master;
    }

    static String timeoutError(int needed, long timeoutMs) {
        return NOACK + "not acknowledged by " + needed + " replica(s) within " + timeoutMs + " ms";
    }

    static String notMasterError() {
        return NOACK + "this node stopped being a master before enough replicas acknowledged it";
    }

    private boolean active() {
        return server.config.minReplicasAck > 0 && !master.state.isReplica();
    }

    private static boolean eligible(Client c) {
        return !c.closed && !c.isInternal() && (c.flags & (Client.FLAG_MASTER | Client.FLAG_REPLICA)) == 0;
    }

    /** Before each command runs: a top-level command's writes are measured from here. */
    void beforeCommand(Client c) {
        if (!server.dispatcher.nested()) startOffset = master.state.offset;
    }

    /**
     * Before a command runs: with replies queued, a command whose reply could not keep its place
     * waits (the client is suspended) until the queue is empty; true when it took the command.
     */
    boolean postpone(Client c, CommandSpec<Client> cmd, byte[][] argv) {
        Queue q = queues.get(c.id);
        if (q == null) return false;
        String name = cmd.parent == null ? cmd.name : cmd.parent.name;
        if (!cmd.has(CommandFlag.BLOCKING) && !BARRIERS.contains(name)) return false;
        q.barrier = argv;
        c.suspended = true;
        return true;
    }

    /**
     * A client's request was answered (ran: executed; else rejected or queued in MULTI), its
     * reply from {@code mark}: queued with a ticket when it wrote to
     * the stream, queued behind when earlier replies are queued, else left to go out now.
     */
    void completed(Client c, int mark, boolean ran) {
        hold(c, mark, ran && master.state.offset > startOffset && !c.inMulti);
    }

    /**
     * A blocked client (BLPOP, BLMOVE, BZPOPMIN...) served by another client's write: its reply
     * (from {@code mark}) is held like a write's when the pop put bytes in the stream after
     * {@code offsetBefore}: the popped element is gone only once replicas acknowledged that.
     */
    void servedBlocked(Client c, long offsetBefore, int mark) {
        hold(c, mark, master.state.offset > offsetBefore);
    }

    /**
     * A pub/sub message (or keyspace notification) was written to {@code c} from {@code mark}
     * while the client has replies queued: it goes behind them, so a RESP3 client sees messages
     * and replies in the order they happened.
     */
    void pushed(Client c, int mark) {
        if (queues.containsKey(c.id)) hold(c, mark, false);   // queued behind, as a read's reply
    }

    private void hold(Client c, int mark, boolean wroteStream) {
        long end = master.state.offset;
        boolean wrote = wroteStream && active() && eligible(c);
        Queue q = queues.get(c.id);
        if ((!wrote && q == null) || c.out.size() <= mark) return;
        byte[] reply = c.out.copyFrom(mark);
        c.out.truncate(mark);
        if (q == null) {
            q = new Queue(c);
            queues.put(c.id, q);
            c.conn.setReading(false);   // what was read runs; no more until the queue drains
        }
        if (!wrote) {
            q.entries.add(new Entry(0, reply));
            return;
        }
        Entry e = new Entry(nextTicket++, reply);
        q.entries.add(e);
        long timeout = server.config.minReplicasAckTimeout;
        tickets.put(e.ticket, new Ticket(q, e, server.config.minReplicasAck, timeout));
        run(gate.hold(e.ticket, end, timeout, now()));
        armTimer();
    }

    /** An ACK arrived (or a replica's join delay may have passed): holds covered by n counted replicas' acknowledgements are released. */
    void acked() {
        if (gate.isEmpty()) return;
        run(gate.acked(master.machine.ackedOffset(server.config.minReplicasAck, now())));
    }

    /** One REPLCONF GETACK * is due after this batch: a reply waits for an offset no GETACK followed yet. */
    boolean wantsGetack() {
        return !gate.isEmpty() && gate.highestHeld() > getackAt;
    }

    void getackAppended(long offsetBefore) {
        getackAt = offsetBefore;
    }

    /**
     * replicationCron: the role; acknowledgements of replicas whose join delay passed since their
     * last ACK (they count from this tick on); timeouts as a fallback for the timer.
     */
    void cron() {
        if (gate.isEmpty()) return;
        if (master.state.isReplica()) {
            notMaster();
            return;
        }
        acked();
        run(gate.tick(now()));
    }

    /** The node became a replica (REPLICAOF, FAILOVER): nothing held may be acknowledged any more. */
    void notMaster() {
        run(gate.notMaster());
        getackAt = 0;
    }

    /** A new replication history (promotion): offsets acknowledged before count no more. */
    void newHistory() {
        gate.resetAcked();
        getackAt = 0;
    }

    /** freeClient: the queued replies have nobody to go to. */
    void forget(Client c) {
        Queue q = queues.remove(c.id);
        if (q == null) return;
        for (Entry e : q.entries) {
            if (e.ticket == 0) continue;
            tickets.remove(e.ticket);
            gate.forget(e.ticket);
        }
    }

    private long now() {
        return server.clock.getAsLong();
    }

    private void run(List<AckGate.Release> releases) {
        for (AckGate.Release r : releases) {
            Ticket t = tickets.remove(r.id());
            if (t == null) continue;
            if (r.outcome() != AckGate.Outcome.ACKED) {
                String err = r.outcome() == AckGate.Outcome.TIMED_OUT ? timeoutError(t.needed, t.timeoutMs) : notMasterError();
                server.stats.errorReply(err);
                t.entry.bytes = ("-" + err + "\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            }
            t.entry.settled = true;
            drain(t.queue);
        }
        if (gate.isEmpty() && timer >= 0) {
            server.scheduler.cancelTimer(timer);
            timer = -1;
        }
    }

    /** The settled replies at the head of the queue go out; an empty queue resumes the client. */
    private void drain(Queue q) {
        Client c = q.client;
        if (c.closed) return;
        Entry head;
        while ((head = q.entries.peek()) != null && head.settled) {
            c.out.raw(head.bytes);
            q.entries.poll();
        }
        server.markPendingWrite(c);
        if (!q.entries.isEmpty()) return;
        queues.remove(c.id);
        byte[][] barrier = q.barrier;
        q.barrier = null;
        c.suspended = false;
        c.conn.setReading(true);
        server.scheduler.runLater(() -> {
            if (c.closed || c.suspended) return;
            if (barrier != null) server.dispatcher.process(c, barrier);
            server.processInput(c);
        });
    }

    /** One timer, at the earliest deadline of the holds. */
    private void armTimer() {
        long next = gate.nextDeadline();
        if (next == 0 || (timer >= 0 && timerAt <= next)) return;
        if (timer >= 0) server.scheduler.cancelTimer(timer);
        timerAt = next;
        timer = server.scheduler.setTimer(Math.max(1, next - now()), () -> {
            timer = -1;
            cron();
            armTimer();
        });
    }
}
