package vigil.server.replication;

import vigil.server.node.ReplicationState;
import vigil.server.config.ServerConfig;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The master side of replication as a pure state machine (Redis's slave->replstate per replica,
 * plus the master's own backlog, full-sync scheduling and WAIT bookkeeping). It is fed events
 * (PSYNC/SYNC, REPLCONF ACK, tick with the time, snapshot progress, stream bytes held or queued,
 * replica gone) and answers the actions {@link MasterService} must carry out. No sockets, no
 * clocks, no keyspace: the time is an argument, the configuration a plain {@link ServerConfig},
 * new replication ids come from an injected supplier.
 *
 * <pre>
 * (REPLCONF'd connection) --PSYNC id off, id == replid (or == replid2 and off &lt;= second_repl_offset),
 *     off inside the backlog--> ONLINE [Send +CONTINUE [replid], Send backlog tail]
 * (connection) --SYNC, PSYNC refused--> WAIT_BGSAVE_START (the first replica of a master: new
 *     replid, replid2 cleared, backlog created)
 * WAIT_BGSAVE_START --no snapshot nor BGSAVE running, and (disk payload, or every waiting replica
 *     capa eof and (waited repl-diskless-sync-delay s, or repl-diskless-sync-max-replicas waiting)):
 *     every waiting replica together--> [StartSnapshot]
 *       repl-diskless-sync + capa eof: SEND_BULK (payload streamed as produced), else WAIT_BGSAVE_END;
 *       from here each holds the stream produced after the snapshot's point in time
 * WAIT_BGSAVE_END / SEND_BULK --payload sent--> ONLINE [Send held stream]
 * snapshot aborted: its replicas [Disconnect] (they sync again)
 * ONLINE (PSYNC replicas) --tick, no ACK for repl-timeout--> [Close]
 * any --held / socket-queued stream &gt;= hard limit, or &gt;= soft limit for longer than its seconds--> [Close]
 * tick: keepalive newline each second to WAIT_BGSAVE_START / WAIT_BGSAVE_END; [Ping] every
 *     repl-ping-replica-period (masters); no replica for repl-backlog-ttl: backlog freed, new replid
 * WAIT: a blocked client is [Wake]d once enough ONLINE replicas ACKed its offset
 * min-replicas-ack: an ONLINE replica's ACKs count once it is online for min-replicas-ack-join-delay
 *     ({@link JoinDelay}: at once for a +CONTINUE from an address online that long before it left)
 * </pre>
 */
final class MasterMachine {
    enum State {
        WAIT_BGSAVE_START("wait_bgsave"), WAIT_BGSAVE_END("wait_bgsave"), SEND_BULK("send_bulk"), ONLINE("online");

        /** The state as INFO replication shows it. */
        final String word;

        State(String word) {
            this.word = word;
        }
    }

    /** One replica as the master sees it: REPLCONF data, sync state, ACKs, and the stream held during its payload. */
    static class Replica {
        State state = State.WAIT_BGSAVE_START;
        int listeningPort;
        String announcedIp;
        final String peerIp;
        boolean capaEof, capaPsync2;
        /** Sent PSYNC (false: the old SYNC, which gets no +FULLRESYNC line and is never timed out). */
        boolean psync = true;
        long ackOffset, ackTime;
        /** Since when it is ONLINE (min-replicas-ack-join-delay counts from here; see {@link JoinDelay}). */
        long onlineSince;
        /** When it asked for a full sync (repl-diskless-sync-delay counts from here). */
        long syncRequestedAt;
        /** Stream bytes produced after its payload's point in time, sent once the payload is out; null otherwise. */
        List<byte[]> held;
        /** Bytes in {@link #held}, and since when the stream waiting for it is over the soft limit (0: not over). */
        long heldBytes, softSince;

        Replica(String peerIp) {
            this.peerIp = peerIp;
        }

        /** The replica's address for INFO, ROLE and FAILOVER TO: the announced ip, else the peer's. */
        String ip() {
            return announcedIp != null ? announcedIp : peerIp;
        }
    }

    enum Counter { SYNC_FULL, SYNC_PARTIAL_OK, SYNC_PARTIAL_ERR }

    /** What the shell must do. */
    sealed interface Action permits Send, Close, Disconnect, StartSnapshot, Ping, Log, Count, Wake { }

    /** Bytes straight to a replica's socket. */
    record Send(Replica to, byte[] bytes) implements Action {
        @Override
        public String toString() {
            return "Send[" + new String(bytes, StandardCharsets.ISO_8859_1).replace("\r\n", "\\r\\n") + "]";
        }
    }

    /** Drop the replica at once (logged as a warning): it syncs again when it reconnects. */
    record Close(Replica replica, String reason) implements Action { }

    /** Close the replica's socket; its removal follows from the close. */
    record Disconnect(Replica replica) implements Action { }

    /** Take a point-in-time snapshot for these replicas (their states say how each gets the payload). */
    record StartSnapshot(List<Replica> group, String replId, long offset) implements Action { }

    /** PING into the stream (replicationCron). */
    record Ping() implements Action { }

    record Log(String message) implements Action { }

    record Count(Counter counter) implements Action { }

    /** A client blocked in WAIT is satisfied. */
    record Wake(long clientId) implements Action { }

    private record Waiter(long offset, long needed) { }

    private static final byte[] NEWLINE = {'\n'};

    private final ServerConfig config;
    private final ReplicationState history;
    private final Supplier<String> newReplId;
    /** Replicas that sent SYNC/PSYNC, in arrival order (Redis's server.slaves). */
    final List<Replica> replicas = new ArrayList<>();
    private final List<Replica> waiting = new ArrayList<>();
    /** The replicas of the snapshot being produced, or null when none runs. */
    private List<Replica> group;
    /** The replication backlog, null until the first replica (or the replica side's stream). */
    ReplicationBacklog backlog;
    private final Map<Long, Waiter> waits = new LinkedHashMap<>();
    private long lastPing, lastKeepalive;
    /** Since when this master has no replica (repl-backlog-ttl counts from here). */
    private long noReplicasSince;
    private boolean delayLogged;
    /** Which online replicas' ACKs count towards min-replicas-ack (the join delay). */
    private final JoinDelay joinDelay;

    MasterMachine(ServerConfig config, ReplicationState history, Supplier<String> newReplId, long now) {
        this.config = config;
        this.history = history;
        this.newReplId = newReplId;
        this.lastPing = now;
        this.noReplicasSince = now;
        this.joinDelay = new JoinDelay(config);
    }

    boolean snapshotRunning() {
        return group != null;
    }

    // ---- PSYNC / SYNC ----

    /**
     * PSYNC replid from (masterTryPartialResynchronization): +CONTINUE with the backlog tail, or a
     * full sync. {@code from} is null when the offset is not a number. The shell flushes the
     * online replicas' batch first: this replica gets those bytes in its backlog tail.
     */
    List<Action> psync(Replica r, String replid, Long from, long now, boolean persistenceBusy) {
        List<Action> out = new ArrayList<>();
        if (from != null && tryPartial(r, replid, from, now, out)) return out;
        if (!replid.equals("?")) out.add(new Count(Counter.SYNC_PARTIAL_ERR));
        fullSync(r, now, persistenceBusy, out);
        return out;
    }

    /** The old SYNC: always a full sync, without the +FULLRESYNC line. */
    List<Action> sync(Replica r, long now, boolean persistenceBusy) {
        List<Action> out = new ArrayList<>();
        r.psync = false;
        fullSync(r, now, persistenceBusy, out);
        return out;
    }

    private boolean tryPartial(Replica r, String replid, long from, long now, List<Action> out) {
        boolean known = replid.equalsIgnoreCase(history.replId)
                || (replid.equalsIgnoreCase(history.replId2) && from <= history.secondOffset);
        if (!known || backlog == null || !backlog.covers(from)) {
            if (!replid.equals("?")) {
                out.add(new Log(!known ? "Partial resynchronization not accepted: Replication ID mismatch (Replica asked for '"
                        + replid + "', my replication IDs are '" + history.replId + "' and '" + history.replId2 + "')"
                        : "Unable to partial resync with replica " + r.ip() + " for lack of backlog (Replica request was: " + from + ")."));
            }
            return false;
        }
        r.state = State.ONLINE;
        r.ackTime = now;
        joinDelay.online(r, now, true);
        replicas.add(r);
        String reply = r.capaPsync2 ? "+CONTINUE " + history.replId + "\r\n" : "+CONTINUE\r\n";
        out.add(new Send(r, reply.getBytes(StandardCharsets.US_ASCII)));
        byte[] tail = backlog.tail(from);
        if (tail.length > 0) out.add(new Send(r, tail));
        out.add(new Count(Counter.SYNC_PARTIAL_OK));
        out.add(new Log("Partial resynchronization request from " + r.ip() + " accepted. Sending "
                + (history.offset + 1 - from) + " bytes of backlog starting from offset " + from + "."));
        return true;
    }

    /** A full sync for this replica: joins the next snapshot (started at once when none runs). */
    private void fullSync(Replica r, long now, boolean persistenceBusy, List<Action> out) {
        out.add(new Count(Counter.SYNC_FULL));
        r.state = State.WAIT_BGSAVE_START;
        r.syncRequestedAt = now;
        replicas.add(r);
        if (backlog == null) {
            if (!history.isReplica()) newHistory();   // the first replica (changeReplicationId, clearReplicationId2)
            backlog = new ReplicationBacklog(config.replBacklogSize, history.offset);
        }
        waiting.add(r);
        startSnapshot(now, persistenceBusy, out);
    }

    private void newHistory() {
        joinDelay.newHistory();
        history.replId = newReplId.get();
        history.replId2 = ReplicationState.ZERO_ID;
        history.secondOffset = -1;
    }

    // ---- full sync ----

    /** Starts a snapshot for the waiting replicas unless one (ours or a BGSAVE) runs or the diskless delay holds it. */
    private void startSnapshot(long now, boolean persistenceBusy, List<Action> out) {
        if (waiting.isEmpty() || group != null || persistenceBusy) return;
        if (delayDiskless(now, out)) return;
        delayLogged = false;
        group = new ArrayList<>(waiting);
        waiting.clear();
        for (Replica r : group) {
            r.held = new ArrayList<>();
            r.heldBytes = 0;
            r.softSince = 0;
            r.state = config.replDisklessSync && r.capaEof ? State.SEND_BULK : State.WAIT_BGSAVE_END;
        }
        out.add(new Log("Starting full sync (point-in-time snapshot) for replication at offset " + history.offset));
        out.add(new StartSnapshot(List.copyOf(group), history.replId, history.offset));
    }

    /**
     * repl-diskless-sync-delay / -max-replicas (shouldStartChildReplication): a diskless sync
     * waits until the longest-waiting replica asked delay seconds ago, or max-replicas are
     * waiting; a replica without capa eof needs a disk payload, which starts at once.
     */
    private boolean delayDiskless(long now, List<Action> out) {
        int delay = config.replDisklessSyncDelay, max = config.replDisklessSyncMaxReplicas;
        if (!config.replDisklessSync || delay <= 0) return false;
        long maxIdle = 0;
        for (Replica r : waiting) {
            if (!r.capaEof) return false;
            maxIdle = Math.max(maxIdle, (now - r.syncRequestedAt) / 1000);
        }
        if ((max > 0 && waiting.size() >= max) || maxIdle >= delay) return false;
        if (!delayLogged) out.add(new Log("Delay next BGSAVE for diskless SYNC"));
        delayLogged = true;
        return true;
    }

    /** The snapshot finished or failed: the next one may start (at the next tick or {@link #startPendingSnapshot}). */
    void snapshotEnded() {
        group = null;
    }

    /** The replicas that waited while the last snapshot ran get the next one. */
    List<Action> startPendingSnapshot(long now, boolean persistenceBusy) {
        List<Action> out = new ArrayList<>();
        startSnapshot(now, persistenceBusy, out);
        return out;
    }

    /** The snapshot could not be produced: its replicas are cut off and retry. */
    List<Action> snapshotAborted(List<Replica> of) {
        List<Action> out = new ArrayList<>();
        for (Replica r : of) out.add(new Disconnect(r));
        return out;
    }

    /** This replica's whole payload is out: it goes online and gets the stream held for it. */
    List<Action> payloadSent(Replica r, long now) {
        List<Action> out = new ArrayList<>();
        List<byte[]> held = r.held == null ? List.of() : r.held;
        r.held = null;
        r.heldBytes = 0;
        r.softSince = 0;
        r.state = State.ONLINE;
        r.ackTime = now;
        joinDelay.online(r, now, false);
        for (byte[] b : held) out.add(new Send(r, b));
        return out;
    }

    // ---- the stream and the output-buffer limit ----

    /** New stream bytes: held for every replica whose payload is in flight; those now over the limit are closed. */
    List<Action> hold(byte[] bytes, long now) {
        List<Action> out = null;
        for (Replica r : replicas) {
            if (r.state == State.ONLINE || r.held == null) continue;
            r.held.add(bytes);
            r.heldBytes += bytes.length;
            if (overLimit(r, r.heldBytes, now)) {
                if (out == null) out = new ArrayList<>();
                out.add(overLimitClose(r));
            }
        }
        return out == null ? List.of() : out;
    }

    /** An online replica has this many stream bytes queued on its socket. */
    List<Action> outputQueued(Replica r, long queuedBytes, long now) {
        return overLimit(r, queuedBytes, now) ? List.of(overLimitClose(r)) : List.of();
    }

    /** True when some replica is holding stream bytes (a payload in flight). */
    boolean anyHolding() {
        for (Replica r : replicas) if (r.state != State.ONLINE && r.held != null) return true;
        return false;
    }

    /**
     * checkClientOutputBufferLimits for the stream waiting for a replica (client-output-buffer-limit
     * replica): over the hard limit, or over the soft one for longer than its seconds.
     */
    private boolean overLimit(Replica r, long queued, long now) {
        long[] limit = config.clientOutputBufferLimit[1];
        long hard = limit[0], soft = limit[1], seconds = limit[2];
        if (hard > 0 && queued >= hard) return true;
        if (soft > 0 && queued >= soft) {
            if (r.softSince == 0) r.softSince = now;
            return now - r.softSince > seconds * 1000;
        }
        r.softSince = 0;
        return false;
    }

    private static Close overLimitClose(Replica r) {
        return new Close(r, "Client addr=" + r.ip() + ":" + r.listeningPort
                + " (replica) scheduled to be closed ASAP for overcoming of output buffer limits.");
    }

    // ---- ACKs, departures, the replica side's history ----

    /** REPLCONF ACK offset from an attached replica: offset and lag, and the WAITs now satisfied. */
    List<Action> acked(Replica r, long offset, long now) {
        if (offset > r.ackOffset) r.ackOffset = offset;
        r.ackTime = now;
        if (waits.isEmpty()) return List.of();
        List<Action> out = new ArrayList<>();
        for (Map.Entry<Long, Waiter> e : waits.entrySet()) {
            if (replicasAcked(e.getValue().offset) >= e.getValue().needed) out.add(new Wake(e.getKey()));
        }
        return out;
    }

    /** The replica's connection is gone. */
    List<Action> removed(Replica r, long now) {
        List<Action> out = new ArrayList<>();
        joinDelay.left(r, now);
        if (replicas.remove(r)) out.add(new Log("Connection with replica " + r.ip() + ":" + r.listeningPort + " lost."));
        if (replicas.isEmpty()) noReplicasSince = now;
        waiting.remove(r);
        if (group != null) group.remove(r);
        return out;
    }

    /** The replica side took a new history (full sync from our master, or promotion): sub-replicas must reconnect. */
    List<Action> historyChanged(long now) {
        List<Action> out = new ArrayList<>();
        for (Replica r : replicas) out.add(new Disconnect(r));
        joinDelay.newHistory();
        if (!history.isReplica()) noReplicasSince = now;   // replicationUnsetMaster
        if (history.isReplica() && (backlog == null || backlog.endOffset() != history.offset)) {
            backlog = new ReplicationBacklog(config.replBacklogSize, history.offset);
        }
        return out;
    }

    /** loadDataFromDisk: the RDB's history becomes replid2 (valid up to its offset), so old replicas continue. */
    void restored(String replId, long offset) {
        history.replId2 = replId;
        history.secondOffset = offset + 1;
        history.offset += offset;
        backlog = new ReplicationBacklog(config.replBacklogSize, history.offset);
    }

    // ---- the cron ----

    /** replicationCron: timeouts, pending snapshots, backlog TTL and size, keepalives, PING. */
    List<Action> tick(long now, boolean persistenceBusy, boolean pingSuppressed) {
        List<Action> out = new ArrayList<>();
        int timedOut = 0;
        for (Replica r : replicas) {
            // an online replica silent for repl-timeout is dropped (old SYNC replicas never ACK)
            if (r.psync && r.state == State.ONLINE && now - r.ackTime > config.replTimeout * 1000L) {
                out.add(new Close(r, "Disconnecting timedout replica (streaming sync): " + r.ip() + ":" + r.listeningPort));
                timedOut++;
            }
        }
        startSnapshot(now, persistenceBusy, out);
        freeIdleBacklog(now, out);
        if (backlog != null) backlog.resize(config.replBacklogSize, history.offset);
        if ((group != null || !waiting.isEmpty()) && now - lastKeepalive >= 1000) {
            lastKeepalive = now;
            // disk payloads being produced, and replicas waiting for a snapshot to start, get a newline
            if (group != null) for (Replica r : group) if (r.state == State.WAIT_BGSAVE_END) out.add(new Send(r, NEWLINE));
            for (Replica r : waiting) out.add(new Send(r, NEWLINE));
        }
        if (!history.isReplica() && replicas.size() > timedOut && now - lastPing >= config.replPingReplicaPeriod * 1000L) {
            lastPing = now;
            if (!pingSuppressed) out.add(new Ping());   // in the current db: no SELECT
        }
        return out;
    }

    /** repl-backlog-ttl: a master without replicas for ttl seconds drops its backlog and starts a new history. */
    private void freeIdleBacklog(long now, List<Action> out) {
        long ttl = config.replBacklogTtl;
        if (!replicas.isEmpty() || ttl <= 0 || backlog == null || history.isReplica()) return;
        if ((now - noReplicasSince) / 1000 <= ttl) return;
        newHistory();
        backlog = null;
        out.add(new Log("Replication backlog freed after " + ttl + " seconds without connected replicas."));
    }

    // ---- min-replicas and WAIT ----

    /** Online replicas whose last ACK is at most min-replicas-max-lag seconds old. */
    int goodReplicas(long now) {
        int n = 0;
        for (Replica r : replicas) {
            if (r.state == State.ONLINE && (now - r.ackTime) / 1000 <= config.minReplicasMaxLag) n++;
        }
        return n;
    }

    /** Online replicas that acknowledged the stream up to {@code offset}. */
    long replicasAcked(long offset) {
        long n = 0;
        for (Replica r : replicas) if (r.state == State.ONLINE && r.ackOffset >= offset) n++;
        return n;
    }

    /**
     * The highest stream offset that at least {@code needed} counted replicas acknowledged (the
     * needed-th largest ACK offset; with needed 0, the largest), 0 when fewer replicas count.
     * Counted: ONLINE, and for min-replicas-ack-join-delay ms at {@code now} ({@link JoinDelay}).
     */
    long ackedOffset(int needed, long now) {
        int k = Math.max(1, needed);
        long[] acks = new long[replicas.size()];
        int n = 0;
        for (Replica r : replicas) if (joinDelay.counts(r, now)) acks[n++] = r.ackOffset;
        if (n < k) return 0;
        java.util.Arrays.sort(acks, 0, n);
        return acks[n - k];
    }

    /** Replicas whose ACKs count towards min-replicas-ack at {@code now} (its admission rule). */
    int countedReplicas(long now) {
        int n = 0;
        for (Replica r : replicas) if (joinDelay.counts(r, now)) n++;
        return n;
    }

    /** A client blocks in WAIT until {@code needed} replicas acknowledged {@code offset}. */
    void waitStarted(long clientId, long offset, long needed) {
        waits.put(clientId, new Waiter(offset, needed));
    }

    /** The client left WAIT (woken, timed out, gone): how many replicas acknowledged its offset now. */
    long waitEnded(long clientId) {
        Waiter w = waits.remove(clientId);
        return w == null ? 0 : replicasAcked(w.offset);
    }

    boolean anyWaiting() {
        return !waits.isEmpty();
    }
}
