package vigil.server.support;

import vigil.server.node.VigilServer;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * A deterministic {@link VigilServer.Scheduler} for bare unit tests: nothing runs until the test
 * says so ({@link #runPending}, {@link #runDue}); timers are due by the given clock.
 */
public final class ManualScheduler implements VigilServer.Scheduler {
    private final LongSupplier clock;
    private final List<Runnable> pending = new ArrayList<>();
    private final TreeMap<Long, Timer> timers = new TreeMap<>();
    private long nextId = 1;

    private record Timer(long due, Runnable task) {
    }

    public ManualScheduler(LongSupplier clock) {
        this.clock = clock;
    }

    @Override
    public long setTimer(long delayMs, Runnable task) {
        long id = nextId++;
        timers.put(id, new Timer(clock.getAsLong() + Math.max(1, delayMs), task));
        return id;
    }

    @Override
    public void cancelTimer(long id) {
        timers.remove(id);
    }

    @Override
    public void runLater(Runnable task) {
        pending.add(task);
    }

    /** Runs the tasks queued so far (and those they queue), in order. */
    public void runPending() {
        while (!pending.isEmpty()) pending.remove(0).run();
    }

    /** Runs the timers due by the clock now. */
    public void runDue() {
        long now = clock.getAsLong();
        for (Iterator<Timer> it = timers.values().iterator(); it.hasNext(); ) {
            Timer t = it.next();
            if (t.due() <= now) {
                it.remove();
                t.task().run();
            }
        }
    }
}
