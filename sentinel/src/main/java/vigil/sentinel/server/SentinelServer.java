package vigil.sentinel.server;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServerOptions;
import vigil.resp.server.client.ClientRegistry;
import vigil.resp.server.connection.ConnectionCommands;
import vigil.resp.server.dispatch.CommandFront;
import vigil.resp.server.dispatch.PubSubContextRule;
import vigil.resp.server.net.SocketConnection;
import vigil.resp.server.net.SocketHost;
import vigil.resp.server.pubsub.Subscriptions;
import vigil.sentinel.SentinelHost;
import vigil.util.Bytes;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sentinel's RESP server: the shared socket host and RESP core (command front, connection
 * commands, CLIENT, pub/sub) over Redis 7.0's sentinel-mode command set ({@link SentinelModeCommands}),
 * RESP2 and RESP3, and the pub/sub on which events are published.
 *
 * <p>Everything runs on the event loop of the context that calls {@link #listen} (the sentinel's):
 * connections, commands, and {@link #publish}, which callers must also call from that context.
 */
public final class SentinelServer extends SocketHost<SentinelConnection>
        implements ConnectionCommands.Host, ClientRegistry<SentinelConnection> {
    static final int MAX_CLIENTS = 10_000;

    final SentinelHost host;
    final Map<Long, SentinelConnection> clients = new LinkedHashMap<>();
    final Subscriptions<SentinelConnection> subscriptions = new Subscriptions<>(SentinelServer::flush);
    final SentinelTimings timings = new SentinelTimings();
    final Stats stats = new Stats();
    /** INFO's run_id: this process's id (distinct from the sentinel's persisted myid, as in Redis). */
    final String runId;
    final long startMillis = System.currentTimeMillis();
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
        super(vertx);
        this.host = host;
        byte[] b = new byte[20];
        new SecureRandom().nextBytes(b);
        this.runId = HexFormat.of().formatHex(b);
    }

    /** Listens on every bind address (all interfaces when empty). */
    public Future<Void> listen(int port, List<String> bind, String requirepass) {
        setRequirepass(requirepass);
        return listen(bind.isEmpty() ? List.of("*") : bind, port,
                new NetServerOptions().setTcpNoDelay(true).setReuseAddress(true));
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
        close(victim);
    }

    @Override
    public long now() {
        return System.currentTimeMillis();
    }

    @Override
    protected int clientCount() {
        return clients.size();
    }

    @Override
    protected int maxClients() {
        return MAX_CLIENTS;
    }

    @Override
    protected void rejected() {
        stats.connectionsReceived++;
        stats.rejectedConnections++;
    }

    @Override
    protected SentinelConnection open(SocketConnection conn) {
        stats.connectionsReceived++;
        SentinelConnection c = new SentinelConnection(this, nextClientId++, conn);
        clients.put(c.id, c);
        return c;
    }

    @Override
    protected void closed(SentinelConnection c) {
        c.closed = true;
        clients.remove(c.id);
        subscriptions.forget(c);
    }

    @Override
    protected void received(int bytes) {
        stats.netInputBytes += bytes;
    }

    @Override
    protected void process(SentinelConnection c) {
        c.runRequests(c::execute);
        flush(c);
        if (c.closeAfterReply) close(c);
    }

    /** Writes the client's pending replies with one socket write. */
    private static void flush(SentinelConnection c) {
        if (c.out.isEmpty() || c.closed) return;
        byte[] b = c.out.drain();
        c.server.stats.netOutputBytes += b.length;
        c.conn.write(b);
    }

    private void close(SentinelConnection c) {
        if (c.closed) return;
        closed(c);
        c.conn.close();
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
        Future<Void> closed = stopListening();
        for (SentinelConnection c : new ArrayList<>(clients.values())) close(c);
        return closed;
    }
}
