package vigil.server.net;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import vigil.resp.server.net.SocketConnection;
import vigil.server.node.VigilServer;

import java.util.concurrent.Callable;
import java.util.function.BiConsumer;

/**
 * {@link VigilServer.Network} on the node's Vert.x: outgoing connections (replica links) whose
 * callbacks run on the node's event loop, and blocking work on a worker thread.
 */
public final class NetworkHook implements VigilServer.Network {
    private final VigilServer server;
    private final Vertx vertx;
    private final NetClient client;

    public NetworkHook(VigilServer server, Vertx vertx) {
        this.server = server;
        this.vertx = vertx;
        this.client = vertx.createNetClient(new NetClientOptions().setTcpNoDelay(!server.config.replDisableTcpNodelay)
                .setConnectTimeout(10_000).setTcpKeepAlive(true));
    }

    @Override
    public void connect(String host, int port, VigilServer.LinkHandler handler) {
        client.connect(port, host).onComplete(ar -> {
            if (ar.failed()) {
                handler.failed(String.valueOf(ar.cause().getMessage()));
                server.flushPendingWrites();
                return;
            }
            NetSocket socket = ar.result();
            VigilServer.LinkSocket ls = new VigilServer.LinkSocket() {
                @Override
                public void write(byte[] bytes) {
                    socket.write(Buffer.buffer(bytes));
                }

                @Override
                public void close() {
                    socket.close();
                }

                @Override
                public String localAddress() {
                    return SocketConnection.format(socket.localAddress());
                }

                @Override
                public String remoteAddress() {
                    return SocketConnection.format(socket.remoteAddress());
                }
            };
            socket.handler(buf -> {
                // counted by the link's owner (ReplicaService: total_net_repl_input_bytes)
                handler.data(buf.getBytes());
                server.flushPendingWrites();
            });
            socket.closeHandler(v -> {
                handler.closed();
                server.flushPendingWrites();
            });
            socket.exceptionHandler(e -> { });
            handler.opened(ls);
            server.flushPendingWrites();
        });
    }

    @Override
    public <T> void runBlocking(Callable<T> task, BiConsumer<T, Throwable> done) {
        Context context = vertx.getOrCreateContext();   // the keyspace thread's: callers run on it
        vertx.executeBlocking(task, false).onComplete(ar -> context.runOnContext(v -> {
            done.accept(ar.result(), ar.cause());
            server.flushPendingWrites();
        }));
    }

    void close() {
        client.close();
    }
}
