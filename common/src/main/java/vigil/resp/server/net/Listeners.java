package vigil.resp.server.net;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * A server's listening sockets, bound by Redis's bind rules: every address of the bind list,
 * "*" for every IPv4 address and "::*" for every IPv6 one, a leading "-" for an address that may
 * be missing (a warning, not a failure). Port 0 resolves once, on the first address, for all.
 * Also Redis 7.0's protected mode.
 */
public final class Listeners {
    private static final Logger log = LoggerFactory.getLogger(Listeners.class);

    /** The reply a client from outside gets in protected mode, before being disconnected. */
    public static final String DENIED = "-DENIED Redis is running in protected mode because protected mode is enabled and no password is set for the default user. In this mode connections are only accepted from the loopback interface. If you want to connect from external computers to Redis you may adopt one of the following solutions: 1) Just disable protected mode sending the command 'CONFIG SET protected-mode no' from the loopback interface by connecting to Redis from the same host the server is running, however MAKE SURE Redis is not publicly accessible from internet if you do so. Use CONFIG REWRITE to make this change permanent. 2) Alternatively you can just disable the protected mode by editing the Redis configuration file, and setting the protected mode option to 'no', and then restarting the server. 3) If you started the server manually just for testing, restart it with the '--protected-mode no' option. 4) Setup a an authentication password for the default user. NOTE: You only need to do one of the above things in order for the server to start accepting connections from the outside.\r\n";

    private final Vertx vertx;
    private final List<NetServer> servers = new ArrayList<>();
    private int boundPort;

    public Listeners(Vertx vertx) {
        this.vertx = vertx;
    }

    /** The port actually bound (differs from the one asked when it was 0). */
    public int port() {
        return boundPort;
    }

    /** Binds every address of {@code bind} one after the other (so that port 0 resolves once). */
    public Future<Void> listen(List<String> bind, int port, NetServerOptions options, Handler<NetSocket> accept) {
        Future<Void> chain = Future.succeededFuture();
        for (String h : hosts(bind)) chain = chain.compose(v -> bind(h, port, options, accept));
        return chain;
    }

    private Future<Void> bind(String h, int port, NetServerOptions options, Handler<NetSocket> accept) {
        boolean optional = h.startsWith("-");
        String host = optional ? h.substring(1) : h;
        NetServer ns = vertx.createNetServer(new NetServerOptions(options)).connectHandler(accept);
        Future<Void> f = ns.listen(boundPort != 0 ? boundPort : port, host).map(s -> {
            servers.add(s);
            if (boundPort == 0) boundPort = s.actualPort();
            return null;
        });
        if (optional) {
            f = f.recover(e -> {
                log.warn("Could not bind optional address {}: {}", host, e.getMessage());
                return Future.succeededFuture();
            });
        }
        return f;
    }

    public Future<Void> close() {
        List<Future<Void>> closes = new ArrayList<>();
        for (NetServer s : servers) closes.add(s.close());
        servers.clear();
        return Future.all(closes).mapEmpty();
    }

    /** Redis's "bind * -::*": "*" is every IPv4 address, "::*" every IPv6 one (skipped when "*" is present, as one dual-stack socket would clash). */
    public static List<String> hosts(List<String> bind) {
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

    /**
     * Redis 7.0's protected-mode rule: with no password for the default user, only clients whose
     * address is exactly 127.0.0.1 or ::1 are accepted (not the rest of 127.0.0.0/8).
     */
    public static boolean deniedByProtectedMode(boolean protectedMode, String requirepass, String remoteHost) {
        if (!protectedMode || !requirepass.isEmpty()) return false;
        return !(remoteHost == null || remoteHost.equals("127.0.0.1") || remoteHost.equals("::1")
                || remoteHost.equals("0:0:0:0:0:0:0:1"));
    }
}
