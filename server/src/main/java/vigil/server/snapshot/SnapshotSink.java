package vigil.server.snapshot;


/**
 * What a point-in-time {@link Snapshot} emits, in this order: {@code begin}, then for each
 * non-empty db (ascending index) {@code beginDb}, its keys in any order, {@code endDb}; then
 * {@code end}. Or, at any point, {@code aborted} and nothing more. The RDB writer will be one
 * sink; tests record what they get.
 *
 * <p>All calls run on the keyspace thread, some of them from inside a write command (the key
 * about to change is emitted just before the change). A sink must not touch the keyspace.
 *
 * <p>Values: a {@code byte[]} (strings are never mutated in place, so any string may be kept) or
 * a {@code CollectionValue}. A collection may be the live object, which later commands may
 * change once the call returns: serialize it during {@link #key} (as an RDB writer does) and
 * keep no reference to it. A sink that throws aborts the snapshot.
 */
public interface SnapshotSink {
    /** The snapshot starts; {@code dbCount} is the number of configured databases. */
    void begin(int dbCount);

    /** Db {@code dbIndex} starts; it will emit exactly {@code size} keys, {@code expiresSize} of them with a TTL. */
    void beginDb(int dbIndex, int size, int expiresSize);

    /**
     * One key as it was when the snapshot started.
     *
     * @param value      byte[] or CollectionValue (see the class comment for how long it is valid)
     * @param expireAtMs unix ms, or -1 for no TTL (a key already expired at the start is still
     *                   emitted with its past time, as Redis's RDB save does; loading drops it)
     */
    void key(int dbIndex, byte[] key, Object value, long expireAtMs);

    void endDb(int dbIndex);

    void end();

    /** The snapshot stopped before {@link #end} (abort, or a sink failure given as cause, else null). */
    default void aborted(Throwable cause) {
    }
}
