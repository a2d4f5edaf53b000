package vigil.server;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import vigil.server.config.ServerConfig;
import vigil.server.net.NodeServer;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A running data node: its own Vert.x instance with one event loop that owns the keyspace, and
 * the listening sockets. Used by {@link Main} and by tests that start nodes in-process.
 */
public final class Node implements AutoCloseable {
    private final Vertx vertx;
    private final VigilServer server;
    private final NodeServer net;

    private Node(Vertx vertx, VigilServer server, NodeServer net) {
        this.vertx = vertx;
        this.server = server;
        this.net = net;
    }

    /** Starts a node and waits until it listens. */
    public static Node start(ServerConfig config) throws Exception {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(4).setPreferNativeTransport(true));
        VigilServer server = new VigilServer(config);
        // loadDataFromDisk: before listening; a bad file stops the start (RdbLoad.LoadFailure).
        try {
            vigil.server.persistence.PersistenceCommands.loadAtStartup(server);
        } catch (Exception e) {
            vertx.close();
            throw e;
        }
        NodeServer net = new NodeServer(server);
        Node node = new Node(vertx, server, net);
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
