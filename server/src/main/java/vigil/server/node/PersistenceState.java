package vigil.server.node;

/**
 * The snapshot bookkeeping Redis keeps in its server struct: last successful save, status and
 * duration of the last background save, the save counter, whether a background save runs or
 * is scheduled, the loading progress, and the replication fields read from a loaded file. INFO
 * persistence, LASTSAVE, the save points and the MISCONF gate read it; one per node, on the
 * keyspace thread.
 */
public final class PersistenceState {
    /** CONFIG_BGSAVE_RETRY_DELAY: after a failed background save, wait this long before retrying. */
    public static final long BGSAVE_RETRY_DELAY_SEC = 5;

    private final VigilServer server;
    /** Unix seconds of the last successful save (server.lastsave); the start time before any. */
    public long lastSaveSec;
    /** server.lastbgsave_status: false after a failed background save, until a save succeeds. */
    public boolean lastBgsaveOk = true;
    /** Unix seconds of the last background save attempt (server.lastbgsave_try). */
    public long lastBgsaveTrySec;
    /** Duration of the last background save in seconds, -1 before any. */
    public long lastBgsaveTimeSec = -1;
    /** Start (ms) of the background save in progress, or -1. */
    public long bgsaveStartMs = -1;
    /** BGSAVE SCHEDULE (or BGSAVE in EXEC) asked for a background save when one could not start. */
    public boolean bgsaveScheduled;
    /** rdb_saves: SAVE and BGSAVE commands and save points (not FLUSHALL's or SHUTDOWN's implicit save). */
    public long saves;
    /**
     * rdb_last_cow_size: Redis reports the forked child's copy-on-write memory; Vigil reports what
     * its last completed background save held beyond the keyspace (the snapshot's captured values
     * at their peak plus the peak of RDB chunks waiting for the disk thread), in bytes.
     */
    public long lastCowSize;
    /** The background-save seam: see {@link BackgroundSaver}; the assembly installs the snapshot saver. */
    public BackgroundSaver saver = BackgroundSaver.NONE;

    // ---- loading ----
    public boolean loading;
    public long loadingStartSec;
    public long loadingTotalBytes;
    public long lastLoadKeysLoaded;
    public long lastLoadKeysExpired;
    /**
     * The final RDB of a shutdown was saved: the node is stopping, and nothing it records after
     * (the replication state file) may claim more history than that RDB holds.
     */
    public boolean savedForShutdown;

    // ---- replication hooks: what the loaded file said (null / -1 when it said nothing) ----
    public String loadedReplId;
    public long loadedReplOffset = -1;
    public int loadedReplStreamDb = -1;

    /** What every RDB this node writes says about replication (the master side's; the assembly sets it). */
    public ReplicationInfo replicationInfo = ReplicationInfo.NONE;

    public PersistenceState(VigilServer server) {
        this.server = server;
        this.lastSaveSec = server.startTimeMs / 1000;
    }

    public boolean bgsaveInProgress() {
        return saver.inProgress();
    }

    /** writeCommandsDeniedByDiskError: stop-writes-on-bgsave-error, save points, and a failed background save. */
    public boolean writesDenied() {
        return server.config.stopWritesOnBgsaveError && !server.config.save.isEmpty() && !lastBgsaveOk;
    }

    /** A save to disk succeeded (rdbSave's tail): nothing is unsaved and MISCONF lifts. */
    public void saved(long changesAtStart) {
        server.dirty -= Math.min(server.dirty, changesAtStart);
        lastSaveSec = server.keyspace.wallClock() / 1000;
        lastBgsaveOk = true;
    }

    /**
     * A background save started at bgsaveStartMs has finished (backgroundSaveDoneHandlerDisk).
     * changesAtStart: server.dirty when its point in time was taken; only later changes stay unsaved.
     * Called by the BackgroundSaver on the keyspace thread.
     */
    public void backgroundSaveDone(boolean ok, long changesAtStart) {
        long now = server.keyspace.wallClock();
        if (ok) {
            saved(changesAtStart);
        } else {
            lastBgsaveOk = false;
        }
        lastBgsaveTimeSec = bgsaveStartMs < 0 ? 0 : (now - bgsaveStartMs) / 1000;
        bgsaveStartMs = -1;
    }

    public void startLoading(long totalBytes) {
        loading = true;
        loadingStartSec = server.keyspace.wallClock() / 1000;
        loadingTotalBytes = totalBytes;
    }

    public void doneLoading(long keysLoaded, long keysExpired) {
        loading = false;
        lastLoadKeysLoaded = keysLoaded;
        lastLoadKeysExpired = keysExpired;
    }
}
