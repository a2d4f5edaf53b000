package vigil.server.replication;

import vigil.server.node.ReplicationState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vigil.server.node.VigilServer;
import vigil.server.propagation.ReplicationFeed;
import vigil.server.node.Client;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The master side of replication, the network shell around {@link MasterMachine} (which decides
 * PSYNC, full-sync scheduling, timeouts, limits and WAIT): it feeds the machine events and
 * carries out its actions ({@link #run}). As the node's {@link ReplicationFeed} it encodes each
 * propagated write as RESP (SELECT first when the db changes, as replicationFeedSlaves),
 * appends it to the backlog, advances master_repl_offset and sends it to the replicas; as the
 * replica side's {@link ReplicaService.StreamListener} it does the same with the exact bytes
 * received from our own master (chaining). Full-sync payloads are produced by {@link FullSync};
 * INFO / ROLE go through {@link ReplicationState.MasterSide}. Zero-loss mode's held replies
 * ({@link HeldReplies}) are fed the ACKs and the turn's end here.
 */
public final class MasterService implements ReplicationFeed, ReplicaService.StreamListener, ReplicationState.MasterSide {
    private static final Logger log = LoggerFactory.getLogger(MasterService.class);
    private static final byte[] PING = vigil.resp.RespCommand.encode("PING");
    private static final byte[] GETACK = vigil.resp.RespCommand.encode("REPLCONF", "GETACK", "*");

    final VigilServer server;
    final ReplicationState state;
    /** The decisions: replicas' sync states, backlog, full-sync scheduling, timeouts, limits, WAIT. */
    final MasterMachine machine;
    /** REPLCONF state of every connection that sent one (replicas and would-be replicas). */
    final Map<Client, ReplicaConnection> conns = new HashMap<>();
    private FullSync sync;
    /** Stream bytes of this event-loop iteration not yet written to the online replicas. */
    private final StreamBatch batch = new StreamBatch();
    private boolean flushScheduled;
    /** A batch this large is written at once (a big MULTI, a long pipeline). */
    private static final int FLUSH_AT = 256 * 1024;
    /** The db the stream last selected (Redis's slaveseldb); -1 forces a SELECT. */
    private int streamDb = -1;
    /** WAIT's bookkeeping (woff per client, blocked waiters); null until registered. */
    WaitCommand waits;

    /** Zero-loss mode's held replies (min-replicas-ack). */
    final HeldReplies held;

    /** FAILOVER's coordinator (its PINGs pause while it waits); set by {@link Replication}. */
    Failover failover;
    /** The replica side (PSYNC FAILOVER turns this node into a master). */
    final ReplicaService replica;

    MasterService(VigilServer server, ReplicaService replica) {
        this.server = server;
        this.replica = replica;
        this.state = server.replicationState;
        this.machine = new MasterMachine(server.config, state, ReplicationState::newReplId, server.clock.getAsLong());
        server.propagation.setFeed(this);
        replica.setListener(this);
        state.masterSide = this;
        this.held = new HeldReplies(server, this);
    }

    private long now() {
        return server.clock.getAsLong();
    }

    /** Carries out the machine's actions. */
    void run(List<MasterMachine.Action> actions) {
        for (MasterMachine.Action a : actions) {
            if (a instanceof MasterMachine.Send s) {
                ((ReplicaConnection) s.to()).write(s.bytes());
            } else if (a instanceof MasterMachine.Close c) {
                ReplicaConnection r = (ReplicaConnection) c.replica();
                log.warn(c.reason());
                r.client.conn.close();
                server.removeClient(r.client);
            } else if (a instanceof MasterMachine.Disconnect d) {
                ((ReplicaConnection) d.replica()).client.conn.close();
            } else if (a instanceof MasterMachine.StartSnapshot s) {
                startSnapshot(s);
            } else if (a instanceof MasterMachine.Ping) {
                produceRaw(PING);
            } else if (a instanceof MasterMachine.Log l) {
                log.info(l.message());
            } else if (a instanceof MasterMachine.Count n) {
                switch (n.counter()) {
                    case SYNC_FULL -> server.stats.syncFull++;
                    case SYNC_PARTIAL_OK -> server.stats.syncPartialOk++;
                    case SYNC_PARTIAL_ERR -> server.stats.syncPartialErr++;
                }
            } else if (a instanceof MasterMachine.Wake w) {
                server.blocking.unblock(w.clientId(), false);
            }
        }
    }

    // ---- the stream ----

    @Override
    public void feed(int db, byte[][] argv) {
        if (machine.backlog == null && machine.replicas.isEmpty()) return;
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
        if (machine.backlog == null && machine.replicas.isEmpty()) return;
        int start = batch.length();
        batch.append(bytes, 0, bytes.length);
        produced(start);
    }

    /** The batch's bytes from {@code start} are new stream bytes of this master: backlog, offset, replicas. */
    private void produced(int start) {
        if (machine.backlog == null) machine.backlog = new ReplicationBacklog(server.config.replBacklogSize, state.offset);
        int n = batch.length() - start;
        machine.backlog.append(batch.array(), start, n);
        state.offset += n;
        toReplicas(start, n);
    }

    /**
     * New stream bytes, already in the batch at {@code start}: held at once for the replicas
     * whose payload is in flight, written to the online ones when the batch is flushed (before
     * the replies of this turn are written, {@link #flushTurn}; at the latest in a task after
     * this event-loop iteration's I/O; or at once when it grew large or a replica's state
     * changes: {@link #flushStream}).
     */
    private void toReplicas(int start, int n) {
        if (machine.replicas.isEmpty()) {
            batch.clear();
            return;
        }
        List<MasterMachine.Action> over = List.of();
        if (machine.anyHolding()) over = machine.hold(java.util.Arrays.copyOfRange(batch.array(), start, start + n), now());
        if (batch.length() >= FLUSH_AT) flushStream();
        else if (!flushScheduled) {
            flushScheduled = true;
            server.scheduler.runLater(() -> {
                flushScheduled = false;
                flushTurn();
            });
        }
        run(over);
    }

    /**
     * The end of an event-loop turn's stream (before any reply of the turn is written, as Redis
     * writes its replicas' buffers first in beforeSleep): one REPLCONF GETACK * when a held reply
     * waits for bytes no GETACK followed yet, then the batch to the online replicas.
     */
    void flushTurn() {
        if (held.wantsGetack()) {   // also when a large batch was written already (FLUSH_AT)
            long before = state.offset;
            produceRaw(GETACK);
            held.getackAppended(before);
        }
        flushStream();
    }

    /** A replica's REPLCONF ACK: WAITs it satisfies, then held replies it releases. */
    void acked(ReplicaConnection r, long offset) {
        run(machine.acked(r, offset, now()));
        held.acked();
    }

    /**
     * Writes the batch to every online replica, one socket write each (the same array: it is
     * not touched again). Called before a replica goes online, so that it gets exactly the
     * bytes after its backlog tail or held stream.
     */
    void flushStream() {
        if (batch.isEmpty()) return;
        byte[] bytes = null;
        List<MasterMachine.Action> over = null;
        long now = now();
        for (MasterMachine.Replica m : machine.replicas) {
            if (m.state != MasterMachine.State.ONLINE) continue;
            ReplicaConnection r = (ReplicaConnection) m;
            if (bytes == null) bytes = batch.copy(0);
            r.write(bytes);
            // online replicas: the stream bytes still queued on the socket count against the limit
            List<MasterMachine.Action> closes = machine.outputQueued(r, r.queuedStreamBytes(), now);
            if (!closes.isEmpty()) {
                if (over == null) over = new ArrayList<>();
                over.addAll(closes);
            }
        }
        batch.clear();
        if (over != null) run(over);
    }

    @Override
    public void onStreamBytes(byte[] chunk, long offset) {
        if (machine.backlog == null) machine.backlog = new ReplicationBacklog(server.config.replBacklogSize, offset - chunk.length);
        machine.backlog.append(chunk);
        if (machine.replicas.isEmpty()) return;
        int start = batch.length();
        batch.append(chunk, 0, chunk.length);
        toReplicas(start, chunk.length);
    }

    @Override
    public void onReplicaOf() {
        held.notMaster();
    }

    @Override
    public void onNewHistory() {
        held.newHistory();
        // the sub-replicas must reconnect to learn the new id (disconnectSlaves)
        flushStream();
        streamDb = -1;
        run(machine.historyChanged(now()));
    }

    // ---- the RDB's replication fields ----

    /** rdbPopulateSaveInfo: a master with a backlog saves its id/offset; a replica its master's. */
    vigil.server.node.ReplicationInfo.Info saveInfo() {
        if (state.isReplica()) {
            if (state.masterClient != null) {
                return new vigil.server.node.ReplicationInfo.Info(state.masterClient.db.id, state.replId, state.offset);
            }
            int cachedDb = replica.cachedStreamDb();   // link down: the cached master's
            return cachedDb < 0 ? null : new vigil.server.node.ReplicationInfo.Info(cachedDb, state.replId, state.offset);
        }
        if (machine.backlog == null) return null;
        return new vigil.server.node.ReplicationInfo.Info(Math.max(0, streamDb), state.replId, state.offset);
    }

    /**
     * loadDataFromDisk for a master: the file's replication id becomes replid2 (valid up to its
     * offset), so the replicas of the node before its restart continue with +CONTINUE.
     */
    void restoreFromRdb() {
        vigil.server.node.PersistenceState p = server.persistenceState;
        if (state.isReplica() || p.loadedReplId == null || p.loadedReplOffset < 0 || p.loadedReplStreamDb < 0) return;
        machine.restored(p.loadedReplId, p.loadedReplOffset);
        log.info("Restored replication history {} up to offset {} from the RDB file", p.loadedReplId, p.loadedReplOffset);
    }

    // ---- serving replicas ----

    ReplicaConnection conn(Client c) {
        return conns.computeIfAbsent(c, k -> new ReplicaConnection(k, server.stats));
    }

    /** PSYNC replid from (from null: not a number), or SYNC (replid null): +CONTINUE or a full sync. */
    void psync(ReplicaConnection r, String replid, Long from) {
        r.client.flags |= Client.FLAG_REPLICA;
        flushStream();   // the online replicas get the batch; this one gets it in its backlog tail or payload
        boolean busy = server.persistence.inProgress();
        run(replid == null ? machine.sync(r, now(), busy) : machine.psync(r, replid, from, now(), busy));
    }

    /** The machine chose the replicas of a snapshot: produce it (the stream after the payload starts with a SELECT). */
    private void startSnapshot(MasterMachine.StartSnapshot start) {
        streamDb = -1;
        FullSync s = new FullSync(server, this, start.group(), start.replId(), start.offset());
        sync = s;
        s.announce();
        server.persistence.startTimeBoundSnapshot(s, () -> {
            if (sync == s) {
                sync = null;
                machine.snapshotEnded();
            }
            server.scheduler.runLater(() -> run(machine.startPendingSnapshot(now(), server.persistence.inProgress())));
        });
    }

    void removed(Client c) {
        ReplicaConnection r = conns.remove(c);
        if (r == null) return;
        run(machine.removed(r, now()));
        if (sync != null) sync.remove(r);
    }

    /** Online replicas whose last ACK is at most min-replicas-max-lag seconds old. */
    int goodReplicas() {
        return machine.goodReplicas(now());
    }

    void cron() {
        Failover f = failover;
        run(machine.tick(now(), server.persistence.inProgress(), f != null && f.suppressesPing()));
        held.cron();
    }

    /** Replicas whose ACKs count towards min-replicas-ack now (its admission rule; see {@link JoinDelay}). */
    int countedReplicas() {
        return machine.countedReplicas(now());
    }

    /** Replicas in the ONLINE state (the replication state file's replica count). */
    int onlineReplicas() {
        int n = 0;
        for (MasterMachine.Replica r : machine.replicas) if (r.state == MasterMachine.State.ONLINE) n++;
        return n;
    }

    // ---- INFO and ROLE ----

    @Override
    public int connectedReplicas() {
        return machine.replicas.size();
    }

    @Override
    public void appendReplicaLines(StringBuilder sb) {
        long now = server.clock.getAsLong();
        int i = 0;
        for (MasterMachine.Replica r : machine.replicas) {
            sb.append("slave").append(i++).append(":ip=").append(r.ip()).append(",port=").append(r.listeningPort)
                    .append(",state=").append(r.state.word).append(",offset=").append(r.ackOffset)
                    .append(",lag=").append((now - r.ackTime) / 1000).append("\r\n");
        }
    }

    @Override
    public void appendRoleReplicas(Client c) {
        List<MasterMachine.Replica> online = new ArrayList<>();
        for (MasterMachine.Replica r : machine.replicas) if (r.state == MasterMachine.State.ONLINE) online.add(r);
        c.out.array(online.size());
        for (MasterMachine.Replica r : online) {
            c.out.array(3).bulk(r.ip()).bulk(Integer.toString(r.listeningPort)).bulk(Long.toString(r.ackOffset));
        }
    }

    @Override
    public long ackedReplOffset() {
        return machine.ackedOffset(server.config.minReplicasAck, now());
    }

    @Override
    public boolean backlogActive() {
        return machine.backlog != null;
    }

    @Override
    public long backlogFirstByteOffset() {
        return machine.backlog == null ? 0 : machine.backlog.firstByteOffset();
    }

    @Override
    public long backlogHistlen() {
        return machine.backlog == null ? 0 : machine.backlog.histlen();
    }
}
