package vigil.sentinel.server;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import vigil.resp.server.client.ClientRegistry;
import vigil.resp.server.connection.ConnectionCommands;
import vigil.resp.server.dispatch.CommandFront;
import vigil.resp.server.dispatch.PubSubContextRule;
import vigil.resp.server.net.Listeners;
import vigil.resp.server.pubsub.Subscriptions;
import vigil.sentinel.SentinelHost;
import vigil.util.Bytes;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sentinel's RESP server: the shared RESP core (command front, connection commands, CLIENT,
 * pub/sub, listeners) over Redis 7.0's sentinel-mode command set ({@link SentinelModeCommands}),
 * RESP2 and RESP3, and the pub/sub on which events are published.
 *
 * <p>Everything runs on the event loop of the context that calls {@link #listen} (the sentinel's):
 * connections, commands, and {@link #publish}, which callers must also call from that context.
 */
public final class SentinelServer implements ConnectionCommands.Host, ClientRegistry<SentinelConnection> {
    static final int MAX_CLIENTS = 10_000;

    private final Vertx vertx;
    final SentinelHost host;
    final Map<Long, SentinelConnection> clients = new LinkedHashMap<>();
    final Subscriptions<SentinelConnection> subscriptions = new Subscriptions<>(SentinelConnection::flush);
    final SentinelTimings timings = new SentinelTimings();
    final Stats stats = new Stats();
    /** INFO's run_id: this process's id (distinct from the sentinel's persisted myid, as in Redis). */
    final String runId;
    final long startMillis = System.currentTimeMillis();
    private final Listeners listeners;
    private long nextClientId = 1;
    private String requirepass = "";
    private CommandFront<SentinelConnection> front;

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
        this.listeners = new Listeners(vertx);
        byte[] b = new byte[20];
        new SecureRandom().nextBytes(b);
        StringBuilder sb = new StringBuilder();
        for (byte x : b) sb.append(String.format("%02x", x & 0xff));
        this.runId = sb.toString();
    }

    /** Listens on every bind address (all interfaces when empty). */
    public Future<Void> listen(int port, List<String> bind, String requirepass) {
        setRequirepass(requirepass);
        return listeners.listen(bind.isEmpty() ? List.of("*") : bind, port,
                new NetServerOptions().setTcpNoDelay(true).setReuseAddress(true), this::accept);
    }

    CommandFront<SentinelConnection> front() {
        if (front == null) {
            front = new CommandFront<>(new SentinelModeCommands(this).table(this), List.of(new PubSubContextRule<>()));
        }
        return front;
    }

    /** SENTINEL DEBUG's time parameters. */
    public SentinelTimings timings() {
        return timings;
    }

    /** The port actually bound (differs from the one asked when it was 0). */
    public int port() {
        return listeners.port();
    }

    /** CONFIG-style change of the password clients must AUTH with (null or empty: none). */
    public void setRequirepass(String requirepass) {
        this.requirepass = requirepass == null ? "" : requirepass;
    }

    @Override
    public String requirepass() {
        return requirepass;
    }

    @Override
    public String mode() {
        return "sentinel";
    }

    @Override
    public String role() {
        return null;
    }

    @Override
    public Map<Long, SentinelConnection> clients() {
        return clients;
    }

    @Override
    public void disconnect(SentinelConnection victim) {
        victim.close();
    }

    @Override
    public long now() {
        return System.currentTimeMillis();
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
        subscriptions.forget(c);
    }

    /** Publishes {@code message} on {@code channel} to this sentinel's subscribers (events, +switch-master...). */
    public void publish(String channel, String message) {
        subscriptions.publish(Bytes.of(channel), Bytes.of(message));
    }

    /** How many clients are subscribed to channels or patterns (tests, INFO). */
    public int subscribers() {
        int n = 0;
        for (SentinelConnection c : clients.values()) if (c.subscribed()) n++;
        return n;
    }

    public Future<Void> close() {
        Future<Void> closed = listeners.close();
        for (SentinelConnection c : new ArrayList<>(clients.values())) c.close();
        return closed;
    }
}
