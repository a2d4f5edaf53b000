package vigil.server.keyspace;

import java.util.function.LongSupplier;

/**
 * All databases of a node. Owned by the server's single keyspace thread: nothing here locks.
 * The clock is injected so tests can move time; commands see one fixed "now" per execution
 * (set with {@link #freezeClock}), as Redis caches mstime for a command.
 */
public final class Keyspace {
    private final Db[] dbs;
    private final LongSupplier clock;
    private final KeyspaceStats stats = new KeyspaceStats();
    private KeyspaceEvents events = KeyspaceEvents.NONE;
    private long frozenNow = -1;
    private boolean replica;
    private boolean noTouch;
    /** The running snapshot's copy-on-write hook, null when none runs. */
    private WriteBarrier barrier;
    /** The running (or last) snapshot's epoch; see {@link Dict.Node#snapshotMark}. Never 0. */
    private char epoch;

    public Keyspace(int databases, LongSupplier clock) {
        this.clock = clock;
        dbs = new Db[databases];
        for (int i = 0; i < databases; i++) dbs[i] = new Db(i, this);
    }

    public void setEvents(KeyspaceEvents events) {
        this.events = events;
    }

    KeyspaceEvents events() {
        return events;
    }

    public KeyspaceStats stats() {
        return stats;
    }

    public int size() {
        return dbs.length;
    }

    public Db db(int i) {
        return dbs[i];
    }

    /** Current time in unix ms: the frozen command time while a command runs. */
    public long now() {
        return frozenNow >= 0 ? frozenNow : clock.getAsLong();
    }

    public long wallClock() {
        return clock.getAsLong();
    }

    public void freezeClock() {
        frozenNow = clock.getAsLong();
    }

    public void unfreezeClock() {
        frozenNow = -1;
    }

    /** Replicas keep expired keys until their master's DEL arrives. */
    public void setReplica(boolean replica) {
        this.replica = replica;
    }

    public boolean isReplica() {
        return replica;
    }

    private boolean applyingMaster;

    /** Set while a replica runs a command of its master's stream: no key counts as expired then. */
    public void setApplyingMaster(boolean applying) {
        this.applyingMaster = applying;
    }

    boolean applyingMaster() {
        return applyingMaster;
    }

    boolean expireAllowed() {
        return !replica;
    }

    /** While set, reads do not update access times (OBJECT, CLIENT NO-TOUCH). */
    public void setNoTouch(boolean noTouch) {
        this.noTouch = noTouch;
    }

    boolean noTouch() {
        return noTouch;
    }

    // ---- point-in-time snapshots (vigil.server.snapshot.Snapshot) ----

    /**
     * Starts a new snapshot epoch and returns it. Marks only ever equal the epoch of a snapshot that
     * captured the key or saw it created, so a fresh epoch finds every node unmarked. When the
     * counter wraps, every mark is reset first (an O(keys) walk once per 65535 snapshots).
     */
    public char nextSnapshotEpoch() {
        if (epoch == Character.MAX_VALUE) {
            for (Db d : dbs) d.keys.forEach(n -> n.snapshotMark = 0);
            epoch = 0;
        }
        return ++epoch;
    }

    public char snapshotEpoch() {
        return epoch;
    }

    /** Installs (or with null removes) the running snapshot's write barrier. */
    public void setWriteBarrier(WriteBarrier b) {
        barrier = b;
    }

    public boolean snapshotRunning() {
        return barrier != null;
    }

    /** Db's hook before a node's value, TTL or presence changes. */
    void beforeWrite(Db db, Dict.Node n) {
        WriteBarrier b = barrier;
        if (b != null && n.snapshotMark != epoch) b.beforeWrite(db, n);
    }

    /** Db's hook for a node just created: a running snapshot must not include it. */
    void created(Dict.Node n) {
        if (barrier != null) n.snapshotMark = epoch;
    }

    public long totalKeys() {
        long n = 0;
        for (Db d : dbs) n += d.size();
        return n;
    }

    public void flushAll() {
        for (Db d : dbs) {
            d.clear();
            events.flushed(d);
        }
    }

    /** Empties one db (FLUSHDB); its watchers are invalidated. */
    public void flushDb(int i) {
        dbs[i].clear();
        events.flushed(dbs[i]);
    }

    public void swap(int a, int b) {
        dbs[a].swapContents(dbs[b]);
        events.flushed(dbs[a]);
        events.flushed(dbs[b]);
    }
}
