package vigil.server.net;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.net.NetServerOptions;
import vigil.resp.server.net.Listeners;
import vigil.resp.server.net.SocketConnection;
import vigil.resp.server.net.SocketHost;
import vigil.server.node.Client;
import vigil.server.node.VigilServer;

/**
 * The network shell of the data node: one verticle, so every connection and timer runs on the
 * same event loop, which owns the keyspace (Redis's single-threaded model, without locks).
 * The shared {@link SocketHost} accepts and reads; the node adds protected mode, its client
 * registry and counters, and runs each read's requests, writing their replies with one syscall.
 */
public final class NodeServer extends VerticleBase {
    private final VigilServer server;
    private SocketHost<Client> host;
    private long cronTimer = -1;

    public NodeServer(VigilServer server) {
        this.server = server;
    }

    /** The port actually bound (differs from the conf when it said 0). */
    public int port() {
        return host == null ? 0 : host.port();
    }

    @Override
    public Future<?> start() {
        host = new SocketHost<>(vertx) {
            @Override
            protected boolean full() {
                return server.clients.size() >= server.config.maxclients;
            }

            @Override
            protected void rejected() {
                server.stats.rejectedConnections++;
            }

            @Override
            protected String refusal(SocketConnection conn) {
                return Listeners.deniedByProtectedMode(server.config.protectedMode, server.config.requirepass,
                        conn.remoteHost()) ? Listeners.DENIED : null;
            }

            @Override
            protected Client open(SocketConnection conn) {
                Client c = server.newClient(conn);
                c.in.setMaxBulkLen(server.config.protoMaxBulkLen);
                return c;
            }

            @Override
            protected void closed(Client c) {
                server.removeClient(c);
            }

            @Override
            protected void received(int bytes) {
                server.stats.netInputBytes += bytes;
            }

            @Override
            protected void process(Client c) {
                server.processInput(c);
            }
        };
        Future<?> chain = host.listen(server.config.bind, server.config.port, new NetServerOptions()
                .setTcpNoDelay(true)
                .setTcpKeepAlive(server.config.tcpKeepalive > 0)
                .setAcceptBacklog(server.config.tcpBacklog)
                .setReuseAddress(true));
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
        return host == null ? Future.succeededFuture() : host.stopListening();
    }
}
