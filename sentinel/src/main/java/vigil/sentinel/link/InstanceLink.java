package vigil.sentinel.link;

import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.ProtocolVersion;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vigil.sentinel.core.Addr;
import vigil.sentinel.core.Target;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The sentinel's connections to one monitored master or replica (Redis's instanceLink): a command
 * connection (AUTH, CLIENT SETNAME sentinel-&lt;id8&gt;-cmd, then PING / INFO / PUBLISH and the
 * failover transactions) and a pub/sub connection subscribed to {@code __sentinel__:hello}
 * (CLIENT SETNAME sentinel-&lt;id8&gt;-pubsub). Lost connections are retried every reconnect
 * period; the link is "up" while both are connected. Each command has a timeout: an instance
 * that accepts connections but never answers has its connection closed, and so counts as down.
 *
 * <p>Must be created and used on the sentinel's event-loop context: vertx-redis-client then calls
 * back on that same context, so the listener runs on the sentinel's thread.
 */
public final class InstanceLink {
    public static final String HELLO_CHANNEL = "__sentinel__:hello";
    private static final Logger log = LoggerFactory.getLogger(InstanceLink.class);

    private final Vertx vertx;
    private final Context ctx;
    private final Target target;
    private final LinkOptions options;
    private final LinkListener listener;

    private Redis cmdClient;
    private RedisConnection cmd;
    private Redis subClient;
    private RedisConnection sub;
    private boolean connectingCmd;
    private boolean connectingSub;
    private boolean up;
    private boolean closed;
    private int pending;
    private long lastSubActivity;
    private long lastCmdAttempt;
    private long lastSubAttempt;
    /** Connection attempt counters: a completion from an abandoned attempt is ignored. */
    private long cmdAttempt;
    private long subAttempt;
    private final long timerId;
    private String localIp;

    public InstanceLink(Vertx vertx, Target target, LinkOptions options, LinkListener listener) {
        this.vertx = vertx;
        this.ctx = vertx.getOrCreateContext();
        this.target = target;
        this.options = options;
        this.listener = listener;
        connectCmd();
        if (options.pubsub()) connectSub();
        long period = Math.max(100, Math.min(options.reconnectPeriodMs(), 1000));
        this.timerId = vertx.setPeriodic(period, onCtxH(id -> check()));
    }

    public Target target() {
        return target;
    }

    public LinkOptions options() {
        return options;
    }

    public boolean isUp() {
        return up;
    }

    /** Commands sent and not answered yet (SENTINEL MASTER's link-pending-commands). */
    public int pendingCommands() {
        return pending;
    }

    /** The local address this host uses to reach the instance (the hello ip when no announce-ip is set). */
    public String localIp() {
        if (localIp == null) localIp = routeLocalAddress(target.addr());
        return localIp;
    }

    /** Runs {@code h} on the sentinel's context (the client may complete futures on its own). */
    private <T> Handler<AsyncResult<T>> onCtx(Handler<AsyncResult<T>> h) {
        return ar -> {
            if (Vertx.currentContext() == ctx) h.handle(ar);
            else ctx.runOnContext(v -> h.handle(ar));
        };
    }

    private <T> Handler<T> onCtxH(Handler<T> h) {
        return x -> {
            if (Vertx.currentContext() == ctx) h.handle(x);
            else ctx.runOnContext(v -> h.handle(x));
        };
    }

    // ---------------------------------------------------------------- commands

    public void ping() {
        send(Request.cmd(Command.PING)).onComplete(ar -> {
            if (ar.succeeded()) {
                listener.onPingReply(target, true, false);
            } else if (ar.cause() instanceof ReplyError e) {
                String m = e.getMessage();
                boolean valid = m.startsWith("LOADING") || m.startsWith("MASTERDOWN");
                boolean busy = m.startsWith("BUSY");
                listener.onPingReply(target, valid, busy);
            }
            // No reply at all (closed, timed out): nothing to report; the brain sees the silence.
        });
    }

    public void info() {
        send(Request.cmd(Command.INFO)).onSuccess(r -> listener.onInfo(target, r.toString(StandardCharsets.UTF_8)));
    }

    public void publishHello(String payload) {
        send(Request.cmd(Command.PUBLISH).arg(HELLO_CHANNEL).arg(payload));
    }

    /** MULTI, SLAVEOF NO ONE, CONFIG REWRITE, CLIENT KILL TYPE normal, CLIENT KILL TYPE pubsub, EXEC. */
    public void promote() {
        transaction(Request.cmd(Command.SLAVEOF).arg("NO").arg("ONE"));
    }

    /** The same transaction with SLAVEOF host port. */
    public void replicaOf(Addr master) {
        transaction(Request.cmd(Command.SLAVEOF).arg(master.host()).arg(Integer.toString(master.port())));
    }

    /**
     * Zero-loss mode's detach: MULTI, SLAVEOF host port (an address where nothing listens),
     * CONFIG REWRITE, EXEC. No CLIENT KILL: the replica's clients lose nothing by it, and killing
     * our own pub/sub connection would take the link down just before the promotion needs it.
     */
    public void detach(Addr nowhere) {
        if (cmd == null) return;
        sendTransaction(List.of(Request.cmd(Command.MULTI),
                Request.cmd(Command.SLAVEOF).arg(nowhere.host()).arg(Integer.toString(nowhere.port())),
                Request.cmd(Command.CONFIG).arg("REWRITE"), Request.cmd(Command.EXEC)));
    }

    private void transaction(Request slaveof) {
        if (cmd == null) return;
        sendTransaction(List.of(Request.cmd(Command.MULTI), slaveof, Request.cmd(Command.CONFIG).arg("REWRITE"),
                Request.cmd(Command.CLIENT).arg("KILL").arg("TYPE").arg("normal"),
                Request.cmd(Command.CLIENT).arg("KILL").arg("TYPE").arg("pubsub"), Request.cmd(Command.EXEC)));
    }

    private void sendTransaction(List<Request> tx) {
        for (Request r : tx) {
            send(r).onComplete(ar -> {
                if (r.command() == Command.EXEC) log.debug("{} {}: EXEC -> {}", target.kind().word, target.addr(),
                        ar.succeeded() ? ar.result() : ar.cause().getMessage());
            });
        }
    }

    /** Sends on the command connection with the command timeout; fails at once when it is not connected. */
    private Future<Response> send(Request r) {
        RedisConnection c = cmd;
        if (c == null) return Future.failedFuture("link down");
        pending++;
        Promise<Response> p = Promise.promise();
        long timer = vertx.setTimer(options.commandTimeoutMs(), onCtxH(id -> {
            if (p.tryFail("timeout")) {
                log.debug("{} {}: {} timed out, closing the link", target.kind().word, target.addr(), r.command());
                dropCmd(c);
            }
        }));
        c.send(r).onComplete(onCtx(ar -> {
            vertx.cancelTimer(timer);
            if (ar.succeeded()) {
                Response resp = ar.result();
                if (resp != null && resp.type() == ResponseType.ERROR) p.tryFail(new ReplyError(resp.toString()));
                else p.tryComplete(resp);
            } else {
                String m = ar.cause().getMessage();
                p.tryFail(isServerError(m) ? new ReplyError(m) : ar.cause());
            }
        }));
        return p.future().andThen(ar -> pending--);
    }

    /** A -ERR style reply (the client turns error replies into failed futures with the error text). */
    static final class ReplyError extends RuntimeException {
        ReplyError(String message) {
            super(message, null, false, false);
        }
    }

    private static boolean isServerError(String m) {
        if (m == null || m.isEmpty()) return false;
        int sp = m.indexOf(' ');
        String word = sp < 0 ? m : m.substring(0, sp);
        return word.chars().allMatch(ch -> ch >= 'A' && ch <= 'Z') && !m.startsWith("CONNECTION_CLOSED");
    }

    // ---------------------------------------------------------------- connections

    private RedisOptions redisOptions() {
        String host = target.addr().host();
        if (host.indexOf(':') >= 0 && !host.startsWith("[")) host = "[" + host + "]";
        NetClientOptions net = new NetClientOptions().setConnectTimeout((int) options.connectTimeoutMs())
                .setTcpNoDelay(true).setTcpKeepAlive(true);
        return new RedisOptions().setConnectionString("redis://" + host + ":" + target.addr().port())
                .setProtocolNegotiation(false).setPreferredProtocolVersion(ProtocolVersion.RESP2)
                .setMaxPoolSize(1).setMaxPoolWaiting(4).setNetClientOptions(net);
    }

    private void connectCmd() {
        if (closed || connectingCmd || cmd != null) return;
        connectingCmd = true;
        lastCmdAttempt = System.currentTimeMillis();
        Redis client = Redis.createClient(vertx, redisOptions());
        long attempt = ++cmdAttempt;
        vertx.setTimer(options.connectTimeoutMs() + options.commandTimeoutMs(), onCtxH(id -> {
            if (connectingCmd && cmdAttempt == attempt) {
                connectingCmd = false;
                cmdAttempt++;
                client.close();
                log.debug("{} {}: connect timed out", target.kind().word, target.addr());
            }
        }));
        client.connect().onComplete(onCtx(ar -> {
            if (cmdAttempt != attempt) {
                if (ar.succeeded()) client.close();
                return;
            }
            connectingCmd = false;
            if (closed || ar.failed()) {
                client.close();
                if (ar.failed()) log.debug("{} {}: connect failed: {}", target.kind().word, target.addr(), ar.cause().getMessage());
                return;
            }
            RedisConnection c = ar.result();
            cmdClient = client;
            cmd = c;
            c.exceptionHandler(onCtxH(e -> dropCmd(c)));
            c.endHandler(onCtxH(v -> dropCmd(c)));
            if (options.authPass() != null) {
                Request auth = options.authUser() != null
                        ? Request.cmd(Command.AUTH).arg(options.authUser()).arg(options.authPass())
                        : Request.cmd(Command.AUTH).arg(options.authPass());
                send(auth);
            }
            send(Request.cmd(Command.CLIENT).arg("SETNAME").arg("sentinel-" + options.id8() + "-cmd"));
            updateUp();
        }));
    }

    private void connectSub() {
        if (closed || connectingSub || sub != null) return;
        connectingSub = true;
        lastSubAttempt = System.currentTimeMillis();
        Redis client = Redis.createClient(vertx, redisOptions());
        long attempt = ++subAttempt;
        vertx.setTimer(options.connectTimeoutMs() + options.commandTimeoutMs(), onCtxH(id -> {
            if (connectingSub && subAttempt == attempt) {
                connectingSub = false;
                subAttempt++;
                client.close();
            }
        }));
        client.connect().onComplete(onCtx(ar -> {
            if (subAttempt != attempt) {
                if (ar.succeeded()) client.close();
                return;
            }
            connectingSub = false;
            if (closed || ar.failed()) {
                client.close();
                return;
            }
            RedisConnection c = ar.result();
            subClient = client;
            sub = c;
            lastSubActivity = System.currentTimeMillis();
            c.exceptionHandler(onCtxH(e -> dropSub(c)));
            c.endHandler(onCtxH(v -> dropSub(c)));
            c.handler(onCtxH(this::onSubMessage));
            if (options.authPass() != null) {
                c.send(options.authUser() != null
                        ? Request.cmd(Command.AUTH).arg(options.authUser()).arg(options.authPass())
                        : Request.cmd(Command.AUTH).arg(options.authPass()));
            }
            c.send(Request.cmd(Command.CLIENT).arg("SETNAME").arg("sentinel-" + options.id8() + "-pubsub"));
            c.send(Request.cmd(Command.SUBSCRIBE).arg(HELLO_CHANNEL)).onComplete(onCtx(s -> {
                if (s.failed()) {
                    log.debug("{} {}: SUBSCRIBE failed: {}", target.kind().word, target.addr(), s.cause().getMessage());
                    dropSub(c);
                }
            }));
            updateUp();
        }));
    }

    private void onSubMessage(Response r) {
        lastSubActivity = System.currentTimeMillis();
        if (r == null || (r.type() != ResponseType.MULTI && r.type() != ResponseType.PUSH) || r.size() < 3) return;
        String kind = r.get(0).toString();
        if ("message".equals(kind) && HELLO_CHANNEL.equals(r.get(1).toString())) {
            listener.onHello(target, r.get(2).toString(StandardCharsets.UTF_8));
        }
    }

    private void dropCmd(RedisConnection c) {
        if (cmd != c) return;
        cmd = null;
        Redis client = cmdClient;
        cmdClient = null;
        if (client != null) client.close();
        updateUp();
    }

    private void dropSub(RedisConnection c) {
        if (sub != c) return;
        sub = null;
        Redis client = subClient;
        subClient = null;
        if (client != null) client.close();
        updateUp();
    }

    private void updateUp() {
        boolean now = !closed && cmd != null && (!options.pubsub() || sub != null);
        if (now == up) return;
        up = now;
        if (now) listener.onLinkUp(target);
        else listener.onLinkDown(target);
    }

    /** Periodic: reconnect lost connections, recycle a silent pub/sub connection. */
    private void check() {
        if (closed) return;
        long now = System.currentTimeMillis();
        if (cmd == null && !connectingCmd && now - lastCmdAttempt >= options.reconnectPeriodMs()) connectCmd();
        if (options.pubsub()) {
            if (sub == null && !connectingSub && now - lastSubAttempt >= options.reconnectPeriodMs()) connectSub();
            else if (sub != null && cmd != null && now - lastSubActivity > options.pubsubIdleMs()) {
                log.debug("{} {}: pub/sub link idle, reconnecting", target.kind().word, target.addr());
                dropSub(sub);
            }
        }
    }

    /** Closes both connections and reconnects (Redis's instanceLinkCloseConnection). */
    public void reset() {
        if (cmd != null) dropCmd(cmd);
        if (sub != null) dropSub(sub);
        lastCmdAttempt = 0;
        lastSubAttempt = 0;
        localIp = null;
        check();
    }

    public void close() {
        if (closed) return;
        closed = true;
        vertx.cancelTimer(timerId);
        if (cmdClient != null) cmdClient.close();
        if (subClient != null) subClient.close();
        cmd = null;
        sub = null;
        up = false;
    }

    /** The source address the OS picks to reach {@code addr} (no packet is sent). */
    static String routeLocalAddress(Addr addr) {
        try (DatagramSocket s = new DatagramSocket()) {
            s.connect(new InetSocketAddress(InetAddress.getByName(addr.host()), addr.port()));
            InetAddress local = s.getLocalAddress();
            if (local == null || local.isAnyLocalAddress()) return null;
            return local.getHostAddress();
        } catch (Exception e) {
            return null;
        }
    }
}
