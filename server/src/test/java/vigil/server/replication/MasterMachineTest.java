package vigil.server.replication;

import vigil.server.node.ReplicationState;
import org.junit.jupiter.api.Test;
import vigil.server.config.ServerConfig;
import vigil.server.replication.MasterMachine.Action;
import vigil.server.replication.MasterMachine.Replica;
import vigil.server.replication.MasterMachine.State;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Steps the master side's state machine with a fake clock: no sockets, no sleeps. */
class MasterMachineTest {
    static final String ID = "0123456789abcdef0123456789abcdef01234567";
    static final String NEW_ID = "fedcba9876543210fedcba9876543210fedcba98";

    final ServerConfig config = new ServerConfig();
    final ReplicationState history = new ReplicationState();
    long now = 1_000_000;
    int ids;
    final MasterMachine machine;

    MasterMachineTest() {
        config.replDisklessSync = false;
        history.replId = ID;
        machine = new MasterMachine(config, history, () -> "new-id-" + (++ids), now);
    }

    /** A master at offset 6 whose backlog holds "abcdef" (offsets 1..6). */
    void withBacklog(long size) {
        machine.backlog = new ReplicationBacklog(size, 0);
        machine.backlog.append("abcdef".getBytes(StandardCharsets.US_ASCII));
        history.offset = 6;
    }

    static Replica replica(boolean capaEof) {
        Replica r = new Replica("10.0.0.2");
        r.listeningPort = 6380;
        r.capaEof = capaEof;
        r.capaPsync2 = true;
        return r;
    }

    static String sent(List<Action> actions, Replica to) {
        StringBuilder sb = new StringBuilder();
        for (Action a : actions) {
            if (a instanceof MasterMachine.Send s && s.to() == to) sb.append(new String(s.bytes(), StandardCharsets.ISO_8859_1));
        }
        return sb.toString();
    }

    static <T> List<T> of(List<Action> actions, Class<T> type) {
        List<T> out = new ArrayList<>();
        for (Action a : actions) if (type.isInstance(a)) out.add(type.cast(a));
        return out;
    }

    static boolean counted(List<Action> actions, MasterMachine.Counter c) {
        return actions.contains(new MasterMachine.Count(c));
    }

    // ---- PSYNC ----

    @Test
    void knownReplidInsideBacklogContinuesWithTheTail() {
        withBacklog(1024);
        Replica r = replica(true);
        List<Action> out = machine.psync(r, ID, 4L, now, false);
        assertEquals("+CONTINUE " + ID + "\r\ndef", sent(out, r));
        assertEquals(State.ONLINE, r.state);
        assertTrue(counted(out, MasterMachine.Counter.SYNC_PARTIAL_OK));
        assertEquals(List.of(r), machine.replicas);
    }

    @Test
    void replicaWithoutPsync2CapaGetsBareContinue() {
        withBacklog(1024);
        Replica r = replica(true);
        r.capaPsync2 = false;
        assertEquals("+CONTINUE\r\n", sent(machine.psync(r, ID, 7L, now, false), r));
    }

    @Test
    void previousReplidContinuesUpToSecondOffsetAfterPromotion() {
        withBacklog(1024);
        history.shiftReplId();   // promoted at offset 6: the old id is valid up to offset 7
        String promotedId = history.replId;
        Replica r = replica(true);
        List<Action> out = machine.psync(r, ID, 7L, now, false);
        assertEquals("+CONTINUE " + promotedId + "\r\n", sent(out, r));
        assertEquals(State.ONLINE, r.state);

        Replica beyond = replica(true);
        machine.backlog.append("gh".getBytes(StandardCharsets.US_ASCII));
        history.offset = 8;
        List<Action> refused = machine.psync(beyond, ID, 8L, now, false);
        assertTrue(counted(refused, MasterMachine.Counter.SYNC_FULL));
        assertNotEquals(State.ONLINE, beyond.state);
    }

    @Test
    void unknownReplidGetsFullResync() {
        withBacklog(1024);
        Replica r = replica(false);
        List<Action> out = machine.psync(r, NEW_ID, 4L, now, false);
        assertTrue(counted(out, MasterMachine.Counter.SYNC_PARTIAL_ERR));
        assertTrue(counted(out, MasterMachine.Counter.SYNC_FULL));
        MasterMachine.StartSnapshot start = of(out, MasterMachine.StartSnapshot.class).get(0);
        assertEquals(List.of(r), start.group());
        assertEquals(ID, start.replId());
        assertEquals(6, start.offset());
        assertEquals(State.WAIT_BGSAVE_END, r.state);
        assertEquals("", sent(out, r));
    }

    @Test
    void offsetOutsideBacklogGetsFullResync() {
        withBacklog(16);
        machine.backlog.append(new byte[40]);   // offsets 1..46, the backlog holds 31..46
        history.offset = 46;
        assertTrue(counted(machine.psync(replica(false), ID, 20L, now, false), MasterMachine.Counter.SYNC_FULL));
        assertTrue(counted(machine.psync(replica(false), ID, 48L, now, false), MasterMachine.Counter.SYNC_FULL));
        List<Action> inside = machine.psync(replica(false), ID, 31L, now, false);
        assertTrue(counted(inside, MasterMachine.Counter.SYNC_PARTIAL_OK));
    }

    @Test
    void unparsableOffsetAndQuestionMarkGoStraightToFullSync() {
        withBacklog(1024);
        List<Action> out = machine.psync(replica(false), "?", -1L, now, false);
        assertTrue(counted(out, MasterMachine.Counter.SYNC_FULL));
        assertTrue(of(out, MasterMachine.Count.class).stream().noneMatch(c -> c.counter() == MasterMachine.Counter.SYNC_PARTIAL_ERR));
        assertTrue(counted(machine.psync(replica(false), ID, null, now, false), MasterMachine.Counter.SYNC_PARTIAL_ERR));
    }

    @Test
    void firstReplicaOfAMasterStartsANewHistoryAndBacklog() {
        assertNull(machine.backlog);
        Replica r = replica(false);
        List<Action> out = machine.psync(r, "?", -1L, now, false);
        assertEquals("new-id-1", history.replId);
        assertEquals(ReplicationState.ZERO_ID, history.replId2);
        assertNotNull(machine.backlog);
        assertEquals("new-id-1", of(out, MasterMachine.StartSnapshot.class).get(0).replId());
    }

    @Test
    void oldSyncGetsAFullSyncAndIsNeverTimedOut() {
        Replica r = replica(false);
        machine.sync(r, now, false);
        machine.payloadSent(r, now);
        now += 3_600_000;
        assertTrue(of(machine.tick(now, false, false), MasterMachine.Close.class).isEmpty());
    }

    // ---- full sync scheduling ----

    @Test
    void replicasArrivingWhileABgsaveRunsShareTheNextSnapshot() {
        Replica a = replica(false), b = replica(false);
        assertTrue(of(machine.psync(a, "?", -1L, now, true), MasterMachine.StartSnapshot.class).isEmpty());
        assertTrue(of(machine.psync(b, "?", -1L, now, true), MasterMachine.StartSnapshot.class).isEmpty());
        assertEquals(State.WAIT_BGSAVE_START, a.state);
        now += 100;
        List<MasterMachine.StartSnapshot> starts = of(machine.tick(now, false, false), MasterMachine.StartSnapshot.class);
        assertEquals(1, starts.size());
        assertEquals(List.of(a, b), starts.get(0).group());
    }

    @Test
    void lateReplicaWaitsForNextSnapshot() {
        Replica early = replica(false), late = replica(false);
        machine.psync(early, "?", -1L, now, false);
        assertTrue(machine.snapshotRunning());
        assertTrue(of(machine.psync(late, "?", -1L, now, false), MasterMachine.StartSnapshot.class).isEmpty());
        assertEquals(State.WAIT_BGSAVE_START, late.state);
        assertTrue(of(machine.tick(now + 100, false, false), MasterMachine.StartSnapshot.class).isEmpty());

        machine.payloadSent(early, now);
        machine.snapshotEnded();
        List<MasterMachine.StartSnapshot> next = of(machine.startPendingSnapshot(now, false), MasterMachine.StartSnapshot.class);
        assertEquals(List.of(late), next.get(0).group());
        assertEquals(State.ONLINE, early.state);
    }

    @Test
    void streamProducedDuringThePayloadFollowsIt() {
        Replica r = replica(false);
        machine.psync(r, "?", -1L, now, false);
        byte[] write = "*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII);
        assertTrue(machine.hold(write, now).isEmpty());
        List<Action> out = machine.payloadSent(r, now + 5);
        assertEquals("*1\r\n$4\r\nPING\r\n", sent(out, r));
        assertEquals(State.ONLINE, r.state);
        assertEquals(now + 5, r.ackTime);
        assertNull(r.held);
    }

    @Test
    void waitingReplicasGetAKeepaliveNewlineEachSecond() {
        Replica streaming = replica(false), waiting = replica(false);
        machine.psync(streaming, "?", -1L, now, false);
        machine.psync(waiting, "?", -1L, now, false);
        List<Action> out = machine.tick(now + 1000, false, false);
        assertEquals("\n", sent(out, streaming));
        assertEquals("\n", sent(out, waiting));
        assertEquals("", sent(machine.tick(now + 1500, false, false), waiting));
    }

    @Test
    void disklessSyncWaitsForTheDelay() {
        config.replDisklessSync = true;
        config.replDisklessSyncDelay = 5;
        Replica a = replica(true);
        List<Action> first = machine.psync(a, "?", -1L, now, false);
        assertTrue(of(first, MasterMachine.StartSnapshot.class).isEmpty());
        assertEquals(1, of(first, MasterMachine.Log.class).stream().filter(l -> l.message().startsWith("Delay next BGSAVE")).count());
        now += 2000;
        Replica b = replica(true);
        machine.psync(b, "?", -1L, now, false);
        assertTrue(of(machine.tick(now + 2999, false, false), MasterMachine.StartSnapshot.class).isEmpty());
        List<MasterMachine.StartSnapshot> start = of(machine.tick(now + 3000, false, false), MasterMachine.StartSnapshot.class);
        assertEquals(List.of(a, b), start.get(0).group());
        assertEquals(State.SEND_BULK, a.state);
    }

    @Test
    void disklessMaxReplicasStartsTheSnapshotEarly() {
        config.replDisklessSync = true;
        config.replDisklessSyncDelay = 5;
        config.replDisklessSyncMaxReplicas = 2;
        Replica a = replica(true), b = replica(true);
        assertTrue(of(machine.psync(a, "?", -1L, now, false), MasterMachine.StartSnapshot.class).isEmpty());
        List<MasterMachine.StartSnapshot> start = of(machine.psync(b, "?", -1L, now + 10, false), MasterMachine.StartSnapshot.class);
        assertEquals(List.of(a, b), start.get(0).group());
    }

    @Test
    void replicaWithoutCapaEofGetsADiskPayloadAtOnce() {
        config.replDisklessSync = true;
        config.replDisklessSyncDelay = 5;
        Replica eof = replica(true), disk = replica(false);
        machine.psync(eof, "?", -1L, now, false);
        List<MasterMachine.StartSnapshot> start = of(machine.psync(disk, "?", -1L, now, false), MasterMachine.StartSnapshot.class);
        assertEquals(List.of(eof, disk), start.get(0).group());
        assertEquals(State.SEND_BULK, eof.state);
        assertEquals(State.WAIT_BGSAVE_END, disk.state);
    }

    @Test
    void abortedSnapshotDisconnectsItsReplicas() {
        Replica r = replica(false);
        machine.psync(r, "?", -1L, now, false);
        assertEquals(List.of(new MasterMachine.Disconnect(r)), machine.snapshotAborted(List.of(r)));
    }

    // ---- backlog TTL, repl-timeout, output-buffer limit ----

    @Test
    void backlogIsFreedAfterTtlWithoutReplicas() {
        config.replBacklogTtl = 10;
        Replica r = replica(false);
        machine.psync(r, "?", -1L, now, false);
        String id = history.replId;
        machine.removed(r, now);
        machine.tick(now + 10_999, false, false);
        assertNotNull(machine.backlog);
        List<Action> out = machine.tick(now + 11_000, false, false);
        assertNull(machine.backlog);
        assertNotEquals(id, history.replId);
        assertEquals(ReplicationState.ZERO_ID, history.replId2);
        assertEquals(1, of(out, MasterMachine.Log.class).size());
    }

    @Test
    void replicaNeverFreesItsBacklog() {
        config.replBacklogTtl = 1;
        withBacklog(1024);
        history.masterHost = "10.0.0.1";
        machine.tick(now + 3_600_000, false, false);
        assertNotNull(machine.backlog);
    }

    @Test
    void silentOnlineReplicaIsDroppedAfterReplTimeout() {
        config.replTimeout = 60;
        withBacklog(1024);
        Replica r = replica(true);
        machine.psync(r, ID, 7L, now, false);
        machine.acked(r, 6, now + 1000);
        assertTrue(of(machine.tick(now + 61_000, false, false), MasterMachine.Close.class).isEmpty());
        List<MasterMachine.Close> closes = of(machine.tick(now + 61_001, false, false), MasterMachine.Close.class);
        assertEquals(r, closes.get(0).replica());
    }

    @Test
    void heldStreamOverTheHardLimitClosesTheReplica() {
        config.clientOutputBufferLimit[1] = new long[]{100, 0, 0};
        Replica r = replica(false);
        machine.psync(r, "?", -1L, now, false);
        assertTrue(machine.hold(new byte[99], now).isEmpty());
        List<MasterMachine.Close> closes = of(machine.hold(new byte[1], now), MasterMachine.Close.class);
        assertEquals(r, closes.get(0).replica());
    }

    @Test
    void queuedStreamOverTheSoftLimitClosesOnlyAfterItsSeconds() {
        config.clientOutputBufferLimit[1] = new long[]{0, 50, 2};
        withBacklog(1024);
        Replica r = replica(true);
        machine.psync(r, ID, 7L, now, false);
        assertTrue(machine.outputQueued(r, 60, now).isEmpty());
        assertTrue(machine.outputQueued(r, 60, now + 2000).isEmpty());
        assertTrue(machine.outputQueued(r, 10, now + 2500).isEmpty());   // drained: the soft clock restarts
        assertTrue(machine.outputQueued(r, 60, now + 3000).isEmpty());
        assertTrue(machine.outputQueued(r, 60, now + 5000).isEmpty());
        assertEquals(1, of(machine.outputQueued(r, 60, now + 5001), MasterMachine.Close.class).size());
    }

    // ---- PING, WAIT, min-replicas ----

    @Test
    void pingEveryPeriodUnlessAFailoverSuppressesIt() {
        config.replPingReplicaPeriod = 10;
        withBacklog(1024);
        machine.psync(replica(true), ID, 7L, now, false);
        assertTrue(of(machine.tick(now + 9_999, false, false), MasterMachine.Ping.class).isEmpty());
        assertEquals(1, of(machine.tick(now + 10_000, false, false), MasterMachine.Ping.class).size());
        assertTrue(of(machine.tick(now + 20_000, false, true), MasterMachine.Ping.class).isEmpty());
    }

    @Test
    void noPingWhenEveryReplicaTimedOutOnThatTick() {
        config.replPingReplicaPeriod = 10;
        config.replTimeout = 5;
        withBacklog(1024);
        Replica r = replica(true);
        machine.psync(r, ID, 7L, now, false);
        List<Action> out = machine.tick(now + 10_000, false, false);
        assertEquals(1, of(out, MasterMachine.Close.class).size());
        assertTrue(of(out, MasterMachine.Ping.class).isEmpty());
    }

    @Test
    void waitWakesTheClientOnceEnoughReplicasAckedItsOffset() {
        withBacklog(1024);
        Replica a = replica(true), b = replica(true), syncing = replica(false);
        machine.psync(a, ID, 7L, now, false);
        machine.psync(b, ID, 7L, now, false);
        machine.psync(syncing, "?", -1L, now, false);
        machine.waitStarted(42, 6, 2);
        assertTrue(machine.acked(a, 6, now).isEmpty());
        assertTrue(machine.acked(syncing, 100, now).isEmpty());   // not online: does not count
        assertEquals(List.of(new MasterMachine.Wake(42)), machine.acked(b, 9, now));
        assertEquals(2, machine.waitEnded(42));
        assertTrue(machine.acked(a, 9, now).isEmpty());
    }

    @Test
    void waitTimeoutAnswersTheReplicasThatAckedSoFar() {
        withBacklog(1024);
        Replica a = replica(true), b = replica(true);
        machine.psync(a, ID, 7L, now, false);
        machine.psync(b, ID, 7L, now, false);
        machine.waitStarted(7, 6, 3);
        machine.acked(a, 6, now);
        machine.acked(b, 5, now);
        assertEquals(1, machine.waitEnded(7));
        assertEquals(0, machine.replicasAcked(7));
    }

    @Test
    void goodReplicasAreOnlineWithARecentAck() {
        config.minReplicasMaxLag = 10;
        withBacklog(1024);
        Replica a = replica(true);
        machine.psync(a, ID, 7L, now, false);
        machine.psync(replica(false), "?", -1L, now, false);
        assertEquals(1, machine.goodReplicas(now + 10_999));
        assertEquals(0, machine.goodReplicas(now + 11_000));
    }

    @Test
    void newHistoryOnTheReplicaSideDisconnectsSubReplicasAndRebasesTheBacklog() {
        withBacklog(1024);
        Replica r = replica(true);
        machine.psync(r, ID, 7L, now, false);
        history.masterHost = "10.0.0.1";
        history.offset = 500;
        assertEquals(List.of(new MasterMachine.Disconnect(r)), machine.historyChanged(now));
        assertEquals(500, machine.backlog.endOffset());
    }
}
