package vigil.server.node;

/**
 * The seam between "a background save is wanted" (BGSAVE, BGSAVE SCHEDULE, the save points) and
 * how it is done. Redis forks; Vigil takes a no-fork point-in-time snapshot ({@code vigil.server.persistence.SnapshotSaver},
 * which the assembly installs).
 *
 * <p>Contract: {@link #start} is called on the keyspace thread only when no background save is in
 * progress, after {@code PersistenceCommands.startBackgroundSave} has done the bookkeeping
 * (rdb_saves, start time, last try). When the save ends (now or later) the saver calls
 * {@link PersistenceState#backgroundSaveDone} on the keyspace thread with the server.dirty value
 * captured at the snapshot's point in time.
 */
public interface BackgroundSaver {
    /** Starts a background save of the whole keyspace to dir/dbfilename; false when it could not start. */
    boolean start(VigilServer server);

    /** Whether a background save is running (rdb_bgsave_in_progress, "Background save already in progress"). */
    boolean inProgress();

    /** Stops the save in progress without reporting a failure (FLUSHALL, SHUTDOWN: Redis's killRDBChild). */
    default void abort() {
    }

    /** No saver installed (a node always gets one from the assembly): none starts, none runs. */
    BackgroundSaver NONE = new BackgroundSaver() {
        @Override
        public boolean start(VigilServer server) {
            return false;
        }

        @Override
        public boolean inProgress() {
            return false;
        }
    };
}
