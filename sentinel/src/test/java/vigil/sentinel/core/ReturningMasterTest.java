package vigil.sentinel.core;

import org.junit.jupiter.api.Test;

import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The returning old master (restarted, resumed after a pause, or back from a partition) is made a
 * replica of the current master within about a second of simulated time of becoming reachable
 * ({@link FastConversion}), and a sentinel whose configuration is stale never converts the
 * legitimate master.
 */
class ReturningMasterTest {
    static final Addr OLD = new Addr("127.0.0.1", 6379);
    static final Addr PROMOTED = new Addr("127.0.0.1", 6380);

    /** Master 6379 becomes unreachable by {@code cut}, 6380 is promoted everywhere; returns the world. */
    static World failedOver(long seed, Consumer<World.Node> cut) {
        World w = World.threeByThree(seed);
        cut.accept(w.node(6379));
        assertTrue(w.runUntil(() -> w.sentinels.stream().allMatch(s -> w.master(s).addr.equals(PROMOTED))
                && w.node(6381).masterAddr.equals(PROMOTED), 20_000));
        w.run(3_000);
        assertTrue(w.node(6379).master, "the old master still believes it is the master");
        return w;
    }

    /** Time (simulated ms) during which two nodes answer ROLE master after the old one is reachable again. */
    static long twoMastersFor(World w, Runnable heal) {
        heal.run();
        long back = w.now;
        assertTrue(w.runUntil(() -> !w.node(6379).master, 15_000), "the old master was never converted");
        assertEquals(PROMOTED, w.node(6379).masterAddr);
        System.out.printf("returning master: two masters for %d ms of simulated time%n", w.now - back);
        return w.now - back;
    }

    @Test
    void restartedOldMasterIsConvertedWithinASecond() {
        for (long seed = 1; seed <= 10; seed++) {
            World w = failedOver(seed, n -> n.alive = false);
            long ms = twoMastersFor(w, () -> {
                w.node(6379).alive = true;
                w.node(6379).runId = World.runId("restarted");
            });
            assertTrue(ms <= 1_000, "seed " + seed + ": two masters for " + ms + " ms");
            assertTrue(w.sentinels.stream().anyMatch(s -> s.saw("+convert-to-slave")));
        }
    }

    @Test
    void pausedOldMasterIsConvertedWithinASecondOfResuming() {
        for (long seed = 11; seed <= 20; seed++) {
            World w = failedOver(seed, n -> n.alive = false);   // SIGSTOP: same run id when it resumes
            long ms = twoMastersFor(w, () -> w.node(6379).alive = true);
            assertTrue(ms <= 1_000, "seed " + seed + ": two masters for " + ms + " ms");
        }
    }

    @Test
    void oldMasterBackFromAPartitionIsConvertedWithinASecond() {
        for (long seed = 21; seed <= 30; seed++) {
            World w = failedOver(seed, n -> w0(n));
            long ms = twoMastersFor(w, () -> w.node(6379).unreachableFrom.clear());
            assertTrue(ms <= 1_000, "seed " + seed + ": two masters for " + ms + " ms");
        }
    }

    private static void w0(World.Node n) {
        for (int p = 26379; p <= 26381; p++) {
            n.unreachableFrom.add(World.runId("sentinel" + p));
        }
    }

    @Test
    void sentinelsCutOffFromEachOtherConvertNothing() {
        World w = failedOver(31, n -> n.alive = false);
        w.groupCut.addAll(w.sentinels.stream().map(s -> s.id).toList());   // each alone: a minority
        w.updateAlive();
        w.node(6379).alive = true;
        w.run(15_000);
        assertTrue(w.node(6379).master, "no sentinel in a minority converts");
        assertTrue(w.sentinels.stream().noneMatch(s -> s.saw("+convert-to-slave")));
    }

    @Test
    void staleSentinelCutOffFromTheGroupNeverConvertsTheLegitimateMaster() {
        for (long seed = 40; seed <= 45; seed++) {
            World w = World.threeByThree(seed);
            World.Sentinel stale = w.sentinels.get(2);
            // The old master is cut off from two sentinels only; the third still sees it fine but
            // cannot talk to the group, so it keeps the old configuration (epoch 0).
            w.node(6379).unreachableFrom.add(w.sentinels.get(0).id);
            w.node(6379).unreachableFrom.add(w.sentinels.get(1).id);
            w.groupCut.add(stale.id);
            w.updateAlive();
            assertTrue(w.runUntil(() -> w.master(w.sentinels.get(0)).addr.equals(PROMOTED)
                    && w.master(w.sentinels.get(1)).addr.equals(PROMOTED), 20_000));
            assertEquals(OLD, w.master(stale).addr, "the stale sentinel missed the failover");
            w.helloDeaf.add(stale.id);   // and hears no hello on the instances either (Redis's 8 s would convert 6380)
            w.run(15_000);
            boolean convertedPromoted = stale.actions.stream().anyMatch(a -> a instanceof Action.ReplicaOf r
                    && r.target().addr().equals(PROMOTED));
            assertFalse(convertedPromoted, "seed " + seed + ": " + stale.timeline);
            assertTrue(w.node(6380).master, "the legitimate master is still the master");
            w.helloDeaf.clear();
            w.groupCut.clear();
            w.updateAlive();
            assertTrue(w.runUntil(() -> w.master(stale).addr.equals(PROMOTED), 5_000), "the hellos update it once it hears them");
        }
    }
}
