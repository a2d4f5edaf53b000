package vigil.resp.server.net;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import vigil.resp.server.client.ClientRegistry;
import vigil.resp.server.session.Connection;
import vigil.resp.server.session.Session;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@link SocketHost} that keeps its own clients: ids from 1 in connection order, the registry
 * CLIENT LIST/KILL see, INFO's connection counters, a whole read's replies written at once, and
 * close-all. For a server without the node's keyspace (the sentinel); the server runs each request.
 */
public abstract class SessionHost<S extends Session> extends SocketHost<S> implements ClientRegistry<S> {
    /** INFO stats' connection counters. */
    public static final class Stats {
        public long connectionsReceived;
        public long rejectedConnections;
        public long netInputBytes;
        public long netOutputBytes;
    }

    public final Stats stats = new Stats();
    private final Map<Long, S> clients = new LinkedHashMap<>();
    private final int maxClients;
    private long nextClientId = 1;

    protected SessionHost(Vertx vertx, int maxClients) {
        super(vertx);
        this.maxClients = maxClients;
    }

    /** A session for a new client. */
    protected abstract S newSession(long id, Connection conn);

    /** Runs one request of a client (Redis's processCommand). */
    protected abstract void execute(S s, byte[][] argv);

    /** What the server keeps about a client that is gone (its subscriptions...). */
    protected void forget(S s) {
    }

    @Override
    public Map<Long, S> clients() {
        return clients;
    }

    @Override
    public long now() {
        return System.currentTimeMillis();
    }

    @Override
    protected boolean full() {
        return clients.size() >= maxClients;
    }

    @Override
    protected void rejected() {
        stats.connectionsReceived++;
        stats.rejectedConnections++;
    }

    @Override
    protected S open(SocketConnection conn) {
        stats.connectionsReceived++;
        S s = newSession(nextClientId++, conn);
        clients.put(s.id, s);
        return s;
    }

    @Override
    protected void closed(S s) {
        s.closed = true;
        clients.remove(s.id);
        forget(s);
    }

    @Override
    protected void received(int bytes) {
        stats.netInputBytes += bytes;
    }

    @Override
    protected void process(S s) {
        s.runRequests(argv -> execute(s, argv));
        flush(s);
        if (s.closeAfterReply) disconnect(s);
    }

    /** Writes the client's pending replies with one socket write. */
    public void flush(S s) {
        if (s.out.isEmpty() || s.closed) return;
        byte[] b = s.out.drain();
        stats.netOutputBytes += b.length;
        s.conn.write(b);
    }

    @Override
    public void disconnect(S s) {
        if (s.closed) return;
        closed(s);
        s.conn.close();
    }

    /** Stops listening and disconnects every client. */
    public Future<Void> close() {
        Future<Void> stopped = stopListening();
        for (S s : new ArrayList<>(clients.values())) disconnect(s);
        return stopped;
    }
}
