package vigil.resp.server.net;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vigil.resp.server.session.Session;

import java.util.List;

/**
 * The socket host of a RESP server (node and sentinel): its listeners, Redis 7.0's accept path
 * (the max-clients refusal, counted as a rejected connection, then the server's own refusal such
 * as protected mode), and each client's socket -> session input loop. The server keeps its client
 * registry, counters and reply flushing behind the hooks.
 */
public abstract class SocketHost<S extends Session> {
    private static final Logger log = LoggerFactory.getLogger(SocketHost.class);
    /** Redis's reply to a connection over maxclients, before closing it. */
    public static final String MAX_CLIENTS_REACHED = "-ERR max number of clients reached\r\n";

    private final Listeners listeners;

    protected SocketHost(Vertx vertx) {
        this.listeners = new Listeners(vertx);
    }

    /** Listens on every address of {@code bind} (Redis's bind rules, see {@link Listeners}). */
    public Future<Void> listen(List<String> bind, int port, NetServerOptions options) {
        return listeners.listen(bind, port, options, this::accept);
    }

    /** The port actually bound (differs from the one asked when it was 0). */
    public int port() {
        return listeners.port();
    }

    /** Stops listening; connected clients stay. */
    public Future<Void> stopListening() {
        return listeners.close();
    }

    /** Whether maxclients clients are connected already. */
    protected abstract boolean full();

    /** A connection refused for being over maxclients (INFO's rejected_connections). */
    protected abstract void rejected();

    /** The server's own refusal line for an admitted socket (protected mode), null to serve it. */
    protected String refusal(SocketConnection conn) {
        return null;
    }

    /** A registered session, with its client id, for an accepted connection. */
    protected abstract S open(SocketConnection conn);

    /** The client's socket closed: forget it. */
    protected abstract void closed(S s);

    /** {@code bytes} read from a client (INFO's total_net_input_bytes). */
    protected abstract void received(int bytes);

    /** Runs the requests buffered in the session's input, and sends their replies. */
    protected abstract void process(S s);

    private void accept(NetSocket socket) {
        SocketConnection conn = new SocketConnection(socket);
        String refusal = MAX_CLIENTS_REACHED;
        if (full()) rejected();
        else refusal = refusal(conn);
        if (refusal != null) {
            socket.write(Buffer.buffer(refusal));
            socket.close();
            return;
        }
        S s = open(conn);
        socket.handler(buf -> {
            if (s.closed) return;
            received(buf.length());
            s.in.append(buf);
            process(s);
        });
        socket.closeHandler(v -> closed(s));
        socket.exceptionHandler(e -> log.debug("client {} error: {}", s.id, e.getMessage()));
    }
}
