package vigil.server.net;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vigil.resp.server.net.Listeners;
import vigil.resp.server.net.SocketConnection;
import vigil.server.node.VigilServer;
import vigil.server.node.Client;

/**
 * The network shell of the data node: one verticle, so every connection and timer runs on the
 * same event loop, which owns the keyspace (Redis's single-threaded model, without locks).
 * Bytes in are decoded and dispatched; replies of a whole read are written with one syscall.
 */
public final class NodeServer extends VerticleBase {
    private static final Logger log = LoggerFactory.getLogger(NodeServer.class);

    private final VigilServer server;
    private Listeners listeners;
    private long cronTimer = -1;

    public NodeServer(VigilServer server) {
        this.server = server;
    }

    /** The port actually bound (differs from the conf when it said 0). */
    public int port() {
        return listeners == null ? 0 : listeners.port();
    }

    @Override
    public Future<?> start() {
        listeners = new Listeners(vertx);
        Future<?> chain = listeners.listen(server.config.bind, server.config.port, new NetServerOptions()
                .setTcpNoDelay(true)
                .setTcpKeepAlive(server.config.tcpKeepalive > 0)
                .setAcceptBacklog(server.config.tcpBacklog)
                .setReuseAddress(true), this::accept);
        server.listeningPort = this::port;
        return chain.onSuccess(v -> {
            scheduleCron();
            server.started();
        });
    }

    private void scheduleCron() {
        long period = Math.max(1, 1000 / Math.max(1, server.config.hz));
        cronTimer = vertx.setTimer(period, id -> {
            server.cron();
            scheduleCron();
        });
    }

    @Override
    public Future<?> stop() {
        if (cronTimer >= 0) vertx.cancelTimer(cronTimer);
        return listeners == null ? Future.succeededFuture() : listeners.close();
    }

    private void accept(NetSocket socket) {
        SocketConnection conn = new SocketConnection(socket);
        if (server.clients.size() >= server.config.maxclients) {
            server.stats.rejectedConnections++;
            socket.write(Buffer.buffer("-ERR max number of clients reached\r\n"));
            socket.close();
            return;
        }
        if (Listeners.deniedByProtectedMode(server.config.protectedMode, server.config.requirepass, conn.remoteHost())) {
            socket.write(Buffer.buffer(Listeners.DENIED));
            socket.close();
            return;
        }
        Client c = server.newClient(conn);
        c.in.setMaxBulkLen(server.config.protoMaxBulkLen);
        socket.handler(buf -> onData(c, buf));
        socket.closeHandler(v -> server.removeClient(c));
        socket.exceptionHandler(e -> log.debug("client {} error: {}", c.id, e.getMessage()));
    }

    private void onData(Client c, Buffer buf) {
        if (c.closed) return;
        server.stats.netInputBytes += buf.length();
        c.in.append(buf);
        processInput(c);
    }

    private void processInput(Client c) {
        server.processInput(c);
    }
}
