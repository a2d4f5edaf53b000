package vigil.sentinel.core;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Whole failovers stepped on a fake clock: detection, agreement, election, promotion, switch. */
class FailoverScenarioTest {

    @Test
    void discoversReplicasFromMasterInfo() {
        World w = World.threeByThree(1);
        for (World.Sentinel s : w.sentinels) {
            assertEquals(2, w.master(s).replicas.size(), s.events.toString());
            assertTrue(s.events.contains("+slave slave 127.0.0.1:6380 127.0.0.1 6380 @ mymaster 127.0.0.1 6379"), s.events.toString());
            assertTrue(s.actions.stream().anyMatch(a -> a instanceof Action.Persist));
        }
    }

    @Test
    void masterDownLeadsToOneFailoverAndSwitchEverywhere() {
        World w = World.threeByThree(2);
        w.node(6379).alive = false;
        long killedAt = w.now;
        Addr promoted = new Addr("127.0.0.1", 6380);
        assertTrue(w.runUntil(() -> w.sentinels.stream().allMatch(s -> w.master(s).addr.equals(promoted)), 20_000));
        long elapsed = w.now - killedAt;
        assertTrue(elapsed < 4_000, "failover took " + elapsed + " ms");
        long leaders = w.sentinels.stream().filter(s -> s.saw("+elected-leader")).count();
        assertEquals(1, leaders);
        World.Sentinel leader = w.sentinels.stream().filter(s -> s.saw("+elected-leader")).findFirst().orElseThrow();
        for (String type : new String[]{"+sdown", "+odown", "+new-epoch", "+try-failover", "+elected-leader",
                "+failover-state-select-slave", "+selected-slave", "+failover-state-send-slaveof-noone",
                "+failover-state-wait-promotion", "+promoted-slave", "+failover-state-reconf-slaves",
                "+slave-reconf-sent", "+slave-reconf-inprog", "+slave-reconf-done", "+failover-end", "+switch-master"}) {
            assertTrue(leader.saw(type), type + " missing in " + leader.events);
        }
        assertTrue(leader.events.stream().anyMatch(e -> e.startsWith("+odown master mymaster 127.0.0.1 6379 #quorum ")), leader.events.toString());
        assertTrue(leader.events.contains("+switch-master mymaster 127.0.0.1 6379 127.0.0.1 6380"), leader.events.toString());
        assertTrue(leader.events.contains("+selected-slave slave 127.0.0.1:6380 127.0.0.1 6380 @ mymaster 127.0.0.1 6379"));
        // the other replica now follows the promoted one
        assertEquals(promoted, w.node(6381).masterAddr);
        assertTrue(w.node(6380).master);
        for (World.Sentinel s : w.sentinels) {
            MasterState m = w.master(s);
            assertEquals(1, m.configEpoch, s.events.toString());
            assertTrue(m.replicas.containsKey(new Addr("127.0.0.1", 6379)), "old master kept as a replica");
            assertTrue(m.replicas.containsKey(new Addr("127.0.0.1", 6381)));
            assertFalse(m.replicas.containsKey(promoted));
            assertTrue(s.saw("+switch-master"), s.events.toString());
            if (s != leader) {
                assertTrue(s.saw("+config-update-from") || s.saw("+switch-master"), s.events.toString());
                assertTrue(s.saw("+vote-for-leader"), s.events.toString());
            }
        }
        // votes were persisted before they were answered (World checks the order)
        assertTrue(w.sentinels.stream().mapToInt(s -> s.persistsBeforeVoteAnswer).sum() >= 1);
        // no second failover
        w.run(30_000);
        for (World.Sentinel s : w.sentinels) {
            assertEquals(1, s.count("+switch-master"), s.events.toString());
        }
    }

    @Test
    void oldMasterReturningIsConvertedToReplica() {
        World w = World.threeByThree(3);
        w.node(6379).alive = false;
        Addr promoted = new Addr("127.0.0.1", 6380);
        assertTrue(w.runUntil(() -> w.sentinels.stream().allMatch(s -> w.master(s).addr.equals(promoted)), 20_000));
        w.run(2_000);
        w.node(6379).alive = true; // comes back still believing it is the master
        assertTrue(w.runUntil(() -> !w.node(6379).master, 30_000));
        assertEquals(promoted, w.node(6379).masterAddr);
        assertTrue(w.sentinels.stream().anyMatch(s -> s.events.contains(
                "+convert-to-slave slave 127.0.0.1:6379 127.0.0.1 6379 @ mymaster 127.0.0.1 6380")));
    }

    @Test
    void twoFailoversInARow() {
        World w = World.threeByThree(4);
        w.node(6379).alive = false;
        Addr first = new Addr("127.0.0.1", 6380);
        assertTrue(w.runUntil(() -> w.sentinels.stream().allMatch(s -> w.master(s).addr.equals(first)), 20_000));
        w.run(3_000);
        w.node(6380).alive = false;
        Addr second = new Addr("127.0.0.1", 6381);
        assertTrue(w.runUntil(() -> w.sentinels.stream().allMatch(s -> w.master(s).addr.equals(second)), 20_000),
                w.sentinels.get(0).events.toString());
        for (World.Sentinel s : w.sentinels) {
            assertEquals(2, s.count("+switch-master"), s.events.toString());
            assertEquals(2, w.master(s).configEpoch);
        }
        assertTrue(w.node(6381).master);
    }

    @Test
    void forcedFailoverNeedsNoAgreement() throws Exception {
        World w = World.threeByThree(5);
        World.Sentinel s = w.sentinels.get(0);
        s.brain.forceFailover(World.MASTER, w.now);
        w.flush(s);
        assertTrue(s.saw("+try-failover"));
        assertTrue(w.runUntil(() -> w.master(s).addr.port() == 6380, 5_000), s.events.toString());
        assertTrue(s.saw("+elected-leader"));
        SentinelError again = null;
        try {
            s.brain.forceFailover("nope", w.now);
        } catch (SentinelError e) {
            again = e;
        }
        assertEquals("ERR No such master with that name", again.getMessage());
        // the old master, alive all along, is converted once the new config settled
        assertTrue(w.runUntil(() -> !w.node(6379).master, 30_000), s.events.toString());
    }

    @Test
    void forcedFailoverRefusedWhileOneRunsOrWithoutGoodReplica() throws Exception {
        World w = World.threeByThree(6);
        World.Sentinel s = w.sentinels.get(0);
        s.brain.forceFailover(World.MASTER, w.now);
        SentinelError e = null;
        try {
            s.brain.forceFailover(World.MASTER, w.now);
        } catch (SentinelError x) {
            e = x;
        }
        assertEquals("INPROG Failover already in progress", e.getMessage());

        World w2 = World.threeByThree(7);
        w2.node(6380).priority = 0;
        w2.node(6381).priority = 0;
        w2.run(11_000);
        e = null;
        try {
            w2.sentinels.get(0).brain.forceFailover(World.MASTER, w2.now);
        } catch (SentinelError x) {
            e = x;
        }
        assertEquals("NOGOODSLAVE No suitable replica to promote", e.getMessage());
    }
}
