package vigil.sentinel.core;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Zero-loss mode (the master reports min_replicas_ack n > 0) stepped on the fake clock: the
 * leader detaches the replicas, reads their final offsets and promotes the one holding every
 * acknowledged write, or aborts with -failover-abort-zero-loss. {@link ZeroLossModel} tracks the
 * acknowledged writes and checks the invariant after every failover.
 */
class ZeroLossFailoverTest {
    static final String HISTORY = World.runId("history-A");
    static final String OTHER_HISTORY = World.runId("history-B");
    static final String AT_MASTER = " @ mymaster 127.0.0.1 6379";

    private static Addr port(int p) {
        return new Addr("127.0.0.1", p);
    }

    /** Master 6379 with min-replicas-ack {@code n}, replicas 6380 and 6381 in its history, three sentinels (quorum 2). */
    static World world(long seed, int n) {
        World w = new World(seed);
        World.Node m = w.node(6379, true, null);
        m.minReplicasAck = n;
        m.replid = HISTORY;
        w.node(6380, false, 6379).replid = HISTORY;
        w.node(6381, false, 6379).replid = HISTORY;
        w.sentinel(26379, 6379, 2);
        w.sentinel(26380, 6379, 2);
        w.sentinel(26381, 6379, 2);
        w.meshPeers();
        w.run(3_000);
        return w;
    }

    private static boolean allFollow(World w, int masterPort) {
        return w.sentinels.stream().filter(s -> s.alive).allMatch(s -> w.master(s).addr.equals(port(masterPort)));
    }

    private static World.Sentinel leader(World w) {
        return w.sentinels.stream().filter(s -> s.saw("+elected-leader")).findFirst().orElseThrow();
    }

    private static String replica(int p) {
        return "slave 127.0.0.1:" + p + " 127.0.0.1 " + p + AT_MASTER;
    }

    @Test
    void sentinelsLearnTheModeFromTheMastersInfoAndPersistIt() {
        World w = world(40, 2);
        for (World.Sentinel s : w.sentinels) {
            assertEquals(2, w.master(s).minReplicasAck, s.events.toString());
            assertEquals(HISTORY, w.master(s).replid);
            assertTrue(s.actions.stream().anyMatch(a -> a instanceof Action.Persist));
        }
        w.node(6379).minReplicasAck = 0; // a master's INFO saying 0 turns the mode off
        w.run(11_000);
        w.sentinels.forEach(s -> assertEquals(0, w.master(s).minReplicasAck));
    }

    @Test
    void theHighestOffsetIsPromotedEvenWhenAnotherReplicaHasBetterPriority() {
        World w = world(41, 1);
        ZeroLossModel model = new ZeroLossModel();
        World.Node m = w.node(6379);
        World.Node a = w.node(6380);
        World.Node b = w.node(6381);
        a.priority = 10; // the default choice would be 6380
        assertTrue(model.write(w, m, 100, a, b));
        assertTrue(model.write(w, m, 20, b)); // acknowledged by 6381 alone (n = 1): 6380 lacks it
        w.run(1_000);
        m.alive = false;
        long killedAt = w.now;
        assertTrue(w.runUntil(() -> allFollow(w, 6381), 20_000), leader(w).timeline.toString());
        long elapsed = w.now - killedAt;
        assertTrue(elapsed < 4_000, "zero-loss failover took " + elapsed + " ms");
        model.check(w);
        World.Sentinel leader = leader(w);
        for (String e : List.of("+failover-state-detach-slaves master mymaster 127.0.0.1 6379 #min-replicas-ack 1",
                "+detached-slave " + replica(6380) + " #offset 100", "+detached-slave " + replica(6381) + " #offset 120",
                "+selected-slave " + replica(6381), "+switch-master mymaster 127.0.0.1 6379 127.0.0.1 6381")) {
            assertTrue(leader.events.contains(e), e + " missing in " + leader.events);
        }
        List<String> order = leader.types();
        assertTrue(order.indexOf("+failover-state-detach-slaves") < order.indexOf("+failover-state-select-slave"));
        assertEquals(port(6381), a.masterAddr, "the other replica follows the promoted one");
        assertEquals(120, b.promotedAtOffset);
        // The old master comes back: it has no replica left, so it cannot acknowledge anything, and it is converted.
        m.alive = true;
        assertFalse(model.write(w, m, 5, a, b));
        assertTrue(w.runUntil(() -> !m.master, 30_000));
        assertEquals(port(6381), m.masterAddr);
    }

    @Test
    void theFailoverWindowIsTheDefaultModesWindow() {
        long[] took = new long[2];
        for (int n = 0; n <= 1; n++) {
            World w = world(42, n);
            w.node(6380).offset = 100;
            w.node(6381).offset = 90;
            w.run(1_000);
            w.node(6379).alive = false;
            long killedAt = w.now;
            assertTrue(w.runUntil(() -> allFollow(w, 6380), 20_000));
            took[n] = w.now - killedAt;
            assertEquals(n == 1, leader(w).saw("+failover-state-detach-slaves"), leader(w).events.toString());
        }
        assertTrue(took[1] <= took[0] * 1.2 + 100, "default " + took[0] + " ms, zero-loss " + took[1] + " ms");
    }

    @Test
    void twoReplicasAndMinReplicasAckTwoFailOverWithOneReachableReplica() {
        World w = world(43, 2);
        ZeroLossModel model = new ZeroLossModel();
        World.Node m = w.node(6379);
        World.Node a = w.node(6380);
        World.Node b = w.node(6381);
        a.priority = 10;
        assertTrue(model.write(w, m, 100, a, b)); // with n = 2 every acknowledged write is on both
        a.alive = false;
        assertFalse(model.write(w, m, 50, b), "one replica left: the master refuses writes");
        w.run(2_000);
        m.alive = false;
        assertTrue(w.runUntil(() -> allFollow(w, 6381), 20_000), leader(w).timeline.toString());
        model.check(w); // R - n + 1 = 1 detached replica is enough
        assertTrue(leader(w).events.contains("+detached-slave " + replica(6381) + " #offset 100"), leader(w).events.toString());
    }

    @Test
    void tooFewReachableReplicasAbortAndTheFailoverSucceedsWhenOneReturns() {
        World w = world(44, 1);
        ZeroLossModel model = new ZeroLossModel();
        World.Node m = w.node(6379);
        World.Node a = w.node(6380);
        World.Node b = w.node(6381);
        assertTrue(model.write(w, m, 50, a, b));
        assertTrue(model.write(w, m, 50, a)); // on 6380 only: 6381, promoted alone, would lose it
        a.alive = false;
        w.run(2_000);
        m.alive = false;
        String abort = "-failover-abort-zero-loss master mymaster 127.0.0.1 6379 #too-few-reachable 1/2";
        assertTrue(w.runUntil(() -> w.sentinels.stream().anyMatch(s -> s.events.contains(abort)), 15_000),
                w.sentinels.get(0).events.toString());
        w.run(3_000);
        assertTrue(allFollow(w, 6379));
        assertEquals(-1, a.promotedAtOffset);
        assertEquals(-1, b.promotedAtOffset);
        assertEquals(port(6379), b.masterAddr, "nothing is detached when the attempt cannot succeed");
        model.check(w);
        a.alive = true; // the unreachable replica returns: the next attempt (2 x failover-timeout later) succeeds
        assertTrue(w.runUntil(() -> allFollow(w, 6380), 60_000), w.sentinels.get(0).timeline.toString());
        model.check(w);
        assertEquals(100, a.promotedAtOffset);
    }

    @Test
    void aReplicaThatDoesNotDetachCountsAsMissing() {
        World w = world(45, 1);
        w.node(6380).ignoresReconfig = true; // answers INFO, never obeys REPLICAOF
        w.run(1_000);
        w.node(6379).alive = false;
        String abort = "-failover-abort-zero-loss master mymaster 127.0.0.1 6379 #too-few-detached 1/2";
        assertTrue(w.runUntil(() -> w.sentinels.stream().anyMatch(s -> s.events.contains(abort)), 15_000),
                w.sentinels.get(0).events.toString());
        assertEquals(-1, w.node(6381).promotedAtOffset);
    }

    @Test
    void aHighestHolderWithPriorityZeroAbortsTheFailover() {
        World w = world(46, 1);
        ZeroLossModel model = new ZeroLossModel();
        World.Node m = w.node(6379);
        World.Node a = w.node(6380);
        World.Node b = w.node(6381);
        b.priority = 0;
        assertTrue(model.write(w, m, 100, a, b));
        assertTrue(model.write(w, m, 20, b));
        w.run(11_000);
        m.alive = false;
        w.run(15_000);
        World.Sentinel leader = leader(w);
        assertTrue(leader.events.contains(
                "-failover-abort-zero-loss master mymaster 127.0.0.1 6379 #best-offset-not-promotable 120"), leader.events.toString());
        assertTrue(allFollow(w, 6379));
        assertEquals(-1, a.promotedAtOffset);
        assertEquals(-1, b.promotedAtOffset);
        model.check(w);
    }

    @Test
    void aLeaderCrashingAfterTheFirstDetachLeavesTheFailoverToANewLeader() {
        World w = world(47, 1);
        ZeroLossModel model = new ZeroLossModel();
        World.Node m = w.node(6379);
        World.Node a = w.node(6380);
        World.Node b = w.node(6381);
        b.priority = 10;
        assertTrue(model.write(w, m, 100, a, b));
        assertTrue(model.write(w, m, 20, a));
        w.run(1_000);
        w.leaderDiesAfterDetach = true;
        m.alive = false;
        assertTrue(w.runUntil(() -> w.sentinels.stream().anyMatch(s -> !s.alive), 10_000));
        World.Sentinel first = w.sentinels.stream().filter(s -> !s.alive).findFirst().orElseThrow();
        assertTrue(first.saw("+failover-state-detach-slaves"), first.events.toString());
        assertFalse(first.saw("+selected-slave"));
        long detached = w.nodes.values().stream().filter(n -> Action.Detach.ADDR.equals(n.masterAddr)).count();
        assertEquals(1, detached, "the crashed leader detached one replica");
        assertTrue(w.runUntil(() -> allFollow(w, 6380), 90_000), w.sentinels.get(1).timeline.toString());
        model.check(w);
        World.Sentinel second = w.sentinels.stream().filter(s -> s.alive && s.saw("+selected-slave")).findFirst().orElseThrow();
        assertNotEquals(first.id, second.id);
        assertTrue(second.events.contains("+detached-slave " + replica(6380) + " #offset 120"), second.events.toString());
        assertTrue(second.events.contains("+detached-slave " + replica(6381) + " #offset 100"), second.events.toString());
        assertEquals(port(6380), b.masterAddr);
    }

    @Test
    void aSecondFailoverDoesNotWaitForTheOldMasterThatNeverCameBack() {
        World w = world(52, 1);
        ZeroLossModel model = new ZeroLossModel();
        World.Node m = w.node(6379);
        World.Node a = w.node(6380);
        World.Node b = w.node(6381);
        assertTrue(model.write(w, m, 100, a, b));
        assertTrue(model.write(w, m, 20, a));
        w.run(1_000);
        m.alive = false; // for good
        assertTrue(w.runUntil(() -> allFollow(w, 6380), 20_000), leader(w).timeline.toString());
        model.check(w);
        a.minReplicasAck = 1;
        w.run(3_000);
        b.offset = a.offset; // b caught up with the new master
        assertTrue(model.write(w, a, 30, b));
        w.run(3_000);
        for (World.Sentinel s : w.sentinels) {
            assertTrue(w.master(s).replicas.get(port(6379)).formerMaster, "6379 never replicated 6380");
            assertEquals(1, ZeroLoss.needed(w.master(s)), "R leaves the old master out");
        }
        a.alive = false;
        assertTrue(w.runUntil(() -> allFollow(w, 6381), 60_000), w.sentinels.get(0).timeline.toString());
        model.check(w);
        assertEquals(150, b.promotedAtOffset);
    }

    @Test
    void aReplicaOfAnotherHistoryIsNotComparedByOffset() {
        World w = world(48, 2);
        World.Node a = w.node(6380);
        World.Node b = w.node(6381);
        a.offset = 100;
        b.replid = OTHER_HISTORY; // e.g. full-synced from elsewhere: its offset means nothing here
        b.offset = 500;
        w.run(1_000);
        w.node(6379).alive = false;
        assertTrue(w.runUntil(() -> allFollow(w, 6380), 20_000), leader(w).timeline.toString());
        assertEquals(-1, b.promotedAtOffset);
    }

    @Test
    void aReplicaThatContinuedFromAPromotedNodeIsComparedOnTheSharedHistory() {
        ReplicaState r = new ReplicaState(port(1), 1000);
        r.replid = OTHER_HISTORY;
        r.replid2 = HISTORY;
        r.secondReplOffset = 101;
        r.replOffset = 300;
        assertEquals(100, ZeroLoss.historyOffset(r, HISTORY));
        assertEquals(300, ZeroLoss.historyOffset(r, OTHER_HISTORY));
        assertEquals(-1, ZeroLoss.historyOffset(r, World.runId("history-C")));
    }

    @Test
    void aForcedFailoverDetachesFirstSoTheOldMasterStopsAcknowledging() throws Exception {
        World w = world(49, 1);
        ZeroLossModel model = new ZeroLossModel();
        World.Node m = w.node(6379);
        World.Node a = w.node(6380);
        World.Node b = w.node(6381);
        assertTrue(model.write(w, m, 100, a, b));
        assertTrue(model.write(w, m, 20, b));
        World.Sentinel s = w.sentinels.get(0);
        s.brain.forceFailover(World.MASTER, w.now);
        w.flush(s);
        assertTrue(w.runUntil(() -> w.master(s).addr.equals(port(6381)), 5_000), s.events.toString());
        model.check(w);
        assertFalse(model.write(w, m, 10, a, b), "the old master, alive, has no replica to acknowledge it");
        assertTrue(w.runUntil(() -> !m.master, 30_000), s.events.toString());
    }

    @Test
    void aStaleViewOfTheMastersReplicasAbortsWhenTheMasterHasAJoinDelay() {
        World w = world(50, 1);
        w.node(6379).minReplicasAckJoinDelay = 1; // any INFO is older than that by the time of the failover
        w.run(11_000);
        w.sentinels.forEach(s -> assertEquals(1, w.master(s).minReplicasAckJoinDelay));
        w.node(6379).alive = false;
        String abort = "-failover-abort-zero-loss master mymaster 127.0.0.1 6379 #stale-master-info";
        assertTrue(w.runUntil(() -> w.sentinels.stream().anyMatch(s -> s.events.contains(abort)), 15_000),
                w.sentinels.get(0).events.toString());
        assertEquals(port(6379), w.node(6380).masterAddr);
    }

    @Test
    void defaultModeKeepsRedissChoice() {
        World w = world(51, 0);
        w.node(6380).offset = 90;
        w.node(6381).offset = 120;
        w.node(6380).priority = 10;
        w.run(11_000);
        w.node(6379).alive = false;
        assertTrue(w.runUntil(() -> allFollow(w, 6380), 20_000));
        assertFalse(w.sentinels.stream().anyMatch(s -> s.saw("+failover-state-detach-slaves") || s.saw("+detached-slave")));
    }
}
