package vigil.server.replication;

import org.junit.jupiter.api.Test;
import vigil.server.config.ServerConfig;
import vigil.server.node.ReplicationState;
import vigil.server.replication.MasterMachine.Replica;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * min-replicas-ack-join-delay (the node rule of zero-loss mode), stepped through the master's
 * state machine with a fake clock: which online replicas' ACKs count towards min-replicas-ack.
 */
class JoinDelayTest {
    static final String ID = MasterMachineTest.ID;
    static final long J = 10_000;

    final ServerConfig config = new ServerConfig();
    final ReplicationState history = new ReplicationState();
    long now = 1_000_000;
    final MasterMachine machine;

    JoinDelayTest() {
        config.replDisklessSync = false;
        config.minReplicasAck = 1;
        config.minReplicasAckJoinDelay = J;
        history.replId = ID;
        machine = new MasterMachine(config, history, () -> "new-id", now);
        machine.backlog = new ReplicationBacklog(1024, 0);
        machine.backlog.append("abcdef".getBytes(StandardCharsets.US_ASCII));
        history.offset = 6;
    }

    static Replica replica(String ip, int port) {
        Replica r = new Replica(ip);
        r.listeningPort = port;
        r.capaPsync2 = true;
        return r;
    }

    /** A replica that full-syncs and goes online now. */
    Replica fullSynced(String ip, int port) {
        Replica r = replica(ip, port);
        machine.psync(r, "?", -1L, now, false);
        machine.payloadSent(r, now);
        machine.snapshotEnded();
        return r;
    }

    /** A replica that continues with +CONTINUE now. */
    Replica continued(String ip, int port) {
        Replica r = replica(ip, port);
        machine.psync(r, ID, 7L, now, false);
        assertEquals(MasterMachine.State.ONLINE, r.state);
        return r;
    }

    @Test
    void aNewReplicaCountsOnlyOnceOnlineForTheDelay() {
        Replica r = fullSynced("10.0.0.2", 6380);
        machine.acked(r, 6, now);
        assertEquals(0, machine.countedReplicas(now));
        assertEquals(0, machine.ackedOffset(1, now));   // its ACK is known but does not count
        assertEquals(1, machine.replicasAcked(6));      // WAIT is Redis's: every online replica
        now += J - 1;
        assertEquals(0, machine.countedReplicas(now));
        assertEquals(0, machine.ackedOffset(1, now));
        now += 1;
        assertEquals(1, machine.countedReplicas(now));
        assertEquals(6, machine.ackedOffset(1, now));   // its earlier ACK counts from now on, without a new one
    }

    @Test
    void aReplicaThatReconnectsWithAFullSyncStartsItsDelayAgain() {
        Replica r = fullSynced("10.0.0.2", 6380);
        now += J;
        assertEquals(1, machine.countedReplicas(now));
        machine.removed(r, now);
        now += 100;
        Replica again = fullSynced("10.0.0.2", 6380);
        machine.acked(again, 6, now);
        assertEquals(0, machine.countedReplicas(now));
        now += J;
        assertEquals(6, machine.ackedOffset(1, now));
    }

    @Test
    void aCountedReplicaContinuingAfterABlipCountsAtOnce() {
        Replica r = fullSynced("10.0.0.2", 6380);
        now += J + 5;
        machine.removed(r, now);
        now += 200;
        Replica back = continued("10.0.0.2", 6380);
        machine.acked(back, 6, now);
        assertEquals(1, machine.countedReplicas(now));
        assertEquals(6, machine.ackedOffset(1, now));
        // another address continuing the same history was never counted here: it waits
        Replica stranger = continued("10.0.0.3", 6380);
        assertEquals(1, machine.countedReplicas(now));
        now += J;
        assertEquals(2, machine.countedReplicas(now));
        assertEquals(stranger.state, MasterMachine.State.ONLINE);
    }

    @Test
    void aReplicaThatLeftBeforeItsDelayWaitsAgainEvenWithAContinue() {
        Replica r = fullSynced("10.0.0.2", 6380);
        now += J - 1000;
        machine.removed(r, now);
        now += 10;
        continued("10.0.0.2", 6380);
        now += 1000;
        assertEquals(0, machine.countedReplicas(now));   // "continuously": the delay starts again
        now += J - 1000;
        assertEquals(1, machine.countedReplicas(now));
    }

    @Test
    void aNewHistoryForgetsTheReplicasThatWereCounted() {
        Replica r = fullSynced("10.0.0.2", 6380);
        now += J;
        machine.removed(r, now);
        machine.historyChanged(now);   // e.g. this node was promoted: its former sub-replicas were never listed as ours
        continued("10.0.0.2", 6380);
        assertEquals(0, machine.countedReplicas(now));
    }

    @Test
    void withoutADelayEveryOnlineReplicaCountsAtOnceAndTheSettingActsOnTheNextQuestion() {
        Replica a = fullSynced("10.0.0.2", 6380), b = fullSynced("10.0.0.3", 6380);
        machine.acked(a, 6, now);
        machine.acked(b, 4, now);
        Replica syncing = replica("10.0.0.4", 6380);
        machine.psync(syncing, "?", -1L, now, false);   // not online: never counts
        assertEquals(0, machine.countedReplicas(now));
        config.minReplicasAckJoinDelay = 0;
        assertEquals(2, machine.countedReplicas(now));
        assertEquals(4, machine.ackedOffset(2, now));
        config.minReplicasAckJoinDelay = J;
        assertEquals(0, machine.ackedOffset(2, now));
    }
}
