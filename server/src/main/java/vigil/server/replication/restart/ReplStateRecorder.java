package vigil.server.replication.restart;

/**
 * Decides when the replication state file is written and with what (pure: the shell,
 * {@link RestartProtection}, feeds it the node's state every cron tick and does the I/O).
 *
 * <pre>
 * states: the record the file holds (read at start, or the last one written), whether a write
 *         failed since, and whether the node is held by its start fence
 * master, >= 1 online replica --no master record / another replid--> write now
 * master, >= 1 online replica --offset or replica count changed, 1 s since the last write--> write
 * master, no online replica --> nothing (the record of the replicas that hold the data stays)
 * replica --the file records a master--> write "role replica" now
 * held by the start fence --> nothing, until the fence lifts (a role change): then the node's
 *         state as it is now, whatever its replicas (the operator or a sentinel decided)
 * a write failed --> the same content again after 1 s
 * </pre>
 */
public final class ReplStateRecorder {
    /** At most one write per this many ms while only the offset (or replica count) moves. */
    public static final long INTERVAL_MS = 1000;

    private ReplStateRecord onDisk;
    private long lastWriteAt;
    private boolean written;
    private boolean unsure;
    private boolean heldByStartFence;

    /** {@code onDisk}: the file's record at start, null without one. */
    public ReplStateRecorder(ReplStateRecord onDisk) {
        this.onDisk = onDisk;
    }

    /** The node started fenced by its record: the record stays as it is while the fence holds. */
    public void startFenced() {
        heldByStartFence = true;
    }

    /**
     * The node's state now ({@code replicas}: online replicas); {@code fenced}: any write fence is
     * up. Returns the record to write now, or null; a returned record counts as written until
     * {@link #failed} says otherwise.
     */
    public ReplStateRecord next(ReplStateRecord now, boolean fenced, long nowMs) {
        if (heldByStartFence) {
            if (fenced && now.role() == ReplStateRecord.Role.MASTER) return null;
            heldByStartFence = false;
            if (now.role() == ReplStateRecord.Role.MASTER) return write(now, nowMs);
        }
        boolean due = !written || nowMs - lastWriteAt >= INTERVAL_MS;
        if (now.role() == ReplStateRecord.Role.REPLICA) {
            if (onDisk == null || onDisk.role() == ReplStateRecord.Role.REPLICA && !unsure) return null;
            return onDisk.role() == ReplStateRecord.Role.MASTER || due ? write(now, nowMs) : null;
        }
        if (now.replicas() < 1) return null;
        if (onDisk == null || onDisk.role() != ReplStateRecord.Role.MASTER || !onDisk.replId().equals(now.replId())) {
            return write(now, nowMs);
        }
        boolean changed = unsure || onDisk.offset() != now.offset() || onDisk.replicas() != now.replicas();
        return changed && due ? write(now, nowMs) : null;
    }

    /** The last returned record did not reach the disk: it is written again (after the interval). */
    public void failed() {
        unsure = true;
    }

    private ReplStateRecord write(ReplStateRecord r, long nowMs) {
        onDisk = r;
        lastWriteAt = nowMs;
        written = true;
        unsure = false;
        return r;
    }
}
