package vigil.server.node;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vigil.resp.server.command.CommandTable;
import vigil.resp.server.session.Connection;
import vigil.server.config.ServerConfig;
import vigil.server.stats.ServerStats;
import vigil.server.keyspace.Db;
import vigil.server.keyspace.Keyspace;
import vigil.server.keyspace.KeyspaceEvents;
import vigil.server.propagation.Propagation;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The data node's state: configuration, keyspace, clients, command table, dispatcher and the
 * state the services share; the assembly ({@code vigil.server.assembly.NodeAssembly}) builds the services around it. Everything here runs on one thread (the keyspace owner, a Vert.x event loop in
 * production, the test thread in unit tests); the network shell lives in {@code vigil.server.net}.
 */
public final class VigilServer implements KeyspaceEvents {
    private static final Logger log = LoggerFactory.getLogger(VigilServer.class);
    /** The Redis version Vigil is compatible with, reported as redis_version. */
    public static final String REDIS_VERSION = vigil.resp.server.info.ServerInfo.REDIS_VERSION;
    public static final String VIGIL_VERSION = "0.1.0";

    public final ServerConfig config;
    public final Keyspace keyspace;
    /** The command table; the assembly fills it. */
    public final CommandTable<Client> commands = new CommandTable<>();
    /** This node's encoding thresholds (hash-max-listpack-*, ...), kept equal to its config. */
    public final vigil.server.config.EncodingLimits encodingLimits;
    public final Dispatcher dispatcher;
    public final Propagation propagation = new Propagation();
    public final Watches watches = new Watches();
    /** Point-in-time snapshots (SAVE/BGSAVE and the RDB file). */
    public final vigil.server.node.Persistence persistence = new vigil.server.node.Persistence(this);
    /** Save bookkeeping: last save, MISCONF, loading (INFO persistence). */
    public final vigil.server.node.PersistenceState persistenceState;
    /** The replication role and offsets, shared by the master and replica sides (INFO replication, ROLE). */
    public final vigil.server.node.ReplicationState replicationState = new vigil.server.node.ReplicationState();
    public final vigil.server.node.PubSub pubsub;
    /** Clients blocked on keys (BLPOP, BZPOPMIN, ...) or on replicas (WAIT), and their wake-ups. */
    public final vigil.server.node.BlockingManager blocking;
    public final ServerStats stats = new ServerStats();
    public final Map<Long, Client> clients = new LinkedHashMap<>();
    public final String runId;
    public final long startTimeMs;
    public final LongSupplier clock;
    /** Timers on the keyspace thread: the event loop's in a running node, a manual one in bare unit tests. */
    public final Scheduler scheduler;
    /** Outgoing connections and blocking work (replica links, payload parsing). */
    public final Network network;
    /** Changes since the last save (Redis's server.dirty). Handlers add what they change. */
    public long dirty;
    private long nextClientId = 1;
    private final List<Client> pendingWrites = new ArrayList<>();
    /** What runs at the node's lifecycle points (cron, client removal, ...): the assembly's explicit sequences. */
    private Lifecycle lifecycle = Lifecycle.NONE;
    /** Called to stop the process (SHUTDOWN); the launcher sets it. */
    public Runnable shutdownHook = () -> { };

    /**
     * The node's state. The scheduler and the network come from the shell that runs the node (the
     * event loop, or a manual scheduler in bare unit tests); they are given the server so that the
     * work they run can flush the replies it produced.
     */
    public VigilServer(ServerConfig config, LongSupplier clock, Function<VigilServer, Scheduler> scheduler,
                       Function<VigilServer, Network> network) {
        this.config = config;
        this.clock = clock;
        this.listeningPort = () -> config.port;
        this.startTimeMs = clock.getAsLong();
        this.keyspace = new Keyspace(config.databases, clock);
        this.keyspace.setEvents(this);
        byte[] id = new byte[20];
        new SecureRandom().nextBytes(id);
        this.runId = HexFormat.of().formatHex(id);
        this.persistenceState = new vigil.server.node.PersistenceState(this);
        this.pubsub = new vigil.server.node.PubSub(this);
        this.dispatcher = new Dispatcher(this);
        this.encodingLimits = vigil.server.config.EncodingLimits.of(config);
        this.blocking = new vigil.server.node.BlockingManager(this);
        this.scheduler = scheduler.apply(this);
        this.network = network.apply(this);
    }

    /**
     * The node's lifecycle points, each one explicit sequence written out by the assembly
     * ({@code NodeAssembly}) instead of hooks registered in whatever order services started.
     */
    public interface Lifecycle {
        /** serverCron: one tick, every 1000/hz ms. */
        void cron();

        /** freeClient: the services forget a client whose connection is gone. */
        void clientRemoved(Client c);

        /** RESET: the services forget the client's state they keep. */
        void clientReset(Client c);

        /** After each top-level command (and after EXEC as a whole): blocked clients are served. */
        void afterCommand();

        /** The node listens (replicaof from the conf starts its link). */
        void started();

        /**
         * Replies are about to be written: the replication stream produced so far leaves first
         * (Redis writes the replicas' output before client replies in beforeSleep), so a reply
         * never reaches a client before the write it acknowledges left for the replicas.
         */
        void beforeReplies();

        /** A key changed, or a whole db when key is null (after WATCH invalidation). */
        void keyModified(Db db, byte[] key);

        /** The master deleted an expired key (after its DEL was propagated). */
        void keyExpired(Db db, byte[] key);

        Lifecycle NONE = new Lifecycle() {
            @Override
            public void cron() {
            }

            @Override
            public void clientRemoved(Client c) {
            }

            @Override
            public void clientReset(Client c) {
            }

            @Override
            public void afterCommand() {
            }

            @Override
            public void started() {
            }

            @Override
            public void beforeReplies() {
            }

            @Override
            public void keyModified(Db db, byte[] key) {
            }

            @Override
            public void keyExpired(Db db, byte[] key) {
            }
        };
    }

    /** The assembly installs the node's lifecycle once, before the node runs. */
    public void setLifecycle(Lifecycle lifecycle) {
        if (this.lifecycle != Lifecycle.NONE) throw new IllegalStateException("the node's lifecycle is installed once");
        this.lifecycle = lifecycle;
    }

    public long now() {
        return keyspace.now();
    }

    // ---- clients ----
    public Client newClient(Connection conn) {
        Client c = new Client(nextClientId++, conn, keyspace.db(0), clock.getAsLong());
        c.authenticated = config.requirepass.isEmpty();
        if (conn != Connection.NONE) {
            clients.put(c.id, c);
            stats.totalConnections++;
        }
        return c;
    }

    /** Forgets a client whose connection is gone: subscriptions, watches, blocked state. */
    public void removeClient(Client c) {
        if (c.closed) return;
        c.closed = true;
        clients.remove(c.id);
        watches.unwatchAll(c);
        lifecycle.clientRemoved(c);
    }

    /** RESET: each service forgets the client's state it keeps. */
    public void resetClient(Client c) {
        lifecycle.clientReset(c);
    }

    /** Decodes and runs a client's buffered commands until input runs out or the client is suspended. */
    public void processInput(Client c) {
        c.runRequests(argv -> dispatcher.process(c, argv));
        lifecycle.beforeReplies();
        flush(c);
        flushPendingWrites();
        if (c.closeAfterReply) {
            c.conn.close();
            removeClient(c);
        }
    }

    /** Marks a client as having output to send at the end of this event-loop turn. */
    public void markPendingWrite(Client c) {
        if (!c.pendingWrite && !c.isInternal()) {
            c.pendingWrite = true;
            pendingWrites.add(c);
        }
    }

    /** Sends every pending reply buffer to its socket. */
    public void flushPendingWrites() {
        lifecycle.beforeReplies();
        for (int i = 0; i < pendingWrites.size(); i++) {
            Client c = pendingWrites.get(i);
            c.pendingWrite = false;
            flush(c);
        }
        pendingWrites.clear();
    }

    public void flush(Client c) {
        if ((c.flags & Client.FLAG_REPLICA) != 0) {   // a replica link gets the stream, never replies
            c.out.drain();
            return;
        }
        if (c.out.isEmpty() || c.closed && !c.closeAfterReply) {
            if (c.closed) c.out.drain();
            return;
        }
        byte[] bytes = c.out.drain();
        stats.netOutputBytes += bytes.length;
        c.conn.write(bytes);
    }

    // ---- periodic work ----
    /** One tick of serverCron, every 1000/hz ms. */
    public void cron() {
        try {
            lifecycle.cron();
        } catch (RuntimeException e) {
            log.error("cron task failed", e);
        }
        flushPendingWrites();
    }

    // ---- keyspace events ----
    @Override
    public void modified(Db db, byte[] key) {
        if (!watches.isEmpty()) watches.touch(db, key);
        lifecycle.keyModified(db, key);
    }

    /** Called by the dispatcher when a top-level command has finished and propagated. */
    public void afterCommand() {
        lifecycle.afterCommand();
    }

    // ---- timers on the keyspace thread ----
    /** Timers that run on the keyspace thread. */
    public interface Scheduler {
        long setTimer(long delayMs, Runnable task);

        void cancelTimer(long id);

        /** Runs the task on the keyspace thread after the current event. */
        void runLater(Runnable task);

        /**
         * Runs the task on the keyspace thread as soon as the event loop has polled its sockets
         * once (the I/O ready now is served first), without a timer's 1 ms wait.
         */
        default void runAfterIo(Runnable task) {
            setTimer(1, task);
        }
    }

    /** Outgoing connections and blocking work (replica links). */
    public interface Network {
        /** Opens a TCP connection; the handler's callbacks run on the keyspace thread. */
        void connect(String host, int port, LinkHandler handler);

        /** Runs a blocking task on a worker thread; done runs on the keyspace thread. */
        <T> void runBlocking(java.util.concurrent.Callable<T> task, java.util.function.BiConsumer<T, Throwable> done);
    }

    /** Events of an outgoing connection. */
    public interface LinkHandler {
        void opened(LinkSocket socket);

        void data(byte[] bytes);

        void closed();

        void failed(String error);
    }

    /** An outgoing connection's socket. */
    public interface LinkSocket {
        void write(byte[] bytes);

        void close();

        String localAddress();

        String remoteAddress();
    }

    /** The port clients reach this node on (the bound one when the conf said 0); the network shell sets it. */
    public java.util.function.IntSupplier listeningPort;
    /** The node listens: replicaof from the conf starts its link. */
    public void started() {
        lifecycle.started();
    }

    @Override
    public void expired(Db db, byte[] key) {
        propagation.propagate(db.id, new byte[][]{"DEL".getBytes(), key});
        lifecycle.keyExpired(db, key);
    }

    @Override
    public void flushed(Db db) {
        watches.touchDb(db);
        lifecycle.keyModified(db, null);
    }
}
