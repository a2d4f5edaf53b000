package vigil.server.replication;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vigil.server.VigilServer;
import vigil.server.propagation.ReplicationFeed;
import vigil.server.client.Client;
import vigil.server.persistence.SnapshotHandle;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The master side of replication. As the node's {@link ReplicationFeed} it encodes each
 * propagated write as RESP (SELECT first when the db changes, as replicationFeedSlaves),
 * appends it to the {@link ReplicationBacklog}, advances master_repl_offset and sends it to
 * the replicas; as the replica side's {@link ReplicaService.StreamListener} it does the same
 * with the exact bytes received from our own master (chaining). It serves PSYNC (+CONTINUE from
 * the backlog, or a full sync through {@link FullSync}), tracks ACKs, PINGs the replicas and
 * reports INFO / ROLE through {@link ReplicationState.MasterSide}.
 */
public final class MasterService implements ReplicationFeed, ReplicaService.StreamListener, ReplicationState.MasterSide {
    private static final Logger log = LoggerFactory.getLogger(MasterService.class);
    private static final byte[] PING = encode(new byte[][]{"PING".getBytes(StandardCharsets.US_ASCII)});

    final VigilServer server;
    final ReplicationState state;
    ReplicationBacklog backlog;
    /** Replicas that sent SYNC/PSYNC, in arrival order (Redis's server.slaves). */
    final List<ReplicaConnection> replicas = new ArrayList<>();
    /** REPLCONF state of every connection that sent one (replicas and would-be replicas). */
    final Map<Client, ReplicaConnection> conns = new HashMap<>();
    private final List<ReplicaConnection> waiting = new ArrayList<>();
    private FullSync sync;
    /** Stream bytes of this event-loop iteration not yet written to the online replicas. */
    private final StreamBatch batch = new StreamBatch();
    private boolean flushScheduled;
    /** A batch this large is written at once (a big MULTI, a long pipeline). */
    private static final int FLUSH_AT = 256 * 1024;
    /** The db the stream last selected (Redis's slaveseldb); -1 forces a SELECT. */
    private int streamDb = -1;
    private long lastPing, lastKeepalive;
    /** Since when this master has no replica (repl-backlog-ttl counts from here). */
    private long noReplicasSince;
    private boolean delayLogged;
    /** WAIT's bookkeeping (woff per client, blocked waiters); null until registered. */
    WaitCommand waits;

    /** FAILOVER's coordinator (its PINGs pause while it waits); set by {@link Replication}. */
    Failover failover;
    /** The replica side (PSYNC FAILOVER turns this node into a master). */
    final ReplicaService replica;

    MasterService(VigilServer server, ReplicaService replica) {
        this.server = server;
        this.replica = replica;
        this.state = server.replicationState;
        server.propagation.setFeed(this);
        replica.setListener(this);
        state.masterSide = this;
        lastPing = server.clock.getAsLong();
        noReplicasSince = lastPing;
    }

    // ---- the stream ----

    @Override
    public void feed(int db, byte[][] argv) {
        if (backlog == null && replicas.isEmpty()) return;
        int start = batch.length();
        if (db != streamDb) {
            batch.appendSelect(db);
            streamDb = db;
        }
        batch.appendCommand(argv);
        produced(start);
        if (waits != null) waits.produced(state.offset);
    }

    /** Bytes into the stream in the current db (PING, REPLCONF GETACK): no SELECT. */
    void produceRaw(byte[] bytes) {
        if (backlog == null && replicas.isEmpty()) return;
        int start = batch.length();
        batch.append(bytes, 0, bytes.length);
        produced(start);
    }

    /** The batch's bytes from {@code start} are new stream bytes of this master: backlog, offset, replicas. */
    private void produced(int start) {
        if (backlog == null) backlog = new ReplicationBacklog(server.config.replBacklogSize, state.offset);
        int n = batch.length() - start;
        backlog.append(batch.array(), start, n);
        state.offset += n;
        toReplicas(start, n);
    }

    /**
     * New stream bytes, already in the batch at {@code start}: held at once for the replicas
     * whose payload is in flight, written to the online ones when the batch is flushed (after
     * this event-loop iteration's I/O, or at once when it grew large or a replica's state
     * changes: {@link #flushStream}).
     */
    private void toReplicas(int start, int n) {
        if (replicas.isEmpty()) {
            batch.clear();
            return;
        }
        List<ReplicaConnection> over = null;
        byte[] held = null;
        long now = server.clock.getAsLong();
        for (int i = 0; i < replicas.size(); i++) {
            ReplicaConnection r = replicas.get(i);
            if (r.state == ReplicaConnection.State.ONLINE || r.pending == null) continue;
            if (held == null) held = java.util.Arrays.copyOfRange(batch.array(), start, start + n);
            r.stream(held);
            if (r.overLimit(server.config.clientOutputBufferLimit[1], now)) {
                if (over == null) over = new ArrayList<>();
                over.add(r);
            }
        }
        if (batch.length() >= FLUSH_AT) flushStream();
        else if (!flushScheduled) {
            flushScheduled = true;
            server.scheduler.runLater(() -> {
                flushScheduled = false;
                flushStream();
            });
        }
        dropOverLimit(over);
    }

    /** Replicas over {@code client-output-buffer-limit replica} are cut off (they resync when they return). */
    private void dropOverLimit(List<ReplicaConnection> over) {
        if (over == null) return;
        for (ReplicaConnection r : over) {
            log.warn("Client id={} addr={} (replica) scheduled to be closed ASAP for overcoming of output buffer limits.",
                    r.client.id, r.client.conn.remoteAddress());
            r.client.conn.close();
            server.removeClient(r.client);
        }
    }

    /**
     * Writes the batch to every online replica, one socket write each (the same array: it is
     * not touched again). Called before a replica goes online, so that it gets exactly the
     * bytes after its backlog tail or held stream.
     */
    void flushStream() {
        if (batch.isEmpty()) return;
        byte[] bytes = null;
        List<ReplicaConnection> over = null;
        long now = server.clock.getAsLong();
        for (int i = 0; i < replicas.size(); i++) {
            ReplicaConnection r = replicas.get(i);
            if (r.state != ReplicaConnection.State.ONLINE) continue;
            if (bytes == null) bytes = batch.copy(0);
            r.stream(bytes);
            // online replicas: the stream bytes still queued on the socket count against the limit
            if (r.overLimit(server.config.clientOutputBufferLimit[1], now)) {
                if (over == null) over = new ArrayList<>();
                over.add(r);
            }
        }
        batch.clear();
        dropOverLimit(over);
    }

    @Override
    public void onStreamBytes(byte[] chunk, long offset) {
        if (backlog == null) backlog = new ReplicationBacklog(server.config.replBacklogSize, offset - chunk.length);
        backlog.append(chunk);
        if (replicas.isEmpty()) return;
        int start = batch.length();
        batch.append(chunk, 0, chunk.length);
        toReplicas(start, chunk.length);
    }

    @Override
    public void onNewHistory() {
        // the sub-replicas must reconnect to learn the new id (disconnectSlaves)
        flushStream();
        for (ReplicaConnection r : new ArrayList<>(replicas)) r.client.conn.close();
        streamDb = -1;
        if (!state.isReplica()) noReplicasSince = server.clock.getAsLong();   // replicationUnsetMaster
        if (state.isReplica() && (backlog == null || backlog.endOffset() != state.offset)) {
            backlog = new ReplicationBacklog(server.config.replBacklogSize, state.offset);
        }
    }

    static byte[] encode(byte[][] argv) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(32);
        header(out, '*', argv.length);
        for (byte[] a : argv) {
            header(out, '$', a.length);
            out.writeBytes(a);
            out.write('\r');
            out.write('\n');
        }
        return out.toByteArray();
    }

    private static void header(ByteArrayOutputStream out, char type, int n) {
        out.write(type);
        out.writeBytes(Integer.toString(n).getBytes(StandardCharsets.US_ASCII));
        out.write('\r');
        out.write('\n');
    }

    // ---- the RDB's replication fields ----

    /** rdbPopulateSaveInfo: a master with a backlog saves its id/offset; a replica its master's. */
    vigil.server.persistence.ReplicationInfo.Info saveInfo() {
        if (state.isReplica()) {
            if (state.masterClient != null) {
                return new vigil.server.persistence.ReplicationInfo.Info(state.masterClient.db.id, state.replId, state.offset);
            }
            int cachedDb = replica.cachedStreamDb();   // link down: the cached master's
            return cachedDb < 0 ? null : new vigil.server.persistence.ReplicationInfo.Info(cachedDb, state.replId, state.offset);
        }
        if (backlog == null) return null;
        return new vigil.server.persistence.ReplicationInfo.Info(Math.max(0, streamDb), state.replId, state.offset);
    }

    /**
     * loadDataFromDisk for a master: the file's replication id becomes replid2 (valid up to its
     * offset), so the replicas of the node before its restart continue with +CONTINUE.
     */
    void restoreFromRdb() {
        vigil.server.persistence.PersistenceState p = server.persistenceState;
        if (state.isReplica() || p.loadedReplId == null || p.loadedReplOffset < 0 || p.loadedReplStreamDb < 0) return;
        state.replId2 = p.loadedReplId;
        state.secondOffset = p.loadedReplOffset + 1;
        state.offset += p.loadedReplOffset;
        backlog = new ReplicationBacklog(server.config.replBacklogSize, state.offset);
        log.info("Restored replication history {} up to offset {} from the RDB file", p.loadedReplId, p.loadedReplOffset);
    }

    // ---- serving replicas ----

    ReplicaConnection conn(Client c) {
        return conns.computeIfAbsent(c, k -> new ReplicaConnection(k, server.stats));
    }

    /** PSYNC's partial case (masterTryPartialResynchronization); false means a full sync is needed. */
    boolean tryPartial(ReplicaConnection r, String replid, long from) {
        boolean known = replid.equalsIgnoreCase(state.replId)
                || (replid.equalsIgnoreCase(state.replId2) && from <= state.secondOffset);
        if (!known || backlog == null || !backlog.covers(from)) {
            if (!replid.equals("?")) {
                if (!known) log.info("Partial resynchronization not accepted: Replication ID mismatch (Replica asked for '{}', my replication IDs are '{}' and '{}')",
                        replid, state.replId, state.replId2);
                else log.info("Unable to partial resync with replica {} for lack of backlog (Replica request was: {}).", r.ip(), from);
            }
            return false;
        }
        r.client.flags |= Client.FLAG_REPLICA;
        r.state = ReplicaConnection.State.ONLINE;
        r.ackTime = server.clock.getAsLong();
        flushStream();   // the others get the batch; this one gets it in the backlog tail
        replicas.add(r);
        r.write(r.capaPsync2 ? "+CONTINUE " + state.replId + "\r\n" : "+CONTINUE\r\n");
        r.write(backlog.tail(from));
        server.stats.syncPartialOk++;
        log.info("Partial resynchronization request from {} accepted. Sending {} bytes of backlog starting from offset {}.",
                r.ip(), state.offset + 1 - from, from);
        return true;
    }

    /** A full sync for this replica: joins the next snapshot (started at once when none runs). */
    void fullSync(ReplicaConnection r) {
        server.stats.syncFull++;
        r.client.flags |= Client.FLAG_REPLICA;
        r.state = ReplicaConnection.State.WAIT_BGSAVE;
        replicas.add(r);
        if (backlog == null) {
            if (!state.isReplica()) {   // the first replica: a new history (changeReplicationId, clearReplicationId2)
                state.replId = ReplicationState.newReplId();
                state.replId2 = ReplicationState.ZERO_ID;
                state.secondOffset = -1;
            }
            backlog = new ReplicationBacklog(server.config.replBacklogSize, state.offset);
        }
        waiting.add(r);
        startSync();
    }

    /** Starts a snapshot for the waiting replicas unless one (ours or a BGSAVE) runs; the cron retries. */
    private void startSync() {
        if (waiting.isEmpty() || sync != null || server.persistence.inProgress()) return;
        if (delayDiskless()) return;
        delayLogged = false;
        streamDb = -1;   // the stream after the payload starts with a SELECT
        FullSync s = new FullSync(server, this, waiting, state.replId, state.offset);
        waiting.clear();
        sync = s;
        s.announce();
        log.info("Starting full sync (point-in-time snapshot) for replication at offset {}", s.offset());
        SnapshotHandle[] h = new SnapshotHandle[1];
        h[0] = server.persistence.startTimeBoundSnapshot(s, () -> {
            if (sync == s) sync = null;
            server.scheduler.runLater(this::startSync);
        });
    }

    /**
     * repl-diskless-sync-delay / -max-replicas (shouldStartChildReplication): a diskless sync
     * waits until the longest-waiting replica asked delay seconds ago, or max-replicas are
     * waiting; a replica without capa eof needs a disk payload, which starts at once.
     */
    private boolean delayDiskless() {
        int delay = server.config.replDisklessSyncDelay, max = server.config.replDisklessSyncMaxReplicas;
        if (!server.config.replDisklessSync || delay <= 0) return false;
        long now = server.clock.getAsLong(), maxIdle = 0;
        for (ReplicaConnection r : waiting) {
            if (!r.capaEof) return false;
            maxIdle = Math.max(maxIdle, (now - r.client.lastInteraction) / 1000);
        }
        if ((max > 0 && waiting.size() >= max) || maxIdle >= delay) return false;
        if (!delayLogged) log.info("Delay next BGSAVE for diskless SYNC");
        delayLogged = true;
        return true;
    }

    void removed(Client c) {
        ReplicaConnection r = conns.remove(c);
        if (r == null) return;
        if (replicas.remove(r)) log.info("Connection with replica {}:{} lost.", r.ip(), r.listeningPort);
        if (replicas.isEmpty()) noReplicasSince = server.clock.getAsLong();
        waiting.remove(r);
        if (sync != null) sync.remove(r);
    }

    /** Online replicas whose last ACK is at most min-replicas-max-lag seconds old. */
    int goodReplicas() {
        long now = server.clock.getAsLong();
        int n = 0;
        for (ReplicaConnection r : replicas) {
            if (r.state == ReplicaConnection.State.ONLINE && (now - r.ackTime) / 1000 <= server.config.minReplicasMaxLag) n++;
        }
        return n;
    }

    void cron() {
        long now = server.clock.getAsLong();
        for (ReplicaConnection r : new ArrayList<>(replicas)) {
            // replicationCron: an online replica silent for repl-timeout is dropped (old SYNC replicas never ACK)
            if (r.psync && r.state == ReplicaConnection.State.ONLINE && now - r.ackTime > server.config.replTimeout * 1000L) {
                log.warn("Disconnecting timedout replica (streaming sync): {}:{}", r.ip(), r.listeningPort);
                r.client.conn.close();
                server.removeClient(r.client);
            }
        }
        startSync();
        freeIdleBacklog(now);
        if (backlog != null && backlog.size() != Math.min(Integer.MAX_VALUE - 8, Math.max(16, server.config.replBacklogSize))) {
            backlog.resize(server.config.replBacklogSize, state.offset);
        }
        if ((sync != null || !waiting.isEmpty()) && now - lastKeepalive >= 1000) {
            lastKeepalive = now;
            if (sync != null) sync.keepalive();
            for (ReplicaConnection r : waiting) r.write(new byte[]{'\n'});   // waiting for a snapshot to start
        }
        if (!state.isReplica() && !replicas.isEmpty() && now - lastPing >= server.config.replPingReplicaPeriod * 1000L) {
            lastPing = now;
            Failover f = failover;
            if (f == null || !f.suppressesPing()) produceRaw(PING);   // in the current db: no SELECT (replicationCron)
        }
    }

    /** repl-backlog-ttl: a master without replicas for ttl seconds drops its backlog and starts a new history. */
    private void freeIdleBacklog(long now) {
        long ttl = server.config.replBacklogTtl;
        if (!replicas.isEmpty() || ttl <= 0 || backlog == null || state.isReplica()) return;
        if ((now - noReplicasSince) / 1000 <= ttl) return;
        state.replId = ReplicationState.newReplId();   // changeReplicationId, clearReplicationId2
        state.replId2 = ReplicationState.ZERO_ID;
        state.secondOffset = -1;
        backlog = null;
        log.info("Replication backlog freed after {} seconds without connected replicas.", ttl);
    }

    // ---- INFO and ROLE ----

    @Override
    public int connectedReplicas() {
        return replicas.size();
    }

    @Override
    public void appendReplicaLines(StringBuilder sb) {
        long now = server.clock.getAsLong();
        int i = 0;
        for (ReplicaConnection r : replicas) {
            sb.append("slave").append(i++).append(":ip=").append(r.ip()).append(",port=").append(r.listeningPort)
                    .append(",state=").append(r.state.word).append(",offset=").append(r.ackOffset)
                    .append(",lag=").append((now - r.ackTime) / 1000).append("\r\n");
        }
    }

    @Override
    public void appendRoleReplicas(Client c) {
        List<ReplicaConnection> online = new ArrayList<>();
        for (ReplicaConnection r : replicas) if (r.state == ReplicaConnection.State.ONLINE) online.add(r);
        c.out.array(online.size());
        for (ReplicaConnection r : online) {
            c.out.array(3).bulk(r.ip()).bulk(Integer.toString(r.listeningPort)).bulk(Long.toString(r.ackOffset));
        }
    }

    @Override
    public boolean backlogActive() {
        return backlog != null;
    }

    @Override
    public long backlogFirstByteOffset() {
        return backlog == null ? 0 : backlog.firstByteOffset();
    }

    @Override
    public long backlogHistlen() {
        return backlog == null ? 0 : backlog.histlen();
    }
}
