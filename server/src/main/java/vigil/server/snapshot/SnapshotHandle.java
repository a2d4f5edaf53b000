package vigil.server.snapshot;


/** A running (or finished) snapshot as seen by its starter: progress, counters, abort. */
public interface SnapshotHandle {
    Snapshot.State state();

    /** Keys emitted so far (walked or captured before a write). */
    long keysEmitted();

    /** Keys the snapshot will emit in all: the keyspace size when it started. */
    long keysTotal();

    /** Values copied because a write reached them before the walk (the only extra memory). */
    long valuesCopied();

    /** Estimated bytes of those copies still held, waiting for their db's turn. */
    long copiedBytesHeld();

    /** The largest {@link #copiedBytesHeld} seen during the snapshot. */
    long copiedBytesPeak();

    /** Slices run so far, and the longest one in nanoseconds. */
    long slices();

    long maxSliceNanos();

    /** Time spent in slices in all (the walk's own cost, without the pauses between slices). */
    long totalSliceNanos();

    /** Why the snapshot was aborted (a sink failure, a broken invariant), or null. */
    Throwable failure();

    /** Stops the snapshot now (ABORTED); no effect when it already ended. */
    void abort();
}
