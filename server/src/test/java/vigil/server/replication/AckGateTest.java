package vigil.server.replication;

import org.junit.jupiter.api.Test;
import vigil.server.config.ServerConfig;
import vigil.server.node.ReplicationState;
import vigil.server.replication.AckGate.Outcome;
import vigil.server.replication.AckGate.Release;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Zero-loss mode's release and timeout decisions, stepped with a fake clock: no sockets, no sleeps. */
class AckGateTest {
    final AckGate gate = new AckGate();
    long now = 1_000_000;

    static Release acked(long id) {
        return new Release(id, Outcome.ACKED);
    }

    @Test
    void aHoldIsReleasedOnceItsEndOffsetIsAcknowledgedAndInStreamOrder() {
        assertEquals(List.of(), gate.hold(1, 100, 5000, now));
        assertEquals(List.of(), gate.hold(2, 150, 5000, now));
        assertEquals(List.of(), gate.hold(3, 200, 5000, now));
        assertEquals(List.of(), gate.acked(99));          // one byte short: nothing
        assertEquals(List.of(acked(1)), gate.acked(100)); // exactly the end of the write
        assertEquals(List.of(acked(2), acked(3)), gate.acked(250));
        assertTrue(gate.isEmpty());
        assertEquals(List.of(), gate.acked(300));
    }

    @Test
    void anAckBelowAnEarlierOneDoesNotUndoIt() {
        gate.acked(500);
        // a replica left, the n-th ACK is lower now: what was acknowledged stays acknowledged
        assertEquals(List.of(), gate.acked(100));
        assertEquals(List.of(acked(7)), gate.hold(7, 400, 5000, now));
    }

    @Test
    void holdsTimeOutAtTheirDeadlineNotBefore() {
        gate.hold(1, 100, 300, now);
        gate.hold(2, 200, 300, now + 100);
        assertEquals(now + 300, gate.nextDeadline());
        assertEquals(List.of(), gate.tick(now + 299));
        assertEquals(List.of(new Release(1, Outcome.TIMED_OUT)), gate.tick(now + 300));
        assertEquals(now + 400, gate.nextDeadline());
        assertEquals(List.of(acked(2)), gate.acked(200));   // acknowledged in time
        assertEquals(List.of(), gate.tick(now + 10_000));
        assertEquals(0, gate.nextDeadline());
    }

    @Test
    void timeoutZeroWaitsForever() {
        gate.hold(1, 100, 0, now);
        assertEquals(0, gate.nextDeadline());
        assertEquals(List.of(), gate.tick(now + 86_400_000L));
        assertEquals(List.of(acked(1)), gate.acked(100));
    }

    @Test
    void losingTheMasterRoleEndsEveryHoldWithAnError() {
        gate.acked(60);
        gate.hold(1, 100, 0, now);
        gate.hold(2, 200, 5000, now);
        assertEquals(List.of(new Release(1, Outcome.NOT_MASTER), new Release(2, Outcome.NOT_MASTER)), gate.notMaster());
        assertTrue(gate.isEmpty());
        // the acknowledged offset of the old role counts no more
        assertEquals(List.of(), gate.hold(3, 50, 0, now));
    }

    @Test
    void aDepartedClientIsForgotten() {
        gate.hold(1, 100, 300, now);
        gate.hold(2, 200, 300, now);
        gate.forget(1);
        assertFalse(gate.holds(1));
        assertEquals(200, gate.highestHeld());
        assertEquals(List.of(acked(2)), gate.acked(1000));
    }

    @Test
    void theMasterMachineGivesTheOffsetAcknowledgedByTheNthReplica() {
        ServerConfig config = new ServerConfig();
        MasterMachine m = new MasterMachine(config, new ReplicationState(), () -> "id", now);
        assertEquals(0, m.ackedOffset(0, now));
        assertEquals(0, m.ackedOffset(1, now));
        MasterMachine.Replica a = online(m, 300), b = online(m, 100), c = online(m, 200);
        MasterMachine.Replica syncing = new MasterMachine.Replica("10.0.0.9");
        syncing.ackOffset = 1000;   // not online: never counts
        m.replicas.add(syncing);
        assertEquals(300, m.ackedOffset(0, now));   // n = 0: the best replica
        assertEquals(300, m.ackedOffset(1, now));
        assertEquals(200, m.ackedOffset(2, now));
        assertEquals(100, m.ackedOffset(3, now));
        assertEquals(0, m.ackedOffset(4, now));     // fewer replicas than needed
        assertEquals(3, m.countedReplicas(now));
        m.acked(b, 400, now);
        assertEquals(300, m.ackedOffset(2, now));
        assertEquals(a.ackOffset, 300);
        assertEquals(c.ackOffset, 200);
    }

    private MasterMachine.Replica online(MasterMachine m, long ack) {
        MasterMachine.Replica r = new MasterMachine.Replica("10.0.0.2");
        r.state = MasterMachine.State.ONLINE;
        r.ackOffset = ack;
        m.replicas.add(r);
        return r;
    }
}
