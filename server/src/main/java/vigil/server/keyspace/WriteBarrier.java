package vigil.server.keyspace;

/**
 * Told by {@link Db} just before a key's stored state changes (value replaced or mutated in place,
 * TTL set or removed, key deleted, expired or replaced), while a point-in-time snapshot runs and
 * only for keys it has not captured yet (node mark != the snapshot epoch). The barrier captures
 * the old state and marks the node; the change happens after it returns.
 */
public interface WriteBarrier {
    void beforeWrite(Db db, Dict.Node node);
}
