package vigil.server.snapshot;

import vigil.server.keyspace.CollectionValue;
import vigil.server.keyspace.Db;
import vigil.server.keyspace.Dict;
import vigil.server.keyspace.Keyspace;
import vigil.server.keyspace.WriteBarrier;

import java.util.ArrayList;
import java.util.List;

/**
 * A point-in-time snapshot of the whole keyspace, taken without a fork and without copying the
 * keyspace first: the keys are walked in bounded slices between commands, and a write that
 * reaches a key the walk has not emitted yet first hands the key's old state to the snapshot
 * (copy-on-write at key granularity, through {@link WriteBarrier}). What the sink receives is
 * exactly the keyspace as it was when {@link #start} ran. docs/snapshots.md has the design.
 *
 * <p>States and transitions:
 * <pre>
 *   IDLE ──start()──▶ RUNNING(db, inDb, cursor) ──step() walks the last db──▶ DONE
 *                        │  step(): beginDb / captured keys of db / scan slices / endDb, db++
 *                        └──abort(), sink failure, broken invariant──▶ ABORTED
 * </pre>
 * <ul>
 * <li>start (IDLE → RUNNING): takes a new epoch, records each db's dict (the "view" the walk
 *     will scan) and its size, installs the barrier, {@code sink.begin}.</li>
 * <li>RUNNING at (db, inDb, cursor): dbs below {@code db} are finished (every key they had at the
 *     start was emitted, so every node in them is marked). When {@code inDb}, beginDb(db) was
 *     emitted and {@code cursor} is the view's scan cursor. A write to an unmarked node of view
 *     {@code s}: emitted right away when {@code s == db && inDb} (the value is still the old
 *     one), else a copy is kept in {@code pending[s]} and emitted right after beginDb(s).</li>
 * <li>step (RUNNING → RUNNING | DONE): skips empty dbs, enters the next db (beginDb, its pending
 *     copies), scans buckets until the slice's key or time budget is spent, and at the end of a
 *     db's scan checks that it emitted exactly the db's starting size, then endDb. After the last
 *     db: {@code sink.end}, barrier removed, DONE.</li>
 * <li>abort (RUNNING → ABORTED): barrier removed, copies dropped, {@code sink.aborted}. DONE and
 *     ABORTED are final; {@code onDone} runs once when either is reached.</li>
 * </ul>
 * A node's {@link Dict.Node#snapshotMark} equal to the epoch means "emitted, captured, or created
 * after the start": the walk skips it (so a bucket visited twice after a shrink emits nothing
 * twice) and the barrier ignores it.
 */
public final class Snapshot implements SnapshotHandle, WriteBarrier {
    public enum State { IDLE, RUNNING, DONE, ABORTED }

    /** A key's state captured before a write, waiting for its db's turn. */
    private record Captured(byte[] key, Object value, long expireAt, long bytes) {
    }

    private final Keyspace keyspace;
    private final SnapshotSink sink;
    private final Runnable onDone;
    private State state = State.IDLE;
    private char epoch;
    /** Per db index as of the start: the dict holding its not-yet-emitted keys (null once finished). */
    private Dict[] views;
    private int[] sizes;
    private int[] expiresSizes;
    private int[] emittedPerDb;
    private List<Captured>[] pending;
    private int db;
    private boolean inDb;
    private long cursor;
    private long total;
    private long emitted;
    private long copies;
    private long held;
    private long peak;
    private long slices;
    private long maxSliceNanos;
    private long totalSliceNanos;
    private int sliceKeys;
    private Throwable failure;

    public Snapshot(Keyspace keyspace, SnapshotSink sink, Runnable onDone) {
        this.keyspace = keyspace;
        this.sink = sink;
        this.onDone = onDone == null ? () -> { } : onDone;
    }

    /** IDLE → RUNNING, on the keyspace thread, between commands. Refused while another snapshot runs. */
    @SuppressWarnings("unchecked")
    public void start() {
        if (state != State.IDLE) throw new IllegalStateException("snapshot already started");
        if (keyspace.snapshotRunning()) throw new IllegalStateException("another snapshot is running");
        int n = keyspace.size();
        epoch = keyspace.nextSnapshotEpoch();
        views = new Dict[n];
        sizes = new int[n];
        expiresSizes = new int[n];
        emittedPerDb = new int[n];
        pending = new List[n];
        for (int i = 0; i < n; i++) {
            Db d = keyspace.db(i);
            views[i] = d.dict();
            sizes[i] = d.size();
            expiresSizes[i] = d.volatileCount();
            total += sizes[i];
        }
        state = State.RUNNING;
        keyspace.setWriteBarrier(this);
        try {
            sink.begin(n);
        } catch (RuntimeException e) {
            fail(e);
        }
    }

    /**
     * Runs one slice: at most about {@code maxKeys} keys or {@code maxNanos} (checked between
     * buckets; a bucket holds one key on average). Returns true when the snapshot has ended.
     */
    public boolean step(int maxKeys, long maxNanos) {
        if (state != State.RUNNING) return state != State.IDLE;
        long start = System.nanoTime();
        sliceKeys = 0;
        try {
            while (db < views.length) {
                if (!inDb) {
                    if (sizes[db] == 0) {
                        views[db++] = null;
                        continue;
                    }
                    sink.beginDb(db, sizes[db], expiresSizes[db]);
                    inDb = true;
                    cursor = 0;
                    List<Captured> waiting = pending[db];
                    pending[db] = null;
                    if (waiting != null) {
                        for (Captured c : waiting) {
                            held -= c.bytes;
                            emit(db, c.key, c.value, c.expireAt);
                        }
                    }
                }
                Dict view = views[db];
                do {
                    cursor = view.scan(cursor, this::visit);
                } while (cursor != 0 && sliceKeys < maxKeys && System.nanoTime() - start < maxNanos);
                if (cursor != 0) return false;
                if (emittedPerDb[db] != sizes[db]) {
                    throw new IllegalStateException("snapshot invariant broken: db " + db + " emitted "
                            + emittedPerDb[db] + " keys of " + sizes[db] + " (a write path bypassed Db's hooks)");
                }
                sink.endDb(db);
                inDb = false;
                views[db++] = null;
                if (sliceKeys >= maxKeys || System.nanoTime() - start >= maxNanos) return db >= views.length && finish();
            }
            return finish();
        } catch (RuntimeException e) {
            fail(e);
            return true;
        } finally {
            long took = System.nanoTime() - start;
            slices++;
            totalSliceNanos += took;
            maxSliceNanos = Math.max(maxSliceNanos, took);
        }
    }

    private boolean finish() {
        sink.end();   // may throw: then the snapshot is ABORTED, not DONE
        keyspace.setWriteBarrier(null);
        state = State.DONE;
        views = null;
        onDone.run();
        return true;
    }

    private void visit(Dict.Node n) {
        if (n.snapshotMark == epoch) return;
        n.snapshotMark = epoch;
        emit(db, n.key, n.value, n.expireAt);
    }

    private void emit(int dbIndex, byte[] key, Object value, long expireAt) {
        emittedPerDb[dbIndex]++;
        emitted++;
        sliceKeys++;
        sink.key(dbIndex, key, value, expireAt);
    }

    /** The write barrier: {@code node} of {@code d} is about to change and is not marked yet. */
    @Override
    public void beforeWrite(Db d, Dict.Node node) {
        node.snapshotMark = epoch;
        if (state != State.RUNNING) return;
        Dict live = d.dict();
        int s = -1;
        for (int i = db; i < views.length; i++) {
            if (views[i] == live) {
                s = i;
                break;
            }
        }
        // Not in any unfinished view: the node was created after the start (then it is marked
        // already), or its db is finished (then the walk marked it). Nothing to keep.
        if (s < 0) return;
        try {
            if (s == db && inDb) {
                emit(s, node.key, node.value, node.expireAt);
                return;
            }
            Object v = node.value;
            long bytes = 64 + node.key.length;
            if (v instanceof CollectionValue c) {
                bytes += c.estimatedBytes();
                v = c.copy();
            } else if (v instanceof byte[] b) {
                bytes += b.length;   // shared, not copied, but kept alive past its overwrite
            }
            if (pending[s] == null) pending[s] = new ArrayList<>();
            pending[s].add(new Captured(node.key, v, node.expireAt, bytes));
            copies++;
            held += bytes;
            peak = Math.max(peak, held);
        } catch (RuntimeException e) {
            fail(e);   // never fail the write command itself
        }
    }

    @Override
    public void abort() {
        if (state == State.RUNNING) end(null);
    }

    private void fail(Throwable cause) {
        if (state == State.RUNNING) end(cause);
    }

    private void end(Throwable cause) {
        keyspace.setWriteBarrier(null);
        state = State.ABORTED;
        failure = cause;
        pending = null;
        views = null;
        held = 0;
        try {
            sink.aborted(cause);
        } finally {
            onDone.run();
        }
    }

    @Override
    public State state() {
        return state;
    }

    @Override
    public long keysEmitted() {
        return emitted;
    }

    @Override
    public long keysTotal() {
        return total;
    }

    @Override
    public long valuesCopied() {
        return copies;
    }

    @Override
    public long copiedBytesHeld() {
        return held;
    }

    @Override
    public long copiedBytesPeak() {
        return peak;
    }

    @Override
    public long slices() {
        return slices;
    }

    @Override
    public long maxSliceNanos() {
        return maxSliceNanos;
    }

    @Override
    public long totalSliceNanos() {
        return totalSliceNanos;
    }

    @Override
    public Throwable failure() {
        return failure;
    }

    @Override
    public String toString() {
        return "Snapshot[" + state + " db=" + db + " emitted=" + emitted + "/" + total + " copies=" + copies + "]";
    }
}
