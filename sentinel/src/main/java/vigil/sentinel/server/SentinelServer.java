package vigil.sentinel.server;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vigil.sentinel.SentinelHost;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sentinel's RESP server: Redis 7.0's sentinel-mode command table (SENTINEL *, PING, INFO,
 * ROLE, AUTH, HELLO, CLIENT, SUBSCRIBE/PSUBSCRIBE/UNSUBSCRIBE/PUNSUBSCRIBE, SHUTDOWN, COMMAND...),
 * RESP2 and RESP3, and the pub/sub on which events are published.
 *
 * <p>Everything runs on the event loop of the context that calls {@link #listen} (the sentinel's):
 * connections, commands, and {@link #publish}, which callers must also call from that context.
 */
public final class SentinelServer {
    private static final Logger log = LoggerFactory.getLogger(SentinelServer.class);
    static final int MAX_CLIENTS = 10_000;

    private final Vertx vertx;
    final SentinelHost host;
    final Map<Long, SentinelConnection> clients = new LinkedHashMap<>();
    final SentinelPubSub pubsub = new SentinelPubSub();
    final SentinelTimings timings = new SentinelTimings();
    final Stats stats = new Stats();
    /** INFO's run_id: this process's id (distinct from the sentinel's persisted myid, as in Redis). */
    final String runId;
    final long startMillis = System.currentTimeMillis();
    private final List<NetServer> listeners = new ArrayList<>();
    private long nextClientId = 1;
    private int boundPort;
    String requirepass;

    /** Counters for INFO stats. */
    static final class Stats {
        long connectionsReceived;
        long commandsProcessed;
        long netInputBytes;
        long netOutputBytes;
        long rejectedConnections;
        long errorReplies;
    }

    public SentinelServer(Vertx vertx, SentinelHost host) {
        this.vertx = vertx;
        this.host = host;
        byte[] b = new byte[20];
        new SecureRandom().nextBytes(b);
        StringBuilder sb = new StringBuilder();
        for (byte x : b) sb.append(String.format("%02x", x & 0xff));
        this.runId = sb.toString();
    }

    /** Listens on every bind address (all interfaces when empty). */
    public Future<Void> listen(int port, List<String> bind, String requirepass) {
        this.requirepass = requirepass == null || requirepass.isEmpty() ? null : requirepass;
        List<String> hosts = new ArrayList<>();
        for (String b : bind.isEmpty() ? List.of("0.0.0.0") : bind) {
            boolean optional = b.startsWith("-");
            String h = optional ? b.substring(1) : b;
            if (h.equals("*")) h = "0.0.0.0";
            if (h.equals("::*")) h = "::";
            if (!hosts.contains(h)) hosts.add(optional ? "-" + h : h);
        }
        Future<Void> chain = Future.succeededFuture();
        for (String h : hosts) chain = chain.compose(v -> bind(h, port));
        return chain;
    }

    private Future<Void> bind(String h, int port) {
        boolean optional = h.startsWith("-");
        String hostName = optional ? h.substring(1) : h;
        NetServerOptions opts = new NetServerOptions().setTcpNoDelay(true).setReuseAddress(true);
        NetServer ns = vertx.createNetServer(opts).connectHandler(this::accept);
        Future<Void> f = ns.listen(boundPort != 0 ? boundPort : port, hostName).map(s -> {
            listeners.add(s);
            if (boundPort == 0) boundPort = s.actualPort();
            return null;
        });
        if (optional) {
            f = f.recover(e -> {
                log.warn("Could not bind optional address {}: {}", hostName, e.getMessage());
                return Future.succeededFuture();
            });
        }
        return f;
    }

    private CommandTable table;

    CommandTable commands() {
        if (table == null) {
            table = new CommandTable(new SentinelCommands(this), new ConnectionCommands(this),
                    new ClientCommands(this), pubsub);
        }
        return table;
    }

    /** SENTINEL DEBUG's time parameters. */
    public SentinelTimings timings() {
        return timings;
    }

    /** The port actually bound (differs from the one asked when it was 0). */
    public int port() {
        return boundPort;
    }

    /** CONFIG-style change of the password clients must AUTH with (null or empty: none). */
    public void setRequirepass(String requirepass) {
        this.requirepass = requirepass == null || requirepass.isEmpty() ? null : requirepass;
    }

    private void accept(NetSocket socket) {
        stats.connectionsReceived++;
        if (clients.size() >= MAX_CLIENTS) {
            stats.rejectedConnections++;
            socket.write(io.vertx.core.buffer.Buffer.buffer("-ERR max number of clients reached\r\n"));
            socket.close();
            return;
        }
        SentinelConnection c = new SentinelConnection(this, nextClientId++, socket);
        clients.put(c.id, c);
    }

    void removed(SentinelConnection c) {
        clients.remove(c.id);
        pubsub.unsubscribeAll(c);
    }

    /** Publishes {@code message} on {@code channel} to this sentinel's subscribers (events, +switch-master...). */
    public void publish(String channel, String message) {
        pubsub.publish(channel, message);
    }

    /** How many clients are subscribed to channels or patterns (tests, INFO). */
    public int subscribers() {
        return pubsub.subscribedClients();
    }

    public Future<Void> close() {
        List<Future<Void>> closes = new ArrayList<>();
        for (NetServer s : listeners) closes.add(s.close());
        listeners.clear();
        for (SentinelConnection c : new ArrayList<>(clients.values())) c.close();
        return Future.all(closes).mapEmpty();
    }
}
