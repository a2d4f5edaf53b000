package vigil.server.keyspace;

/** What the keyspace reports to the rest of the server as keys change. */
public interface KeyspaceEvents {
    /** A key was written, deleted or expired: WATCH invalidation (signalModifiedKey). */
    void modified(Db db, byte[] key);

    /** The master deleted an expired key: propagate {@code DEL key} and count it. */
    void expired(Db db, byte[] key);

    /** A whole db was emptied or swapped: every watcher of it is invalidated. */
    void flushed(Db db);

    KeyspaceEvents NONE = new KeyspaceEvents() {
        @Override
        public void modified(Db db, byte[] key) {
        }

        @Override
        public void expired(Db db, byte[] key) {
        }

        @Override
        public void flushed(Db db) {
        }
    };
}
