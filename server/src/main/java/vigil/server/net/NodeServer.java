package vigil.server.net;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vigil.server.VigilServer;
import vigil.server.client.Client;

import java.util.ArrayList;
import java.util.List;

/**
 * The network shell of the data node: one verticle, so every connection and timer runs on the
 * same event loop, which owns the keyspace (Redis's single-threaded model, without locks).
 * Bytes in are decoded and dispatched; replies of a whole read are written with one syscall.
 */
public final class NodeServer extends VerticleBase {
    private static final Logger log = LoggerFactory.getLogger(NodeServer.class);
    static final String DENIED = "-DENIED Redis is running in protected mode because protected mode is enabled and no password is set for the default user. In this mode connections are only accepted from the loopback interface. If you want to connect from external computers to Redis you may adopt one of the following solutions: 1) Just disable protected mode sending the command 'CONFIG SET protected-mode no' from the loopback interface by connecting to Redis from the same host the server is running, however MAKE SURE Redis is not publicly accessible from internet if you do so. Use CONFIG REWRITE to make this change permanent. 2) Alternatively you can just disable the protected mode by editing the Redis configuration file, and setting the protected mode option to 'no', and then restarting the server. 3) If you started the server manually just for testing, restart it with the '--protected-mode no' option. 4) Setup a an authentication password for the default user. NOTE: You only need to do one of the above things in order for the server to start accepting connections from the outside.\r\n";

    private final VigilServer server;
    private final List<NetServer> listeners = new ArrayList<>();
    private long cronTimer = -1;
    private int boundPort;

    public NodeServer(VigilServer server) {
        this.server = server;
    }

    /** The port actually bound (differs from the conf when it said 0). */
    public int port() {
        return boundPort;
    }

    @Override
    public Future<?> start() {
        // Bind one address after the other so that port 0 resolves once for all of them.
        Future<?> chain = Future.succeededFuture();
        for (String h : listenHosts(server.config.bind)) {
            chain = chain.compose(v -> bind(h));
        }
        server.listeningPort = this::port;
        return chain.onSuccess(v -> {
            scheduleCron();
            server.started();
        });
    }

    private Future<?> bind(String h) {
        boolean optional = h.startsWith("-");
        String host = optional ? h.substring(1) : h;
        NetServerOptions opts = new NetServerOptions()
                .setTcpNoDelay(true)
                .setTcpKeepAlive(server.config.tcpKeepalive > 0)
                .setAcceptBacklog(server.config.tcpBacklog)
                .setReuseAddress(true);
        NetServer ns = vertx.createNetServer(opts).connectHandler(this::accept);
        Future<?> f = ns.listen(boundPort != 0 ? boundPort : server.config.port, host)
                .onSuccess(s -> {
                    listeners.add(s);
                    if (boundPort == 0) boundPort = s.actualPort();
                });
        if (optional) {
            f = f.recover(e -> {
                log.warn("Could not bind optional address {}: {}", host, e.getMessage());
                return Future.succeededFuture();
            });
        }
        return f;
    }

    private void scheduleCron() {
        long period = Math.max(1, 1000 / Math.max(1, server.config.hz));
        cronTimer = vertx.setTimer(period, id -> {
            server.cron();
            scheduleCron();
        });
    }

    /** Redis's "bind * -::*": "*" is every IPv4 address, "::*" every IPv6 one (skipped when "*" is present, as one dual-stack socket would clash). */
    static List<String> listenHosts(List<String> bind) {
        List<String> out = new ArrayList<>();
        boolean any = bind.contains("*") || bind.contains("-*");
        for (String b : bind) {
            boolean opt = b.startsWith("-");
            String h = opt ? b.substring(1) : b;
            if (h.equals("*")) h = "0.0.0.0";
            else if (h.equals("::*")) {
                if (any) continue;
                h = "::";
            }
            if (!out.contains(h) && !out.contains("-" + h)) out.add(opt ? "-" + h : h);
        }
        return out;
    }

    @Override
    public Future<?> stop() {
        if (cronTimer >= 0) vertx.cancelTimer(cronTimer);
        List<Future<Void>> closes = new ArrayList<>();
        for (NetServer s : listeners) closes.add(s.close());
        return Future.all(closes);
    }

    private void accept(NetSocket socket) {
        SocketConnection conn = new SocketConnection(socket);
        if (server.clients.size() >= server.config.maxclients) {
            server.stats.rejectedConnections++;
            socket.write(Buffer.buffer("-ERR max number of clients reached\r\n"));
            socket.close();
            return;
        }
        if (deniedByProtectedMode(server.config.protectedMode, server.config.requirepass, conn.remoteHost())) {
            socket.write(Buffer.buffer(DENIED));
            socket.close();
            return;
        }
        Client c = server.newClient(conn);
        c.in.setMaxBulkLen(server.config.protoMaxBulkLen);
        socket.handler(buf -> onData(c, buf));
        socket.closeHandler(v -> server.removeClient(c));
        socket.exceptionHandler(e -> log.debug("client {} error: {}", c.id, e.getMessage()));
    }

    /**
     * Redis 7.0's protected-mode rule: with no password for the default user, only clients whose
     * address is exactly 127.0.0.1 or ::1 are accepted (not the rest of 127.0.0.0/8).
     */
    static boolean deniedByProtectedMode(boolean protectedMode, String requirepass, String remoteHost) {
        if (!protectedMode || !requirepass.isEmpty()) return false;
        return !(remoteHost == null || remoteHost.equals("127.0.0.1") || remoteHost.equals("::1")
                || remoteHost.equals("0:0:0:0:0:0:0:1"));
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
