package vigil.sentinel.runtime;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vigil.config.ConfError;
import vigil.sentinel.SentinelHost;
import vigil.sentinel.conf.SentinelConf;
import vigil.sentinel.core.Action;
import vigil.sentinel.core.Addr;
import vigil.sentinel.core.Hello;
import vigil.sentinel.core.Instance;
import vigil.sentinel.core.MasterState;
import vigil.sentinel.core.PeerState;
import vigil.sentinel.core.ReplicaState;
import vigil.sentinel.core.SentinelBrain;
import vigil.sentinel.core.SentinelSettings;
import vigil.sentinel.core.Target;
import vigil.sentinel.link.LinkListener;
import vigil.sentinel.peers.PeerDirectory;
import vigil.sentinel.peers.PeerGroup;
import vigil.sentinel.peers.PeerListener;
import vigil.sentinel.peers.PeerOptions;
import vigil.sentinel.server.SentinelServer;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A running sentinel: one Vert.x event loop owns the brain, the command server and the links;
 * the Hazelcast group's callbacks hop onto it. Every 100 ms the brain ticks; after every event
 * (tick, link reply, peer message, command) the queued actions are drained and carried out in
 * order by {@link ActionExecutor}. Implements {@link SentinelHost} for the command server.
 */
public final class SentinelRuntime implements SentinelHost, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SentinelRuntime.class);

    final Vertx vertx;
    final Context ctx;
    final RuntimeOptions options;
    SentinelBrain brain;
    SentinelConf conf;
    SentinelServer server;
    final Links links;
    final PeerDirectory directory;
    volatile PeerGroup peers;
    final ActionExecutor executor;
    /** SENTINEL SIMULATE-FAILURE's crash: exit(99) as Redis; tests replace it. */
    volatile Runnable simulatedCrash = () -> Runtime.getRuntime().halt(99);
    private long tickTimer = -1;
    private long downTimer = -1;
    private long downTimerAt;
    private long lastPeerRefresh;
    private boolean closing;
    private final CompletableFuture<Void> peersStarted = new CompletableFuture<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();

    private SentinelRuntime(RuntimeOptions options) {
        this.options = options;
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(4));
        this.ctx = vertx.getOrCreateContext();
        this.directory = new PeerDirectory(options.portOffset(), options.explicitMembers());
        this.links = new Links(this);
        this.executor = new ActionExecutor(this);
    }

    /**
     * Loads the conf, generates and persists a missing myid, listens, joins the peer group (in the
     * background) and starts the timer. Conf errors come out as {@link ConfError} (Redis's FATAL texts).
     */
    public static SentinelRuntime start(String confFile, List<String> args, RuntimeOptions options) throws Exception {
        SentinelRuntime rt = new SentinelRuntime(options);
        try {
            rt.onLoop(() -> {
                rt.load(confFile, args);
                return null;
            });
            rt.server = new SentinelServer(rt.vertx, rt);
            rt.onLoopFuture(() -> rt.server.listen(rt.conf.port, rt.conf.bind, rt.conf.requirepass));
            rt.onLoop(() -> {
                rt.startPeers();
                rt.tickTimer = rt.vertx.setPeriodic(options.tickMs(), id -> rt.tick());
                rt.runActions();
                return null;
            });
        } catch (Exception e) {
            rt.vertx.close();
            throw e instanceof java.util.concurrent.ExecutionException && e.getCause() instanceof Exception c ? c : e;
        }
        log.info("Running mode=sentinel, port={}.", rt.conf.port);
        log.info("Sentinel ID is {}", rt.brain.settings.myId);
        return rt;
    }

    private void load(String confFile, List<String> args) throws ConfError, IOException {
        brain = new SentinelBrain(new SentinelSettings());
        conf = SentinelConf.load(confFile, args, brain, now());
        brain.settings.port = conf.port;
        if (brain.settings.myId == null || brain.settings.myId.isEmpty()) {
            brain.settings.myId = newRunId();
            flushConfig();
        }
    }

    /** 40 random hex characters, as Redis's getRandomHexChars. */
    static String newRunId() {
        byte[] b = new byte[20];
        new SecureRandom().nextBytes(b);
        StringBuilder sb = new StringBuilder();
        for (byte x : b) sb.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
        return sb.toString();
    }

    private void startPeers() {
        int hzPort = options.hazelcastPort() > 0 ? options.hazelcastPort() : conf.port + options.portOffset();
        String bindHost = conf.bind.stream().filter(b -> !b.equals("*") && !b.startsWith("-") && !b.equals("::*"))
                .findFirst().orElse(null);
        PeerOptions po = PeerOptions.defaults(brain.settings.myId, bindHost, hzPort).withClusterName(options.groupName())
                .withExplicitMembers(options.explicitMembers());
        String announce = brain.settings.announceIp;
        if (announce != null && !announce.isEmpty()) po = po.withPublicHost(announce);
        PeerOptions finalPo = po;
        vertx.<PeerGroup>executeBlocking(() -> PeerGroup.start(finalPo, directory, new PeerEvents(), this::hop), false)
                .onComplete(ar -> {
                    if (ar.failed()) {
                        // E.g. the port is taken: run without peers for now and try again in 5 s.
                        log.warn("Could not start the sentinel peer group on port {}: {} (retrying in 5 s)", hzPort,
                                ar.cause().toString());
                        if (!closing) vertx.setTimer(5000, id -> {
                            if (!closing) startPeers();
                        });
                    } else if (closing) {
                        ar.result().close();
                    } else {
                        peers = ar.result();
                        peersStarted.complete(null);
                    }
                });
    }

    void hop(Runnable r) {
        ctx.runOnContext(v -> r.run());
    }

    /** The timer (Redis's sentinelTimer): tick the brain, keep links and the peer directory in step, act. */
    void tick() {
        if (closing) return;
        long now = now();
        brain.tick(now);
        if (now - lastPeerRefresh >= 1000) {
            lastPeerRefresh = now;
            for (MasterState m : brain.masters.values()) {
                for (PeerState p : m.sentinels.values()) directory.addSentinel(p.addr.host(), p.addr.port());
            }
            PeerGroup g = peers;
            if (g != null) brain.onPeersAlive(g.aliveRunIds(), now);
        }
        runActions();
    }

    // ---------------------------------------------------------------- SentinelHost

    @Override
    public SentinelBrain brain() {
        return brain;
    }

    @Override
    public long now() {
        return System.currentTimeMillis();
    }

    @Override
    public void runActions() {
        if (closing) return;
        links.reconcile();
        for (int round = 0; round < 16; round++) {
            List<Action> actions = brain.drainActions();
            if (actions.isEmpty()) break;
            for (Action a : actions) {
                if (closing) return;
                try {
                    executor.execute(a);
                } catch (RuntimeException e) {
                    log.warn("Action {} failed: {}", a, e.toString());
                }
            }
            links.reconcile();
        }
        links.updatePending();
        scheduleDownCheck();
    }

    /**
     * Vigil: when an instance would reach down-after-milliseconds before the next 100 ms tick,
     * tick exactly then (S_DOWN on time instead of up to a tick late). Costs one timer per
     * instance going down, nothing while all instances answer.
     */
    private void scheduleDownCheck() {
        long deadline = brain.nextDownDeadline();
        if (deadline == Long.MAX_VALUE) return;
        long now = now();
        // Past deadlines (e.g. in TILT, where S_DOWN is not checked) are left to the regular tick.
        if (deadline <= now || deadline - now >= options.tickMs()) return;
        if (downTimer >= 0) {
            if (downTimerAt <= deadline) return;
            vertx.cancelTimer(downTimer);
        }
        downTimerAt = deadline;
        downTimer = vertx.setTimer(deadline - now, id -> {
            downTimer = -1;
            tick();
        });
    }

    @Override
    public void flushConfig() throws IOException {
        SentinelConf.rewrite(conf.file, conf, brain);
    }

    @Override
    public SentinelBrain.DownAnswer isMasterDownByAddr(Addr addr, long epoch, String runId) {
        SentinelBrain.DownAnswer a = brain.isMasterDownByAddr(addr, epoch, runId, now());
        runActions();
        return a;
    }

    @Override
    public String configFile() {
        return conf.file.toString();
    }

    /** SHUTDOWN from a client (on the event loop): the conf was flushed by the server; stop off the loop. */
    @Override
    public void shutdown() {
        Thread t = new Thread(this::close, "vigil-sentinel-shutdown");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public int runningScripts() {
        return executor.scripts.running();
    }

    public SentinelConf conf() {
        return conf;
    }

    public Vertx vertx() {
        return vertx;
    }

    /** The listening port of the command server. */
    public int port() {
        return conf.port;
    }

    /** Completes once the peer group is up (it is retried every 5 s while it cannot start). */
    public CompletableFuture<Void> peersStarted() {
        return peersStarted;
    }

    public PeerGroup peers() {
        return peers;
    }

    // ---------------------------------------------------------------- events from links and peers

    final LinkListener linkEvents = new LinkListener() {
        @Override
        public void onLinkUp(Target t) {
            if (closing) return;
            brain.onLinkUp(t, now());
            runActions();
        }

        @Override
        public void onLinkDown(Target t) {
            if (closing) return;
            brain.onLinkDown(t, now());
            runActions();
        }

        @Override
        public void onPingReply(Target t, boolean valid, boolean busy) {
            if (closing) return;
            brain.onPingReply(t, valid, busy, now());
            runActions();
        }

        @Override
        public void onInfo(Target t, String info) {
            if (closing) return;
            brain.onInfo(t, info, now());
            runActions();
        }

        @Override
        public void onHello(Target t, String payload) {
            if (closing) return;
            learnPeer(payload);
            brain.onHello(payload, now());
            runActions();
        }
    };

    private void learnPeer(String payload) {
        Hello h = Hello.parse(payload);
        if (h != null && !h.runId().equals(brain.settings.myId)) directory.addSentinel(h.ip(), h.port());
    }

    /** The peer group's callbacks (already on the event loop through {@link #hop}). */
    private final class PeerEvents implements PeerListener {
        @Override
        public void onPeersAlive(Set<String> runIds) {
            if (closing) return;
            brain.onPeersAlive(runIds, now());
            runActions();
        }

        @Override
        public void onHello(String payload) {
            onHello(payload, -1);
        }

        @Override
        public void onHello(String payload, long voteEpoch) {
            if (closing) return;
            learnPeer(payload);
            brain.onGroupHello(payload, voteEpoch, now());
            runActions();
        }

        @Override
        public void onBeat(String peerRunId) {
            if (closing) return;
            brain.onPeerBeat(peerRunId, now());
        }

        @Override
        public void onQuestion(String fromRunId, String master, Addr addr, long epoch, String runId,
                               Consumer<SentinelBrain.DownAnswer> reply) {
            if (closing) return;
            reply.accept(isMasterDownByAddr(addr, epoch, runId));
            if (closing) return;
            // The asker holds the master S_DOWN: count that now (O_DOWN within ms of the last S_DOWN).
            brain.onPeerAsked(master, addr, fromRunId, now());
            runActions();
        }

        @Override
        public void onAnswer(String master, String peerRunId, boolean down, String leaderRunId, long leaderEpoch) {
            if (closing) return;
            brain.onPeerReply(master, peerRunId, down, leaderRunId, leaderEpoch, now());
            runActions();
        }
    }

    /** The instance a link talks to, or null when the brain no longer knows it. */
    Instance instance(Target t) {
        MasterState m = brain.masters.get(t.master());
        if (m == null) return null;
        return switch (t.kind()) {
            case MASTER -> m.addr.equals(t.addr()) ? m : null;
            case REPLICA -> {
                ReplicaState r = m.replicas.get(t.addr());
                yield r;
            }
            case SENTINEL -> null;
        };
    }

    // ---------------------------------------------------------------- lifecycle

    <T> T onLoop(Callable<T> c) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        ctx.runOnContext(v -> {
            try {
                f.complete(c.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        try {
            return f.get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof Exception x) throw x;
            throw e;
        }
    }

    private void onLoopFuture(Callable<io.vertx.core.Future<Void>> c) throws Exception {
        CompletableFuture<Void> f = new CompletableFuture<>();
        ctx.runOnContext(v -> {
            try {
                c.call().onComplete(ar -> {
                    if (ar.succeeded()) f.complete(null);
                    else f.completeExceptionally(ar.cause());
                });
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        try {
            f.get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof Exception x) throw x;
            throw e;
        }
    }

    /** Runs {@code c} on the sentinel's thread and waits (tests, admin tools). */
    public <T> T call(Callable<T> c) throws Exception {
        return onLoop(c);
    }

    /** Completes when the sentinel has stopped. */
    public CompletableFuture<Void> closed() {
        return closed;
    }

    @Override
    public void close() {
        if (closed.isDone()) return;
        try {
            onLoop(() -> {
                closing = true;
                if (tickTimer >= 0) vertx.cancelTimer(tickTimer);
                links.closeAll();
                return null;
            });
        } catch (Exception e) {
            log.debug("close: {}", e.toString());
        }
        PeerGroup g = peers;
        if (g != null) g.close();
        try {
            if (server != null) server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.debug("close server: {}", e.toString());
        }
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.debug("close vertx: {}", e.toString());
        }
        closed.complete(null);
    }

    /** SIMULATE-FAILURE: stop acting at once (nothing after this event runs), then the crash itself. */
    void simulateCrash() {
        closing = true;
        if (tickTimer >= 0) vertx.cancelTimer(tickTimer);
        links.closeAll();
        simulatedCrash.run();
    }

    /** Replaces what SENTINEL SIMULATE-FAILURE crash-after-election/promotion does (tests). */
    public void onSimulatedCrash(Runnable r) {
        simulatedCrash = r;
    }

    /** Test hook: vanish without telling the peer group (as a killed process would). */
    public void crash() {
        PeerGroup g = peers;
        if (g != null) g.crash();
        peers = null;
        close();
    }
}
