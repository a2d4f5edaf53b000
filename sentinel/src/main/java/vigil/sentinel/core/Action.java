package vigil.sentinel.core;

import java.util.List;

/**
 * What {@link SentinelBrain} asks the shell to do. The brain never touches a socket, a file or a
 * timer; the shell drains these after every event and carries them out in order.
 */
public sealed interface Action {
    /** PING the instance (masters and replicas; peers are watched through the Hazelcast group). */
    record SendPing(Target target) implements Action {
    }

    /** INFO the instance; the reply comes back through {@link SentinelBrain#onInfo}. */
    record SendInfo(Target target) implements Action {
    }

    /** PUBLISH {@code __sentinel__:hello <payload>} on the instance. */
    record PublishHello(Target target, String payload) implements Action {
    }

    /**
     * Send a hello straight to every peer of the group (the fast path beside the
     * {@code __sentinel__:hello} channel, used right after a config change); peers feed it to
     * {@link SentinelBrain#onGroupHello}. Vigil: {@code voteEpoch} is the epoch of this
     * sentinel's last vote for a failover of the master (its leader_epoch), which the fast
     * conversion's agreement needs (see {@link FastConversion}).
     */
    record BroadcastHello(String payload, long voteEpoch) implements Action {
    }

    /**
     * Vigil: tell every peer of the group "I am here" (every {@link SentinelBrain#peerBeatPeriodMs});
     * peers feed it to {@link SentinelBrain#onPeerBeat}. {@link Isolation} counts the peers heard.
     */
    record PeerBeat() implements Action {
    }

    /**
     * Ask these peers SENTINEL IS-MASTER-DOWN-BY-ADDR: {@code runId} is "*" for a plain question,
     * or this sentinel's id to request a vote in {@code epoch}. Answers come back through
     * {@link SentinelBrain#onPeerReply}.
     */
    record AskPeers(String master, Addr masterAddr, long epoch, String runId, List<String> peerRunIds)
            implements Action {
    }

    /**
     * Turn the instance into a master: MULTI, REPLICAOF NO ONE, CONFIG REWRITE, CLIENT KILL TYPE
     * normal, CLIENT KILL TYPE pubsub, EXEC (as Redis's sentinelSendSlaveOf).
     */
    record Promote(Target target) implements Action {
    }

    /** Point the instance at {@code newMaster} (same transaction as {@link Promote}, with REPLICAOF host port). */
    record ReplicaOf(Target target, Addr newMaster) implements Action {
    }

    /**
     * Zero-loss mode: stop the replica from acknowledging its master, keeping its data, replication
     * id and offset: {@code MULTI; REPLICAOF 127.0.0.1 0; CONFIG REWRITE; EXEC}
     * ({@link ZeroLoss#DETACH_ADDR}, a master that can never answer), which Redis 7.0 and Vigil
     * obey; no CLIENT KILL, so the link stays up for the promotion.
     */
    record Detach(Target target) implements Action {
        /** The master a detached replica is pointed at (the same as ZeroLoss.DETACH_ADDR). */
        public static final Addr ADDR = ZeroLoss.DETACH_ADDR;
    }

    /**
     * An event: published on this sentinel's channel named {@code type} with {@code message}, and
     * logged (warning level for the ones Redis logs as LL_WARNING). {@code notify} asks for the
     * master's notification-script (Redis runs it for warning-level events).
     */
    record Event(String type, String message, boolean warning, String master) implements Action {
    }

    /** Rewrite the conf with the current state (before answering anything that depends on it). */
    record Persist() implements Action {
    }

    /** Run the master's client-reconfig-script: {@code <master> <role> <state> <from ip> <from port> <to ip> <to port>}. */
    record RunReconfigScript(String script, String master, String role, String state, Addr from, Addr to)
            implements Action {
    }

    /**
     * Close the link to {@code target} if there is one and connect (again): queued for every
     * instance the brain creates (monitor, replica discovered, address switch) and when Redis would
     * close a link (SENTINEL RESET, a link idle too long). The brain considers the link down until
     * {@link SentinelBrain#onLinkUp} reports it connected. Links whose target is no longer in
     * {@link SentinelBrain#targets()} should be closed by the shell.
     */
    record ResetLink(Target target) implements Action {
    }

    /** SCRIPT KILL (Redis sends it once to an S_DOWN instance that answers PING with -BUSY). */
    record SendScriptKill(Target target) implements Action {
    }
}
