package vigil.server.replication;

import vigil.server.replication.link.ReplicaLink;
import vigil.server.node.ReplicationState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vigil.resp.RespCommand;
import vigil.server.node.VigilServer;
import vigil.server.persistence.KeyLoadDelay;
import vigil.server.propagation.ReplicationFeed;
import vigil.server.node.Client;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The replica role's shell around {@link ReplicaLink}: it carries out the link's actions on the
 * node's event loop (connect through {@link VigilServer#network}, write, close, load the payload,
 * apply the stream through {@link MasterStream}), keeps the cached master for PSYNC, and switches
 * roles (REPLICAOF host port / NO ONE, replicaof in the conf). While this node is a replica its
 * own propagation feed is muted: sub-replicas get the master's exact bytes through
 * {@link StreamListener} instead.
 */
public final class ReplicaService {
    private static final Logger log = LoggerFactory.getLogger(ReplicaService.class);

    /** The master side's seam: what a replica forwards to its own replicas (chaining). */
    public interface StreamListener {
        /** Bytes of the master's stream just applied; offset is master_repl_offset after them. */
        void onStreamBytes(byte[] chunk, long offset);

        /** This node becomes a replica (REPLICAOF host port, FAILOVER): it is no longer a master. */
        default void onReplicaOf() {
        }

        /** The replication history changed (full sync from a master, or a new id on +CONTINUE). */
        default void onNewHistory() {
        }

        StreamListener NONE = (chunk, offset) -> { };
    }

    private final VigilServer server;
    private final ReplicationState state;
    private final ReplicaLink link = new ReplicaLink();
    private final MasterStream stream;
    private PayloadLoader loader;
    StreamListener listener = StreamListener.NONE;
    private VigilServer.LinkSocket socket;
    private int attempt;
    /** PSYNC can ask for (state.replId, state.offset + 1). */
    private boolean cachedValid;
    private ReplicationFeed savedFeed;
    /** The payload being parsed on a worker thread while it arrives. */
    private PayloadLoad load;
    private String pendingReplid;
    private long pendingOffset;
    private final List<byte[]> heldStream = new ArrayList<>();
    /** Bumped by role changes: a payload still being parsed for an older link is dropped. */
    private int loadToken;
    /** FAILOVER's coordinator: a PSYNC reply settles a failover in progress. */
    Failover failover;
    /** The offset of the last REPLCONF ACK sent. */
    private long lastAckSent = -1;

    ReplicaService(VigilServer server) {
        this.server = server;
        this.state = server.replicationState;
        this.state.link = link;
        this.loader = new StagedRdbLoader(server.config.databases, server.encodingLimits, server.clock,
                KeyLoadDelay.of(() -> server.config.keyLoadDelay));
        this.stream = new MasterStream(server, state, this);
    }

    /** The node listens: replicaof from the conf starts the link. */
    void startFromConf() {
        if (server.config.masterHost != null) {
            cachedValid = restoreFromRdb();   // else no history to continue: PSYNC ? -1
            setMaster(server.config.masterHost, server.config.masterPort);
            link.armRefusal();   // the data loaded from disk came from this master
        }
    }

    /** CLIENT KILL TYPE master (or any removal of the master client) drops the link at once, as in Redis. */
    void clientRemoved(Client c) {
        if (c == state.masterClient) killLink("master client removed");
    }

    /**
     * loadDataFromDisk for a replica: the RDB's repl-id / repl-offset / repl-stream-db become the
     * cached master (replicationCacheMasterUsingMyself), so the first PSYNC can continue.
     */
    private boolean restoreFromRdb() {
        vigil.server.node.PersistenceState p = server.persistenceState;
        if (p.loadedReplId == null || p.loadedReplOffset < 0 || p.loadedReplStreamDb < 0) return false;
        state.replId = p.loadedReplId;
        state.offset = p.loadedReplOffset;
        stream.resetDb(p.loadedReplStreamDb);
        log.info("Before turning into a replica, using my own master parameters to synthesize a cached master: "
                + "I may be able to synchronize with the new master with just a partial transfer.");
        return true;
    }

    /** The cached master's stream db (repl-stream-db of an RDB saved while the link is down), -1 without one. */
    int cachedStreamDb() {
        return cachedValid ? stream.db() : -1;
    }

    Failover failover() {
        return failover;
    }

    public void setListener(StreamListener listener) {
        this.listener = listener == null ? StreamListener.NONE : listener;
    }

    public void setLoader(PayloadLoader loader) {
        this.loader = loader;
    }

    public ReplicationState state() {
        return state;
    }

    private long now() {
        return server.clock.getAsLong();
    }

    // ---- role switching ----

    /** REPLICAOF host port; returns false when already replicating from it. */
    public boolean replicaOf(String host, int port) {
        if (state.isReplica() && host.equalsIgnoreCase(state.masterHost) && port == state.masterPort) return false;
        if (!state.isReplica()) cachedValid = true;   // continue our own history (replicationCacheMasterUsingMyself)
        setMaster(host, port);
        log.info("REPLICAOF {}:{} enabled", host, port);
        return true;
    }

    /** replicationSetMaster: also disconnectAllBlockedClients (BLPOP, BZPOPMIN, BLMOVE, WAIT get -UNBLOCKED). */
    void setMaster(String host, int port) {
        listener.onReplicaOf();
        server.blocking.disconnectAllBlocked();
        if (!state.isReplica()) {
            server.keyspace.setReplica(true);
            savedFeed = server.propagation.feed();
            server.propagation.setFeed(ReplicationFeed.NONE);
        }
        dropMasterClient();
        run(link.stop());
        abandonTransfer();
        state.fence.roleChanged();
        state.masterHost = host;
        state.masterPort = port;
        state.downSince = 0;
        server.config.masterHost = host;
        server.config.masterPort = port;
        run(link.start(host, port, settings(), now()));
        run(link.tick(now()));
    }

    /** REPLICAOF NO ONE: keep the data, shift the replication id, accept writes. */
    public void noOne() {
        state.fence.roleChanged();   // also on a master: the operator says it is the master
        if (!state.isReplica()) return;
        dropMasterClient();
        run(link.stop());
        abandonTransfer();
        state.masterHost = null;
        server.config.masterHost = null;
        state.fence.roleChanged();
        state.shiftReplId();
        cachedValid = false;
        server.keyspace.setReplica(false);
        server.propagation.setFeed(savedFeed == null ? ReplicationFeed.NONE : savedFeed);
        savedFeed = null;
        listener.onNewHistory();
        log.info("MASTER MODE enabled (user request from replicaof no one)");
    }

    private ReplicaLink.Settings settings() {
        int port = server.config.replicaAnnouncePort != 0 ? server.config.replicaAnnouncePort : server.listeningPort.getAsInt();
        return new ReplicaLink.Settings(server.config.masteruser, server.config.masterauth, port,
                server.config.replicaAnnounceIp, server.config.replTimeout * 1000L);
    }

    // ---- the link's actions ----

    void tick() {
        if (link.state() != ReplicaLink.State.NONE) run(link.tick(now()));
    }

    private void run(List<ReplicaLink.Action> actions) {
        for (ReplicaLink.Action a : actions) {
            if (a instanceof ReplicaLink.Connect c) {
                connect(c.host(), c.port());
            } else if (a instanceof ReplicaLink.Send s) {
                if (socket != null) socket.write(s.bytes());
            } else if (a instanceof ReplicaLink.Close) {
                closeSocket();
            } else if (a instanceof ReplicaLink.FullResync f) {
                failoverAnswer(true);
                pendingReplid = f.replid();
                pendingOffset = f.offset();
                state.syncTotal = -1;
                state.syncRead = 0;
                state.syncLastIo = now();
            } else if (a instanceof ReplicaLink.BeginLoad b) {
                beginLoad();
                state.syncTotal = b.size();
                state.syncRead = 0;
                state.syncLastIo = now();
            } else if (a instanceof ReplicaLink.LoadBytes l) {
                if (load != null) load.offer(l.bytes());
                state.syncRead += l.bytes().length;
                state.syncLastIo = now();
            } else if (a instanceof ReplicaLink.EndLoad) {
                startLoading();
            } else if (a instanceof ReplicaLink.Continue c) {
                failoverAnswer(true);
                partialResync(c.newReplid());
            } else if (a instanceof ReplicaLink.Stream s) {
                if (state.loading) heldStream.add(s.bytes());
                else if (state.masterClient != null) stream.apply(s.bytes());
            } else if (a instanceof ReplicaLink.SendAck) {
                sendAck();
            } else if (a instanceof ReplicaLink.LinkDown d) {
                linkDown(d.wasConnected());
            } else if (a instanceof ReplicaLink.Log l) {
                log.info(l.message());
            } else if (a instanceof ReplicaLink.PsyncRejected) {
                failoverAnswer(false);
            } else if (a instanceof ReplicaLink.SyncRefused r) {
                log.warn("Refusing a full sync from {}:{}: its history ({} offset {}) is behind mine (offset {}); keeping my data",
                        state.masterHost, state.masterPort, r.masterReplid(), r.masterOffset(), r.ownOffset());
            }
        }
    }

    /** The PSYNC reply settles a FAILOVER in progress (syncWithMaster). */
    private void failoverAnswer(boolean accepted) {
        Failover f = failover;
        if (accepted) f.accepted();
        else f.rejected();
    }

    private void connect(String host, int port) {
        int token = ++attempt;
        link.configure(settings());
        server.network.connect(host, port, new VigilServer.LinkHandler() {
            @Override
            public void opened(VigilServer.LinkSocket s) {
                if (token != attempt) {
                    s.close();
                    return;
                }
                socket = s;
                link.psyncFrom(cachedValid ? state.replId : "?", cachedValid ? state.offset : -1);
                link.ownHistory(state.replId, state.replId2, state.offset);
                link.refuseBehindMasterPeriod(server.config.replicaRefuseBehindMasterPeriod);
                link.psyncFailover(failover.inProgress());
                run(link.connected(now()));
            }

            @Override
            public void data(byte[] bytes) {
                if (token == attempt) received(bytes);
            }

            @Override
            public void closed() {
                if (token != attempt) return;
                socket = null;
                run(link.closed(now()));
            }

            @Override
            public void failed(String error) {
                if (token == attempt) run(link.connectFailed(now(), error));
            }
        });
    }

    /**
     * Bytes from the master: the payload and the stream count in total_net_repl_input_bytes
     * (Redis reads the handshake replies synchronously, outside its counters).
     */
    private void received(byte[] bytes) {
        ReplicaLink.State before = link.state();
        List<ReplicaLink.Action> actions = link.received(bytes, now());
        if (before == ReplicaLink.State.TRANSFER || before == ReplicaLink.State.CONNECTED) {
            server.stats.netReplInputBytes += bytes.length;
        } else {
            for (ReplicaLink.Action a : actions) {
                if (a instanceof ReplicaLink.Stream s) server.stats.netReplInputBytes += s.bytes().length;
                else if (a instanceof ReplicaLink.LoadBytes l) server.stats.netReplInputBytes += l.bytes().length;
            }
        }
        run(actions);
    }

    private void closeSocket() {
        attempt++;   // the link already knows: ignore this socket's late events
        if (socket != null) socket.close();
        socket = null;
    }

    /** Closes the link from our side (CLIENT KILL TYPE master, protocol errors in the stream). */
    void killLink(String why) {
        run(link.abort(now(), why));
    }

    /** After a chunk of the stream was applied: ACK when the offset advanced since the last ACK, or when asked. */
    void ackApplied(boolean asked) {
        if (asked || state.appliedOffset != lastAckSent) sendAck();
    }

    void sendAck() {
        if (socket == null || state.masterClient == null) return;
        lastAckSent = state.appliedOffset;
        byte[] ack = RespCommand.encode("REPLCONF", "ACK", Long.toString(state.appliedOffset));
        server.stats.netOutputBytes += ack.length;   // the master client's output, as in Redis
        socket.write(ack);
    }

    private void linkDown(boolean wasConnected) {
        if (state.masterClient != null) {
            dropMasterClient();
            cachedValid = true;
        }
        // a payload being loaded still completes: its history can be continued
        if (load != null && !load.ended) dropLoad();
        heldStream.clear();
        if (wasConnected) state.downSince = now();
        log.info("Connection with master lost.");
    }

    private void dropMasterClient() {
        Client m = state.masterClient;
        if (m == null) return;
        stream.detach(m);
        state.masterClient = null;
        server.removeClient(m);
    }

    private void abandonTransfer() {
        if (state.loading) {
            loadToken++;
            state.loading = false;
            state.asyncLoading = false;
        }
        dropLoad();
        heldStream.clear();
    }

    /**
     * The payload starts: with a network its bytes go to a worker thread that parses them as
     * they arrive ({@link ChunkPipe}); the old data is still served meanwhile.
     */
    private void beginLoad() {
        dropLoad();
        load = PayloadLoad.start(loader, server.scheduler, this::parsed);
    }

    /** The worker is done with the payload (keyspace thread). */
    private void parsed(PayloadLoad l, PayloadLoader.Staged staged, Throwable err) {
        if (load != l) return;   // abandoned (link lost during the transfer, role change)
        l.parsed = true;
        l.staged = staged;
        l.error = err;
        if (l.ended) loaded(l);
    }

    /** Forgets the payload being received: its worker stops with an error nobody reads. */
    private void dropLoad() {
        if (load == null) return;
        load.pipe.abort();
        load = null;
    }

    /** The whole payload arrived: the old data goes, clients get -LOADING until the parse is done. */
    private void startLoading() {
        if (load == null) {
            loadMissingPayload();
            return;
        }
        PayloadLoad l = load;
        l.ended = true;
        l.pipe.end();
        enterLoading();
        int token = loadToken;
        l.token = token;
        if (l.parsed) loaded(l);
    }

    private void loaded(PayloadLoad l) {
        load = null;
        if (l.token == loadToken) finishLoading(l.staged, l.error);
    }

    private void enterLoading() {
        state.loading = true;
        cachedValid = false;   // the old data goes: nothing to continue until the payload is in
        if ("swapdb".equals(server.config.replDisklessLoad)) {
            // repl-diskless-load swapdb (async loading): clients keep reading the old data until the new is installed
            state.asyncLoading = true;
            log.info("MASTER <-> REPLICA sync: Loading DB in memory, the old data is served meanwhile (swapdb)");
        } else {
            log.info("MASTER <-> REPLICA sync: Flushing old data");
            server.keyspace.flushAll();
            server.dirty++;
            log.info("MASTER <-> REPLICA sync: Loading DB in memory");
        }
    }

    /** The payload ended with no parser attached (dropped meanwhile): it loads as empty, which fails the sync. */
    private void loadMissingPayload() {
        enterLoading();
        InputStream in = new ByteArrayInputStream(new byte[0]);
        try {
            finishLoading(loader.read(in), null);
        } catch (Exception e) {
            finishLoading(null, e);
        }
    }

    private void finishLoading(PayloadLoader.Staged staged, Throwable err) {
        state.loading = false;
        boolean swap = state.asyncLoading;
        state.asyncLoading = false;
        if (err != null) {
            log.warn("Failed trying to load the MASTER synchronization DB: {}", err.toString());
            cachedValid = false;
            if (swap) log.info("MASTER <-> REPLICA sync: Discarding the half-loaded data, the old data stays (swapdb)");
            else server.keyspace.flushAll();
            run(link.abort(now(), "Failed trying to load the MASTER synchronization DB"));
            return;
        }
        if (swap) {   // the swap: old data out, the loaded data in, in one event-loop turn
            server.keyspace.flushAll();
            server.dirty++;
        }
        staged.install(server);
        state.replId = pendingReplid;
        state.replId2 = ReplicationState.ZERO_ID;
        state.secondOffset = -1;
        state.offset = pendingOffset;
        cachedValid = true;
        stream.resetDb(0);
        listener.onNewHistory();
        log.info("MASTER <-> REPLICA sync: Finished with success");
        List<byte[]> held = new ArrayList<>(heldStream);
        heldStream.clear();
        if (link.state() == ReplicaLink.State.CONNECTED && socket != null) {
            attachMasterClient();
            for (byte[] b : held) {
                if (state.masterClient != null) stream.apply(b);
            }
            sendAck();
        }
    }

    private void partialResync(String newReplid) {
        if (newReplid != null && !newReplid.equals(state.replId)) {
            state.replId2 = state.replId;
            state.secondOffset = state.offset + 1;
            state.replId = newReplid;
            log.info("Master replication ID changed to {}", newReplid);
            listener.onNewHistory();
        }
        attachMasterClient();
    }

    private void attachMasterClient() {
        state.readOffset = state.offset;
        state.appliedOffset = state.offset;
        VigilServer.LinkSocket s = socket;
        state.masterClient = stream.attach(new MasterLinkConnection(s, () -> socket));
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
