package vigil.sentinel.runtime;

import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Runs notification and client-reconfig scripts as Redis's sentinelRunPendingScripts does: on a
 * worker thread, at most 16 at once, killed after 60 s (SENTINEL_SCRIPT_MAX_RUNTIME). An exit code
 * of 1 is retried up to 10 times with Redis's growing delay (30 s doubling); other failures are
 * reported once. {@code events} gets (type, message) for -script-error / -script-timeout, on the
 * caller's context.
 */
final class ScriptRunner {
    static final long MAX_RUNTIME_MS = 60_000;
    static final int MAX_RUNNING = 16;
    static final int MAX_RETRY = 10;
    static final long RETRY_DELAY_MS = 30_000;
    private static final Logger log = LoggerFactory.getLogger(ScriptRunner.class);

    private final Vertx vertx;
    private final BiConsumer<String, String> events;
    private final long maxRuntimeMs;
    private int running;

    ScriptRunner(Vertx vertx, BiConsumer<String, String> events) {
        this(vertx, events, MAX_RUNTIME_MS);
    }

    /** {@code maxRuntimeMs}: Redis's 60 s, shorter in tests. */
    ScriptRunner(Vertx vertx, BiConsumer<String, String> events, long maxRuntimeMs) {
        this.vertx = vertx;
        this.events = events;
        this.maxRuntimeMs = maxRuntimeMs;
    }

    int running() {
        return running;
    }

    /** Call on the sentinel's context. */
    void run(List<String> argv) {
        run(argv, 0);
    }

    private void run(List<String> argv, int retry) {
        if (running >= MAX_RUNNING) {
            log.warn("Too many scripts running, not running {}", argv.get(0));
            return;
        }
        running++;
        vertx.<Integer>executeBlocking(() -> {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(maxRuntimeMs, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        }, false).onComplete(ar -> {
            running--;
            String script = argv.get(0);
            if (ar.failed()) {
                events.accept("-script-error", script + " " + 99 + " " + 0);
                log.warn("Script {} could not start: {}", script, ar.cause().getMessage());
            } else if (ar.result() == -1) {
                events.accept("-script-timeout", script + " " + 0);
            } else if (ar.result() == 1 && retry + 1 < MAX_RETRY) {
                long delay = RETRY_DELAY_MS << Math.min(retry, 10);
                vertx.setTimer(delay, id -> run(argv, retry + 1));
            } else if (ar.result() != 0) {
                events.accept("-script-error", script + " " + ar.result() + " 0");
            }
        });
    }
}
