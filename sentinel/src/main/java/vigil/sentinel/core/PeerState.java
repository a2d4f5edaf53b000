package vigil.sentinel.core;

/** Another sentinel watching the same master, learned from hellos (or known-sentinel lines). */
public final class PeerState extends Instance {
    /** The leader this peer voted for, as its last is-master-down reply said, and that vote's epoch. */
    public String leader;
    public long leaderEpoch;
    public long lastMasterDownReply;
    /** Last time this sentinel asked the peer IS-MASTER-DOWN-BY-ADDR (throttles unanswered questions). */
    public long lastAskSent;
    /** Vigil: last time this peer asked us about the master over the group (it held it S_DOWN then). */
    public long lastDownHeard;
    /** Vigil: the last beat, hello, question or answer that came from this peer over the group ({@link Isolation}). */
    public long lastHeard;
    /** A member of the Hazelcast group right now. */
    public boolean alive;
    /**
     * Vigil: the last hello this peer broadcast to the group for this master: when it arrived, the
     * master address and config epoch it announced, and the epoch of the peer's last vote for a
     * failover of this master (-1: not sent, e.g. a hello seen on an instance's channel).
     */
    public long groupHelloTime;
    public Addr groupHelloAddr;
    public long groupHelloConfigEpoch;
    public long groupHelloVoteEpoch = -1;

    public PeerState(Addr addr, String runId, long downAfterMs) {
        super(InstanceKind.SENTINEL, addr.host() + ":" + addr.port(), addr, downAfterMs);
        this.runId = runId;
    }
}
