package vigil.sentinel.core;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Isolation}: the master's host (node 6379 and sentinel 26379) cut off from the other two
 * hosts, as the fault bed's partition does. The master steps down before a replica is promoted on
 * the other side, so two nodes never answer ROLE master through the partition; after the heal it
 * follows the new master. Faults that do not isolate the master never make it step down.
 */
class IsolationTest {
    static final Addr OLD = new Addr("127.0.0.1", 6379);

    /** The fault bed's partition of the master's host: its node and sentinel reach only each other. */
    static void cutMasterHost(World w) {
        World.Sentinel s1 = w.sentinels.get(0);
        for (World.Sentinel s : w.sentinels) {
            if (s != s1) {
                w.node(6379).unreachableFrom.add(s.id);
            }
        }
        w.node(6380).unreachableFrom.add(s1.id);
        w.node(6381).unreachableFrom.add(s1.id);
        w.groupCut.add(s1.id);
    }

    static void heal(World w) {
        for (World.Node n : w.nodes.values()) {
            n.unreachableFrom.clear();
        }
        w.groupCut.clear();
        w.updateAlive();
    }

    static List<World.Node> masters(World w) {
        return w.nodes.values().stream().filter(n -> n.alive && n.master).toList();
    }

    /** One master, named by every sentinel, followed by every other node. */
    static boolean converged(World w) {
        List<World.Node> ms = masters(w);
        if (ms.size() != 1) {
            return false;
        }
        Addr m = ms.get(0).addr;
        return w.sentinels.stream().filter(s -> s.alive).allMatch(s -> w.masterAddr(s).equals(m))
                && w.nodes.values().stream().filter(n -> n != ms.get(0)).allMatch(n -> m.equals(n.masterAddr));
    }

    /** Runs {@code ms} of simulated time; returns the ms during which two nodes were masters. */
    static long twoMasterMs(World w, long ms) {
        long two = 0;
        for (long t = 0; t < ms; t += 100) {
            w.run(100);
            if (masters(w).size() >= 2) {
                two += 100;
            }
        }
        return two;
    }

    @Test
    void isolatedMasterStepsDownBeforeAReplicaIsPromoted() {
        for (long seed = 1; seed <= 10; seed++) {
            World w = World.threeByThree(seed);
            cutMasterHost(w);
            long two = twoMasterMs(w, 8_000);
            World.Sentinel s1 = w.sentinels.get(0);
            assertTrue(s1.saw("+isolated-step-down"), "seed " + seed + ": " + s1.timeline);
            assertFalse(w.node(6379).master, "seed " + seed);
            assertEquals(ZeroLoss.DETACH_ADDR, w.node(6379).masterAddr);
            assertEquals(1, masters(w).size(), "seed " + seed + ": a replica was promoted on the majority side");
            // Both sides wait down-after-milliseconds (the step-down for its replicas' S_DOWN, the
            // other side for the master's): they race within a ping period at most.
            assertTrue(two <= 500, "seed " + seed + ": two masters for " + two + " ms");
            // The others never step anything down.
            assertFalse(w.sentinels.get(1).saw("+isolated-step-down"));
            heal(w);
            assertTrue(w.runUntil(() -> converged(w), 3_000),
                    "seed " + seed + ": the stepped-down master did not follow the new one within 3 s: "
                            + w.node(6379).masterAddr + " " + w.sentinels.get(1).timeline);
            assertTrue(w.sentinels.stream().anyMatch(s -> s.events.stream()
                    .anyMatch(e -> e.startsWith("+fix-slave-config") && e.contains("#detached"))));
        }
    }

    @Test
    void aShortIsolationEndsWithOneMasterToo() {
        // Healed around the step-down, before or after the other side's failover.
        for (long cut = 900; cut <= 1_800; cut += 100) {
            for (long seed = 1; seed <= 4; seed++) {
                World w = World.threeByThree(seed * 100 + cut);
                cutMasterHost(w);
                w.run(cut);
                heal(w);
                assertTrue(w.runUntil(() -> converged(w), 40_000),
                        "cut " + cut + " seed " + seed + ": " + masters(w).size() + " masters, "
                                + w.sentinels.get(0).timeline + "\n" + w.sentinels.get(1).timeline);
            }
        }
    }

    @Test
    void aShortIsolationInZeroLossModeEndsWithOneMaster() {
        for (long cut = 900; cut <= 1_800; cut += 300) {
            World w = ZeroLossFailoverTest.world(cut, 1);
            cutMasterHost(w);
            w.run(cut);
            heal(w);
            assertTrue(w.runUntil(() -> converged(w), 60_000),
                    "cut " + cut + ": " + masters(w).size() + " masters, " + w.sentinels.get(1).timeline);
        }
    }

    @Test
    void zeroLossModeStepsDownAndPromotesOnTheOtherSide() {
        World w = ZeroLossFailoverTest.world(7, 1);
        cutMasterHost(w);
        long two = twoMasterMs(w, 8_000);
        assertTrue(two <= 500, "two masters for " + two + " ms");
        assertTrue(w.sentinels.get(0).saw("+isolated-step-down"));
        assertEquals(1, masters(w).size());
        heal(w);
        assertTrue(w.runUntil(() -> converged(w), 3_000));
    }

    @Test
    void aReplicaCutOffDoesNotMakeTheMasterStepDown() {
        World w = World.threeByThree(3);
        for (World.Sentinel s : w.sentinels) {
            w.node(6380).unreachableFrom.add(s.id);
        }
        w.run(10_000);
        assertTrue(w.node(6379).master);
        assertTrue(w.sentinels.stream().noneMatch(s -> s.saw("+isolated-step-down")));
    }

    @Test
    void aSentinelCutOffFromItsPeersAloneDoesNotStepTheMasterDown() {
        World w = World.threeByThree(4);
        w.groupCut.add(w.sentinels.get(0).id);   // it still reaches the master and both replicas
        w.run(10_000);
        assertTrue(w.node(6379).master, w.sentinels.get(0).timeline + "\n" + w.sentinels.get(1).timeline);
        assertTrue(w.sentinels.stream().noneMatch(s -> s.saw("+isolated-step-down")));
    }

    @Test
    void aSentinelThatReachesOnlyTheMasterButHearsAMajorityDoesNotStepItDown() {
        World w = World.threeByThree(5);
        World.Sentinel s1 = w.sentinels.get(0);
        w.node(6380).unreachableFrom.add(s1.id);
        w.node(6381).unreachableFrom.add(s1.id);
        w.run(10_000);
        assertTrue(w.node(6379).master);
        assertFalse(s1.saw("+isolated-step-down"));
    }

    @Test
    void switchedOffPerMasterItDoesNothing() {
        World w = World.threeByThree(6);
        for (World.Sentinel s : w.sentinels) {
            w.master(s).isolationStepDown = false;
        }
        cutMasterHost(w);
        long two = twoMasterMs(w, 8_000);
        assertTrue(two > 4_000, "two masters for " + two + " ms: the old behaviour");
        assertTrue(w.sentinels.stream().noneMatch(s -> s.saw("+isolated-step-down")));
    }
}
