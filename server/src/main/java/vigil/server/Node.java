package vigil.server;

import vigil.server.node.VigilServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import vigil.server.assembly.NodeAssembly;
import vigil.server.config.ServerConfig;
import vigil.server.net.EventLoopScheduler;
import vigil.server.net.NetworkHook;
import vigil.server.net.NodeServer;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A running data node: its own Vert.x instance with one event loop that owns the keyspace, and
 * the listening sockets. Used by {@link Main} and by tests that start nodes in-process.
 */
public final class Node implements AutoCloseable {
    private final Vertx vertx;
    private final NodeAssembly assembly;
    private final VigilServer server;
    private final NodeServer net;

    private Node(Vertx vertx, NodeAssembly assembly, NodeServer net) {
        this.vertx = vertx;
        this.assembly = assembly;
        this.server = assembly.server;
        this.net = net;
    }

    /** Starts a node and waits until it listens. */
    public static Node start(ServerConfig config) throws Exception {
        return start(config, System::currentTimeMillis);
    }

    /**
     * Starts a node whose clock (expiry, timeouts, cron bookkeeping) is the given one, so tests
     * can advance time instead of sleeping; timers still run on the event loop's real time.
     */
    public static Node start(ServerConfig config, LongSupplier clock) throws Exception {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(4).setPreferNativeTransport(true));
        NodeAssembly assembly = new NodeAssembly(config, clock, s -> new EventLoopScheduler(s, vertx),
                s -> new NetworkHook(s, vertx));
        VigilServer server = assembly.server;
        // loadDataFromDisk: before listening; a bad file stops the start (RdbLoad.LoadFailure).
        try {
            vigil.server.persistence.PersistenceCommands.loadAtStartup(server);
            assembly.loaded();   // a master restarted behind its recorded replication state starts fenced
        } catch (Exception e) {
            vertx.close();
            throw e;
        }
        NodeServer net = new NodeServer(server);
        Node node = new Node(vertx, assembly, net);
        server.shutdownHook = () -> vertx.setTimer(1, t -> node.closeAsync());
        try {
            vertx.deployVerticle(net).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            vertx.close();
            throw e;
        }
        return node;
    }

    public int port() {
        return net.port();
    }

    public VigilServer server() {
        return server;
    }

    /** The node's services as the assembly built them (tests reach a service through it). */
    public NodeAssembly assembly() {
        return assembly;
    }

    public Vertx vertx() {
        return vertx;
    }

    /** Runs an action on the keyspace thread and waits for its result (tests, admin tools). */
    public <T> T onLoop(java.util.function.Supplier<T> action) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        vertx.runOnContext(v -> {
            try {
                f.complete(action.get());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f.get(30, TimeUnit.SECONDS);
    }

    private final CompletableFuture<Void> closed = new CompletableFuture<>();

    public Future<Void> closeAsync() {
        vertx.close().onComplete(ar -> closed.complete(null));
        return Future.fromCompletionStage(closed);
    }

    /** Completes when the node has stopped (SHUTDOWN or close). */
    public CompletableFuture<Void> closed() {
        return closed;
    }

    @Override
    public void close() throws Exception {
        closeAsync();
        closed.get(30, TimeUnit.SECONDS);
    }
}
