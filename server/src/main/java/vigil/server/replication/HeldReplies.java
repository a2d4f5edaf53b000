package vigil.server.replication;

import vigil.server.node.Client;
import vigil.server.node.VigilServer;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Zero-loss mode (min-replicas-ack n &gt; 0) on a master, the shell around {@link AckGate}: a
 * client's command that put bytes into the replication stream runs at once, but its reply is
 * taken out of the client's buffer and held, and the client reads nothing more (its pipeline
 * waits behind the held reply, other clients are served), until n replicas acknowledged the
 * stream up to the end of that write; then the reply goes out and the client's input resumes.
 * A hold not acknowledged within min-replicas-ack-timeout, or still waiting when the node stops
 * being a master, gets -NOACK instead. The master appends one REPLCONF GETACK * to each stream
 * batch while a reply is held ({@link #wantsGetack}).
 */
final class HeldReplies {
    /** The start of every error a held reply can end with: the write may or may not survive a failover. */
    static final String NOACK = "NOACK write may or may not have been applied: ";

    private record Pending(Client client, byte[] reply, int needed, long timeoutMs) { }

    private final VigilServer server;
    private final MasterService master;
    private final AckGate gate = new AckGate();
    private final Map<Long, Pending> pending = new HashMap<>();
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

    /** Before each command runs: a top-level command's writes are measured from here. */
    void beforeCommand(Client c) {
        if (!server.dispatcher.nested()) startOffset = master.state.offset;
    }

    /** A client's top-level command ran: its reply (from {@code mark}) is held when it wrote to the stream. */
    void completed(Client c, int mark) {
        long end = master.state.offset;
        if (end <= startOffset || !active() || c.closed || c.isInternal() || c.inMulti
                || (c.flags & (Client.FLAG_MASTER | Client.FLAG_REPLICA)) != 0 || c.out.size() <= mark) {
            return;
        }
        byte[] reply = c.out.copyFrom(mark);
        c.out.truncate(mark);
        c.suspended = true;
        c.conn.setReading(false);
        long timeout = server.config.minReplicasAckTimeout;
        pending.put(c.id, new Pending(c, reply, server.config.minReplicasAck, timeout));
        run(gate.hold(c.id, end, timeout, now()));
        armTimer();
    }

    /** An ACK arrived: holds covered by n replicas' acknowledgements are released. */
    void acked() {
        if (gate.isEmpty()) return;
        run(gate.acked(master.machine.ackedOffset(server.config.minReplicasAck)));
    }

    /** One REPLCONF GETACK * is due after this batch: a reply waits for an offset no GETACK followed yet. */
    boolean wantsGetack() {
        return !gate.isEmpty() && gate.highestHeld() > getackAt;
    }

    void getackAppended(long offsetBefore) {
        getackAt = offsetBefore;
    }

    /** replicationCron: timeouts as a fallback for the timer, and the role. */
    void cron() {
        if (gate.isEmpty()) return;
        if (master.state.isReplica()) notMaster();
        else run(gate.tick(now()));
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

    /** freeClient: the held reply has nobody to go to. */
    void forget(Client c) {
        if (pending.remove(c.id) != null) gate.forget(c.id);
    }

    int heldCount() {
        return pending.size();
    }

    private long now() {
        return server.clock.getAsLong();
    }

    private void run(List<AckGate.Release> releases) {
        for (AckGate.Release r : releases) {
            Pending p = pending.remove(r.clientId());
            if (p == null) continue;
            Client c = p.client;
            if (c.closed) continue;
            if (r.outcome() == AckGate.Outcome.ACKED) {
                c.out.raw(p.reply);
            } else {
                String err = r.outcome() == AckGate.Outcome.TIMED_OUT ? timeoutError(p.needed, p.timeoutMs) : notMasterError();
                server.stats.errorReply(err);
                c.out.error(err);
            }
            c.suspended = false;
            c.conn.setReading(true);
            server.markPendingWrite(c);
            server.scheduler.runLater(() -> {
                if (!c.closed && !c.suspended) server.processInput(c);
            });
        }
        if (gate.isEmpty() && timer >= 0) {
            server.scheduler.cancelTimer(timer);
            timer = -1;
        }
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
