package vigil.server.replication.link;

/**
 * Vigil's crash-restart protection on the replica side, the part of {@link ReplicaLink}'s state
 * that decides whether a {@code +FULLRESYNC replid offset} is refused: the master has less history
 * than this replica (its id is neither our replid nor replid2, its offset below ours), the refusal
 * is armed (we already hold data from this master: a sync with it completed, or the conf's
 * replicaof loaded it from disk) and replica-refuse-behind-master-period has not passed since the
 * first refusal. A new REPLICAOF disarms it; a successful sync resets the period.
 */
final class BehindMasterRefusal {
    private String ownReplid = "?", ownReplid2 = "?";
    private long ownOffset = -1;
    private boolean armed;
    private long periodMs;
    private long since;
    private ReplicaLink.SyncRefused last;

    void ownHistory(String replid, String replid2, long offset) {
        ownReplid = replid;
        ownReplid2 = replid2;
        ownOffset = offset;
    }

    void period(long ms) {
        periodMs = ms;
    }

    void arm() {
        armed = true;
    }

    void disarm() {
        armed = false;
        reset();
    }

    /** A sync succeeded (or the period ended): no refusal in effect. */
    void reset() {
        since = 0;
        last = null;
    }

    ReplicaLink.SyncRefused last() {
        return last;
    }

    long since() {
        return since;
    }

    boolean refuses(String replid, long offset, long now) {
        if (!armed || periodMs <= 0 || ownOffset <= 0) return false;
        if (replid.equals(ownReplid) || replid.equals(ownReplid2) || offset >= ownOffset) return false;
        if (since == 0) since = now;
        if (now - since >= periodMs) return false;
        last = new ReplicaLink.SyncRefused(replid, offset, ownOffset);
        return true;
    }
}
