package vigil.server.node;


/**
 * rdbPopulateSaveInfo's seam: the assembly gives the master side's one to {@link PersistenceState} so
 * every RDB this node writes carries repl-stream-db / repl-id / repl-offset, and a restarted
 * master can continue its replicas partially.
 */
public interface ReplicationInfo {
    /** What to save now, or null when there is no replication history worth saving. */
    Info current();

    ReplicationInfo NONE = () -> null;

    record Info(int streamDb, String replId, long offset) {
    }
}
