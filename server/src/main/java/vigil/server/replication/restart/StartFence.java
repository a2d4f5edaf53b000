package vigil.server.replication.restart;

/**
 * Whether a node starts fenced (pure): it starts as a master (no replicaof in its conf), its
 * replication state file recorded it as a master with at least one online replica, and what it
 * loaded does not reach that record: neither its replication id nor the RDB's repl-id is the
 * recorded one with an offset at least the recorded offset (a master killed and restarted without
 * its data, or with an older RDB). A clean restart from an RDB saved at shutdown reaches it.
 */
public final class StartFence {
    private StartFence() {
    }

    /**
     * The fence's reason ("restarted-behind replid ID offset N"), or null to start open.
     * {@code loadedReplId} / {@code loadedOffset}: the RDB's repl-id / repl-offset aux fields
     * (null / -1 without them).
     */
    public static String reason(ReplStateRecord recorded, boolean startingAsMaster, String replId, long offset,
                                String loadedReplId, long loadedOffset) {
        if (recorded == null || !startingAsMaster) return null;
        if (recorded.role() != ReplStateRecord.Role.MASTER || recorded.replicas() < 1) return null;
        if (recorded.replId().equals(replId) && offset >= recorded.offset()) return null;
        if (recorded.replId().equals(loadedReplId) && loadedOffset >= recorded.offset()) return null;
        return "restarted-behind replid " + recorded.replId() + " offset " + recorded.offset();
    }
}
