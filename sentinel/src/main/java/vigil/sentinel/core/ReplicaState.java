package vigil.sentinel.core;

/** A replica of a monitored master, learned from the master's INFO or from the conf's known-replica lines. */
public final class ReplicaState extends Instance {
    /** master_link_down_since_seconds from the replica's INFO, in ms (0 when the link is up). */
    public long masterLinkDownTime;
    public int priority = 100;
    public long replOffset;
    public boolean replicaAnnounced = true;
    /** master_host / master_port / master_link_status from the replica's INFO. */
    public String masterHost;
    public int masterPort;
    public boolean masterLinkUp;
    /** When we last sent it a REPLICAOF (Redis's slave_conf_change_time). */
    public long confChangeTime;
    /** When we last sent REPLICAOF during a failover (Redis's slave_reconf_sent_time). */
    public long reconfSentTime;
    /** Vigil: the replica's INFO says it refused a full sync from a master behind it (master_sync_refused:1). */
    public boolean syncRefused;
    /** Vigil: when +convert-to-slave was last sent to it (the fast conversion does not repeat it within a second). */
    public long convertSentTime;

    /** master_replid / master_replid2 / second_repl_offset from the replica's INFO (null / -1 when absent). */
    public String replid;
    public String replid2;
    public long secondReplOffset = -1;
    /**
     * The master this one replaced (added by the address switch): it cannot have acknowledged the
     * new master until it is seen replicating it (in the master's slaveN lines or its own INFO);
     * zero-loss mode leaves it out of R until then. Not persisted: after a restart it counts.
     */
    public boolean formerMaster;
    /** Zero-loss: when we last sent it the detach (REPLICAOF to {@link ZeroLoss#DETACH_ADDR}). */
    public long detachSentTime;
    /** Zero-loss: when an INFO showed it detached (its offset final) during the current detach phase. */
    public long detachedSeen;

    public ReplicaState(Addr addr, long downAfterMs) {
        super(InstanceKind.REPLICA, addr.host() + ":" + addr.port(), addr, downAfterMs);
    }
}
