package vigil.sentinel.server;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import vigil.client.BlockingClient;
import vigil.sentinel.SentinelHost;
import vigil.sentinel.conf.SentinelConf;
import vigil.sentinel.core.Action;
import vigil.sentinel.core.Addr;
import vigil.sentinel.core.SentinelBrain;
import vigil.sentinel.core.SentinelSettings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A fake sentinel runtime for the command-server tests: a real {@link SentinelBrain} and a real
 * {@link SentinelServer} on one Vert.x context, a settable clock, actions carried out the way the
 * runtime does (Persist rewrites the conf, Event is published), everything else recorded.
 */
public final class TestSentinel implements SentinelHost, AutoCloseable {
    public final Vertx vertx = Vertx.vertx();
    public final Context context = vertx.getOrCreateContext();
    public final SentinelBrain brain;
    public final SentinelServer server;
    public final Path confFile;
    public final SentinelConf conf;
    public final List<Action> executed = new ArrayList<>();
    public volatile long clock = 1_000_000;
    public volatile boolean shutdownCalled;
    public volatile int flushes;

    private TestSentinel(Path confFile, String requirepass) throws Exception {
        this.confFile = confFile;
        SentinelSettings settings = new SentinelSettings();
        brain = new SentinelBrain(settings);
        conf = SentinelConf.load(confFile.toString(), List.of(), brain, clock);
        brain.ensureMyId();
        brain.drainActions();
        SentinelConf.rewrite(confFile, conf, brain);
        server = new SentinelServer(vertx, this);
        call(() -> server.listen(0, List.of("127.0.0.1"), requirepass).toCompletionStage().toCompletableFuture());
    }

    /** A sentinel whose conf holds {@code confLines}, in a fresh temp directory. */
    public static TestSentinel withPassword(String requirepass, String... confLines) throws Exception {
        Path dir = Files.createTempDirectory("vigil-sentinel");
        Path f = dir.resolve("sentinel.conf");
        Files.writeString(f, String.join("\n", confLines) + "\n");
        return new TestSentinel(f, requirepass);
    }

    public static TestSentinel start(String... confLines) throws Exception {
        return withPassword(null, confLines);
    }

    /** Runs {@code r} on the sentinel's event loop and waits. */
    public void onLoop(Runnable r) {
        call(() -> {
            r.run();
            return CompletableFuture.completedFuture(null);
        });
    }

    public <T> T call(Supplier<CompletableFuture<T>> s) {
        CompletableFuture<T> out = new CompletableFuture<>();
        context.runOnContext(v -> s.get().whenComplete((t, e) -> {
            if (e != null) out.completeExceptionally(e);
            else out.complete(t);
        }));
        try {
            return out.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public BlockingClient client() throws IOException {
        return new BlockingClient("127.0.0.1", server.port(), 10_000);
    }

    public int port() {
        return server.port();
    }

    @Override
    public SentinelBrain brain() {
        return brain;
    }

    @Override
    public long now() {
        return clock;
    }

    @Override
    public void runActions() {
        for (Action a : brain.drainActions()) {
            executed.add(a);
            try {
                if (a instanceof Action.Persist) flushConfig();
                else if (a instanceof Action.Event e) server.publish(e.type(), e.message());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Override
    public void flushConfig() throws IOException {
        flushes++;
        SentinelConf.rewrite(confFile, conf, brain);
    }

    @Override
    public SentinelBrain.DownAnswer isMasterDownByAddr(Addr addr, long epoch, String runId) {
        SentinelBrain.DownAnswer a = brain.isMasterDownByAddr(addr, epoch, runId, clock);
        runActions();
        return a;
    }

    @Override
    public String configFile() {
        return confFile.toString();
    }

    @Override
    public void shutdown() {
        shutdownCalled = true;
    }

    @Override
    public void close() {
        try {
            call(() -> server.close().toCompletionStage().toCompletableFuture());
        } finally {
            vertx.close();
        }
    }
}
