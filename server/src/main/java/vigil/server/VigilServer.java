package vigil.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vigil.server.client.Client;
import vigil.resp.server.session.Connection;
import vigil.resp.server.command.CommandTable;
import vigil.server.command.Commands;
import vigil.server.command.Dispatcher;
import vigil.server.config.ServerConfig;
import vigil.server.admin.ServerStats;
import vigil.server.keyspace.Db;
import vigil.server.keyspace.Keyspace;
import vigil.server.keyspace.KeyspaceEvents;
import vigil.server.replication.Propagation;
import vigil.server.transaction.Watches;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The data node's state: configuration, keyspace, clients, command table and the services
 * around them. Everything here runs on one thread (the keyspace owner, a Vert.x event loop in
 * production, the test thread in unit tests); the network shell lives in {@code vigil.server.net}.
 */
public final class VigilServer implements KeyspaceEvents {
    private static final Logger log = LoggerFactory.getLogger(VigilServer.class);
    /** The Redis version Vigil is compatible with, reported as redis_version. */
    public static final String REDIS_VERSION = vigil.resp.server.info.ServerInfo.REDIS_VERSION;
    public static final String VIGIL_VERSION = "0.1.0";

    public final ServerConfig config;
    public final Keyspace keyspace;
    public final CommandTable<Client> commands;
    public final Dispatcher dispatcher;
    public final Propagation propagation = new Propagation();
    public final Watches watches = new Watches();
    /** Point-in-time snapshots (later: SAVE/BGSAVE and the RDB file). */
    public final vigil.server.persistence.Persistence persistence = new vigil.server.persistence.Persistence(this);
    public final vigil.server.pubsub.PubSub pubsub;
    public final ServerStats stats = new ServerStats();
    public final Map<Long, Client> clients = new LinkedHashMap<>();
    public final String runId;
    public final long startTimeMs;
    public final LongSupplier clock;
    /** Changes since the last save (Redis's server.dirty). Handlers add what they change. */
    public long dirty;
    private long nextClientId = 1;
    private final List<Client> pendingWrites = new ArrayList<>();
    /** Hooks run once per cron tick (active expiry, client timeouts, ...). */
    private final List<Runnable> cronHooks = new ArrayList<>();
    /** Called to stop the process (SHUTDOWN); the launcher sets it. */
    public Runnable shutdownHook = () -> { };
    public Map<String, Object> services = new LinkedHashMap<>();

    public VigilServer(ServerConfig config) {
        this(config, System::currentTimeMillis);
    }

    public VigilServer(ServerConfig config, LongSupplier clock) {
        this.config = config;
        this.clock = clock;
        this.listeningPort = () -> config.port;
        this.startTimeMs = clock.getAsLong();
        this.keyspace = new Keyspace(config.databases, clock);
        this.keyspace.setEvents(this);
        byte[] id = new byte[20];
        new SecureRandom().nextBytes(id);
        this.runId = HexFormat.of().formatHex(id);
        this.pubsub = new vigil.server.pubsub.PubSub(this);
        this.dispatcher = new Dispatcher(this);   // before the table: command groups add observers and gates
        vigil.server.types.EncodingLimits.bind(config);
        vigil.server.types.CollectionKinds.register();
        this.commands = Commands.standard(this);
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
        for (java.util.function.Consumer<Client> h : onClientRemoved) h.accept(c);
    }

    private final List<java.util.function.Consumer<Client>> onClientRemoved = new ArrayList<>();

    public void onClientRemoved(java.util.function.Consumer<Client> hook) {
        onClientRemoved.add(hook);
    }

    private final List<java.util.function.Consumer<Client>> onClientReset = new ArrayList<>();

    /** Hooks run by RESET: each service forgets the client's state it keeps. */
    public void onClientReset(java.util.function.Consumer<Client> hook) {
        onClientReset.add(hook);
    }

    public void resetClient(Client c) {
        for (java.util.function.Consumer<Client> h : onClientReset) h.accept(c);
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
    public void addCronHook(Runnable r) {
        cronHooks.add(r);
    }

    /** One tick of serverCron, every 1000/hz ms. */
    public void cron() {
        for (Runnable r : cronHooks) {
            try {
                r.run();
            } catch (RuntimeException e) {
                log.error("cron task failed", e);
            }
        }
        flushPendingWrites();
    }

    // ---- keyspace events ----
    @Override
    public void modified(Db db, byte[] key) {
        if (!watches.isEmpty()) watches.touch(db, key);
        for (int i = 0; i < modifiedListeners.size(); i++) modifiedListeners.get(i).accept(db, key);
    }

    private final List<java.util.function.BiConsumer<Db, byte[]>> modifiedListeners = new ArrayList<>();

    /**
     * Observers of key changes (blocking pops wake when a key is created, renamed or restored).
     * The key is null when a whole db was flushed or swapped.
     */
    public void onModified(java.util.function.BiConsumer<Db, byte[]> listener) {
        modifiedListeners.add(listener);
    }

    // ---- after each top-level command ----
    private final List<Runnable> afterCommandHooks = new ArrayList<>();

    /** Hooks run after each top-level command (and after EXEC as a whole): serving blocked clients. */
    public void onAfterCommand(Runnable hook) {
        afterCommandHooks.add(hook);
    }

    /** Called by the dispatcher when a top-level command has finished and propagated. */
    public void afterCommand() {
        for (int i = 0; i < afterCommandHooks.size(); i++) afterCommandHooks.get(i).run();
    }

    // ---- timers on the keyspace thread ----
    /** Timers that run on the keyspace thread; the network shell installs one (null in bare unit tests). */
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

    public Scheduler scheduler;

    /** Outgoing connections and blocking work (replica links); the network shell installs it (null in bare unit tests). */
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

    public Network network;
    /** The port clients reach this node on (the bound one when the conf said 0); the network shell sets it. */
    public java.util.function.IntSupplier listeningPort;
    private final List<Runnable> startedHooks = new ArrayList<>();

    /** Hooks run once the node listens (replicaof from the conf starts its link). */
    public void onStarted(Runnable hook) {
        startedHooks.add(hook);
    }

    public void started() {
        for (Runnable r : startedHooks) r.run();
    }

    @Override
    public void expired(Db db, byte[] key) {
        propagation.propagate(db.id, new byte[][]{"DEL".getBytes(), key});
        for (java.util.function.BiConsumer<Db, byte[]> h : expiryListeners) h.accept(db, key);
    }

    private final List<java.util.function.BiConsumer<Db, byte[]>> expiryListeners = new ArrayList<>();

    /** Keyspace notifications and similar observers of expiry deletions. */
    public void onExpired(java.util.function.BiConsumer<Db, byte[]> listener) {
        expiryListeners.add(listener);
    }

    @Override
    public void flushed(Db db) {
        watches.touchDb(db);
        for (int i = 0; i < modifiedListeners.size(); i++) modifiedListeners.get(i).accept(db, null);
    }

    @SuppressWarnings("unchecked")
    public <T> T service(Class<T> type) {
        return (T) services.get(type.getName());
    }

    public <T> void registerService(Class<T> type, T instance) {
        services.put(type.getName(), instance);
    }
}
