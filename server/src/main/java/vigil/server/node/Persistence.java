package vigil.server.node;

import vigil.server.snapshot.SnapshotSink;
import vigil.server.snapshot.SnapshotHandle;
import vigil.server.snapshot.Snapshot;
/**
 * The node's persistence service. For now it runs point-in-time snapshots: {@link #startSnapshot}
 * begins one and drives its slices on the keyspace thread, one slice per 1 ms timer, so
 * clients are served between slices. SAVE/BGSAVE and the RDB file sink come with the RDB issue.
 */
public final class Persistence {
    /** Default slice budget: about this many keys, or this much time, whichever comes first. */
    public static final int SLICE_KEYS = 1000;
    public static final long SLICE_NANOS = 1_000_000;
    /** Pause between slices, in ms, for the clients' turn. */
    public static final long SLICE_PAUSE_MS = 1;

    private final VigilServer server;
    private Snapshot current;
    private int sliceKeys = SLICE_KEYS;
    private long sliceNanos = SLICE_NANOS;
    private boolean autoSlices = true;
    /** The budget was set by {@link #setSliceBudget} (tests): it applies to every snapshot. */
    private boolean customBudget;
    /** The running snapshot's slices are bounded by time only (see {@link #startTimeBoundSnapshot}). */
    private boolean timeBound, nextTimeBound;

    public Persistence(VigilServer server) {
        this.server = server;
    }

    /** Changes the slice budget (tests use tiny slices to interleave many writes with the walk). */
    public void setSliceBudget(int keys, long nanos) {
        this.sliceKeys = Math.max(1, keys);
        this.sliceNanos = Math.max(1, nanos);
        this.customBudget = true;
    }

    /**
     * With false, slices run only when {@link #slice} is called (tests interleave writes with the
     * walk deterministically that way); with true (the default) the event loop drives them.
     */
    public void setAutoSlices(boolean auto) {
        this.autoSlices = auto;
    }

    /**
     * Starts a snapshot of the keyspace as it is now (call on the keyspace thread). Its slices run
     * as event-loop tasks until it ends; {@code onDone} runs when it is DONE or ABORTED (see the
     * handle's state). Throws IllegalStateException while another snapshot runs.
     */
    public SnapshotHandle startSnapshot(SnapshotSink sink, Runnable onDone) {
        if (inProgress()) throw new IllegalStateException("a snapshot is already in progress");
        Snapshot s = new Snapshot(server.keyspace, sink, onDone);
        current = s;
        timeBound = nextTimeBound;
        nextTimeBound = false;
        s.start();
        schedule(s);
        return s;
    }

    /**
     * As {@link #startSnapshot}, but each slice runs for its whole time budget ({@link #SLICE_NANOS})
     * instead of stopping after {@link #SLICE_KEYS} keys, and the next slice follows after one
     * poll of the sockets instead of a 1 ms timer: a replica's full sync, where the walk's speed
     * is the sync's time (a command still waits at most about one slice, as with the default).
     */
    public SnapshotHandle startTimeBoundSnapshot(SnapshotSink sink, Runnable onDone) {
        nextTimeBound = !customBudget;
        return startSnapshot(sink, onDone);
    }

    private int keysBudget() {
        return timeBound ? Integer.MAX_VALUE : sliceKeys;
    }

    /** The running or last snapshot, null before the first. */
    public SnapshotHandle current() {
        return current;
    }

    public boolean inProgress() {
        return current != null && current.state() == Snapshot.State.RUNNING;
    }

    /**
     * Runs one slice of the running snapshot now; true when none runs any more. The scheduler
     * does this by itself; bare unit tests (a manual scheduler) call it.
     */
    public boolean slice() {
        return current == null || current.step(keysBudget(), sliceNanos);
    }

    /**
     * The next slice runs on a 1 ms timer, not as an immediate task: the event loop polls its
     * sockets between timers, while a chain of immediate tasks would run dozens of slices before
     * the next poll (Netty checks its task deadline every 64 tasks). So the snapshot takes at most
     * about half the loop's time and a command waits at most about one slice.
     */
    private void schedule(Snapshot s) {
        if (!autoSlices || s.state() != Snapshot.State.RUNNING) return;
        Runnable next = () -> {
            if (s == current && !s.step(keysBudget(), sliceNanos)) schedule(s);
        };
        if (timeBound) server.scheduler.runAfterIo(next);   // a full sync: the clients' turn is one I/O poll
        else server.scheduler.setTimer(SLICE_PAUSE_MS, next);
    }
}
