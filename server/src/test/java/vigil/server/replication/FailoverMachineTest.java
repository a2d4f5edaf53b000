package vigil.server.replication;

import org.junit.jupiter.api.Test;
import vigil.server.replication.FailoverMachine.Action;
import vigil.server.replication.FailoverMachine.State;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Steps FAILOVER's state machine with a fake clock: no sockets, no sleeps. */
class FailoverMachineTest {
    final FailoverMachine machine = new FailoverMachine();
    long now = 1_000_000;

    static MasterMachine.Replica online(String ip, int port, long ackOffset) {
        MasterMachine.Replica r = new MasterMachine.Replica(ip);
        r.listeningPort = port;
        r.state = MasterMachine.State.ONLINE;
        r.ackOffset = ackOffset;
        return r;
    }

    static <T> List<T> of(List<Action> actions, Class<T> type) {
        return actions.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Test
    void requestIsRefusedInFailoverCommandsOrder() {
        MasterMachine.Replica r = online("10.0.0.2", 6380, 0);
        assertEquals(List.of(new FailoverMachine.Refuse("ERR FAILOVER is not valid when server is a replica.")),
                machine.request(null, 0, 0, false, true, List.of(r), now));
        assertEquals(List.of(new FailoverMachine.Refuse("ERR FAILOVER requires connected replicas.")),
                machine.request(null, 0, 0, false, false, List.of(), now));
        assertEquals(List.of(new FailoverMachine.Refuse("ERR FAILOVER with force option requires both a timeout and target HOST and IP.")),
                machine.request("10.0.0.2", 6380, 0, true, false, List.of(r), now));
        assertEquals(List.of(new FailoverMachine.Refuse("ERR FAILOVER target HOST and PORT is not a replica.")),
                machine.request("10.0.0.9", 6380, 0, false, false, List.of(r), now));
        r.state = MasterMachine.State.SEND_BULK;
        assertEquals(List.of(new FailoverMachine.Refuse("ERR FAILOVER target replica is not online.")),
                machine.request("10.0.0.2", 6380, 0, false, false, List.of(r), now));
        assertEquals(State.NO_FAILOVER, machine.state());
    }

    @Test
    void secondRequestWhileOneRunsIsRefused() {
        List<MasterMachine.Replica> replicas = List.of(online("10.0.0.2", 6380, 0));
        assertTrue(of(machine.request(null, 0, 0, false, false, replicas, now), FailoverMachine.Refuse.class).isEmpty());
        assertEquals(List.of(new FailoverMachine.Refuse("ERR FAILOVER already in progress.")),
                machine.request(null, 0, 0, false, false, replicas, now));
    }

    @Test
    void targetThatAckedTheWholeStreamGetsTheFailover() {
        MasterMachine.Replica r = online("10.0.0.2", 6380, 90);
        List<Action> started = machine.request("10.0.0.2", 6380, 0, false, false, List.of(r), now);
        assertTrue(started.contains(new FailoverMachine.PauseWrites(true)));
        assertEquals(State.WAIT_FOR_SYNC, machine.state());
        assertFalse(machine.suppressesPing());
        assertTrue(machine.tick(now + 100, 100, List.of(r)).isEmpty());
        r.ackOffset = 100;
        List<Action> out = machine.tick(now + 200, 100, List.of(r));
        assertTrue(out.contains(new FailoverMachine.BecomeReplicaOf("10.0.0.2", 6380)));
        assertEquals(State.IN_PROGRESS, machine.state());
        assertEquals(List.of(new FailoverMachine.PauseWrites(false)), machine.accepted());
        assertEquals(State.NO_FAILOVER, machine.state());
    }

    @Test
    void withoutTargetTheFirstSyncedReplicaIsChosen() {
        MasterMachine.Replica behind = online("10.0.0.2", 6380, 50), synced = online("10.0.0.3", 6381, 100);
        machine.request(null, 0, 0, false, false, List.of(behind, synced), now);
        List<Action> out = machine.tick(now, 100, List.of(behind, synced));
        assertTrue(out.contains(new FailoverMachine.BecomeReplicaOf("10.0.0.3", 6381)));
    }

    @Test
    void timeoutWithoutForceAbortsTheWait() {
        MasterMachine.Replica r = online("10.0.0.2", 6380, 0);
        machine.request(null, 0, 500, false, false, List.of(r), now);
        assertTrue(machine.suppressesPing());
        assertTrue(machine.tick(now + 499, 100, List.of(r)).isEmpty());
        List<Action> out = machine.tick(now + 500, 100, List.of(r));
        assertTrue(out.contains(new FailoverMachine.PauseWrites(false)));
        assertTrue(of(out, FailoverMachine.BecomeMaster.class).isEmpty());
        assertTrue(of(out, FailoverMachine.Log.class).get(0).message().endsWith("Replica never caught up before timeout"));
        assertEquals(State.NO_FAILOVER, machine.state());
    }

    @Test
    void timeoutWithForceFailsOverAnyway() {
        MasterMachine.Replica r = online("10.0.0.2", 6380, 0);
        machine.request("10.0.0.2", 6380, 500, true, false, List.of(r), now);
        List<Action> out = machine.tick(now + 500, 100, List.of(r));
        assertTrue(out.contains(new FailoverMachine.BecomeReplicaOf("10.0.0.2", 6380)));
        assertEquals(State.IN_PROGRESS, machine.state());
    }

    @Test
    void refusedPsyncTurnsTheNodeBackIntoAMaster() {
        MasterMachine.Replica r = online("10.0.0.2", 6380, 100);
        machine.request(null, 0, 0, false, false, List.of(r), now);
        machine.tick(now, 100, List.of(r));
        List<Action> out = machine.rejected();
        assertTrue(out.contains(new FailoverMachine.BecomeMaster()));
        assertTrue(out.contains(new FailoverMachine.PauseWrites(false)));
        assertEquals(State.NO_FAILOVER, machine.state());
        assertTrue(machine.rejected().isEmpty());
    }

    @Test
    void abortDuringTheWaitOnlyEndsThePause() {
        MasterMachine.Replica r = online("10.0.0.2", 6380, 0);
        machine.request(null, 0, 0, false, false, List.of(r), now);
        List<Action> out = machine.abort("Failover manually aborted");
        assertEquals(List.of(new FailoverMachine.Log("FAILOVER to any replica aborted: Failover manually aborted"),
                new FailoverMachine.PauseWrites(false)), out);
    }
}
