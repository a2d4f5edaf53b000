package vigil.sentinel.peers;

import vigil.sentinel.core.Addr;
import vigil.sentinel.core.SentinelBrain;

import java.util.Set;
import java.util.function.Consumer;

/** What the peer group reports; every call arrives through the group's hop (the sentinel's event loop). */
public interface PeerListener {
    /** The run ids of the other members now in the group. */
    void onPeersAlive(Set<String> runIds);

    /** A hello broadcast by a peer ({@link vigil.sentinel.core.Action.BroadcastHello}). */
    void onHello(String payload);

    /**
     * Vigil: a hello broadcast by a Vigil peer with its last vote epoch for the master (the
     * {@code H} message's fourth field; -1 when absent).
     */
    default void onHello(String payload, long voteEpoch) {
        onHello(payload);
    }

    /**
     * A peer asks IS-MASTER-DOWN-BY-ADDR; call {@code reply} once with the answer (after any vote
     * is persisted).
     */
    void onQuestion(String fromRunId, String master, Addr addr, long epoch, String runId,
                    Consumer<SentinelBrain.DownAnswer> reply);

    /** Vigil: a peer's beat ({@link vigil.sentinel.core.Action.PeerBeat}). */
    default void onBeat(String peerRunId) {
    }

    /** A peer's answer to one of our questions. */
    void onAnswer(String master, String peerRunId, boolean down, String leaderRunId, long leaderEpoch);
}
