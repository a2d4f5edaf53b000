package vigil.server.net;

import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import vigil.server.node.VigilServer;

import java.util.concurrent.TimeUnit;

/**
 * {@link VigilServer.Scheduler} on the node's Vert.x: the node has one event loop, so timers and
 * tasks run on the keyspace thread; the replies a task produced are flushed after it.
 */
public final class EventLoopScheduler implements VigilServer.Scheduler {
    private final VigilServer server;
    private final Vertx vertx;

    public EventLoopScheduler(VigilServer server, Vertx vertx) {
        this.server = server;
        this.vertx = vertx;
    }

    @Override
    public long setTimer(long delayMs, Runnable task) {
        return vertx.setTimer(Math.max(1, delayMs), id -> {
            task.run();
            server.flushPendingWrites();
        });
    }

    @Override
    public void cancelTimer(long id) {
        vertx.cancelTimer(id);
    }

    @Override
    public void runAfterIo(Runnable task) {
        // a Netty scheduled task due now is taken only at the next task pass, after the I/O poll
        ((ContextInternal) vertx.getOrCreateContext()).nettyEventLoop().schedule(() -> runLater(task),
                0, TimeUnit.NANOSECONDS);
    }

    @Override
    public void runLater(Runnable task) {
        vertx.getOrCreateContext().runOnContext(v -> {
            task.run();
            server.flushPendingWrites();
        });
    }
}
