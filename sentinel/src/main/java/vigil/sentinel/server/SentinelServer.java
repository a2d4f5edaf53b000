package vigil.sentinel.server;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServerOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vigil.resp.server.connection.ConnectionCommands;
import vigil.resp.server.dispatch.CommandFront;
import vigil.resp.server.dispatch.PubSubContextRule;
import vigil.resp.server.net.SessionHost;
import vigil.resp.server.pubsub.Subscriptions;
import vigil.resp.server.session.Connection;
import vigil.resp.server.session.Session;
import vigil.sentinel.SentinelHost;
import vigil.util.Bytes;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

/**
 * The sentinel's RESP server: the shared session host and RESP core (command front, connection
 * commands, CLIENT, pub/sub) over Redis 7.0's sentinel-mode command set ({@link SentinelModeCommands}),
 * RESP2 and RESP3, and the pub/sub on which events are published.
 *
 * <p>Everything runs on the event loop of the context that calls {@link #listen} (the sentinel's):
 * connections, commands, and {@link #publish}, which callers must also call from that context.
 */
public final class SentinelServer extends SessionHost<Session> implements ConnectionCommands.Host {
    private static final Logger log = LoggerFactory.getLogger(SentinelServer.class);
    static final int MAX_CLIENTS = 10_000;

    final SentinelHost host;
    final Subscriptions<Session> subscriptions = new Subscriptions<>(this::flush);
    final SentinelTimings timings = new SentinelTimings();
    long commandsProcessed, errorReplies;
    /** INFO's run_id: this process's id (distinct from the sentinel's persisted myid, as in Redis). */
    final String runId;
    final long startMillis = System.currentTimeMillis();
    private String requirepass = "";
    private CommandFront<Session> front;

    public SentinelServer(Vertx vertx, SentinelHost host) {
        super(vertx, MAX_CLIENTS);
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
    protected Session newSession(long id, Connection conn) {
        Session s = new Session(id, conn, System.currentTimeMillis());
        s.authenticated = requirepass.isEmpty();
        return s;
    }

    @Override
    protected void forget(Session s) {
        subscriptions.forget(s);
    }

    /** processCommand: QUIT first, as Redis 7.0's does, then lookup, subcommand, arity, NOAUTH and the RESP2 pub/sub context. */
    @Override
    protected void execute(Session c, byte[][] argv) {
        commandsProcessed++;
        c.lastInteraction = System.currentTimeMillis();
        if (Bytes.is(argv[0], "quit")) {
            c.out.ok();
            c.closeAfterReply = true;
            return;
        }
        if (front == null) {
            front = new CommandFront<>(new SentinelModeCommands(this).table(), List.of(new PubSubContextRule<>()));
        }
        int mark = c.out.size();
        CommandFront.Verdict<Session> verdict = front.resolve(c, argv);
        String err = verdict.admitted() ? front.admit(c, verdict.cmd(), argv) : verdict.error();
        if (err != null) {
            c.out.error(err);
        } else {
            c.lastCommand = verdict.cmd().fullName();
            try {
                verdict.cmd().handler.execute(c, argv);
            } catch (RuntimeException e) {
                log.warn("command {} failed", c.lastCommand, e);
                c.out.error("ERR " + e);
            }
        }
        if (c.out.size() > mark && c.out.byteAt(mark) == '-') errorReplies++;
        c.applyReplyMode(mark);
    }

    /** Publishes {@code message} on {@code channel} to this sentinel's subscribers (events, +switch-master...). */
    public void publish(String channel, String message) {
        subscriptions.publish(Bytes.of(channel), Bytes.of(message));
    }

    /** How many clients are subscribed to channels or patterns (tests, INFO). */
    public int subscribers() {
        int n = 0;
        for (Session c : clients().values()) if (c.subscribed()) n++;
        return n;
    }

    static String resource(String name) {
        try (InputStream is = SentinelServer.class.getResourceAsStream(name)) {
            if (is == null) throw new IllegalStateException("missing resource " + name);
            return new String(is.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
