package vigil.sentinel.core;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Crash-restart protection, sentinel side ({@link RestartBehind}): a master that restarts empty
 * before down-after-milliseconds is failed over to the replica that has the data, and rejoins as
 * its replica; a master that restarts with its data is left alone.
 */
class RestartBehindTest {
    static final Addr WITH_DATA = new Addr("127.0.0.1", 6380);

    /** Master 6379 at offset 100, replicas 6380 (100) and 6381 (90), all Vigil replicas. */
    static World world(long seed) {
        World w = World.threeByThree(seed);
        w.node(6379).offset = 100;
        w.run(11_000);   // every sentinel has the replicas' offsets
        return w;
    }

    /** kill -9 and restart at once (300 ms, below down-after 1000 ms): a new run id and {@code offset}. */
    static void restart(World w, long offset, boolean replicasRefuse) {
        World.Node m = w.node(6379);
        m.alive = false;
        w.run(300);
        m.alive = true;
        m.runId = World.runId("restarted-" + offset);
        m.offset = offset;
        w.node(6380).syncRefused = replicasRefuse;
        w.node(6381).syncRefused = replicasRefuse;
    }

    @Test
    void masterRestartedEmptyIsFailedOverToTheReplicaWithTheData() {
        for (long seed = 1; seed <= 10; seed++) {
            World w = world(seed);
            restart(w, 0, true);
            long restarted = w.now;
            assertTrue(w.runUntil(() -> w.sentinels.stream().allMatch(s -> w.master(s).addr.equals(WITH_DATA)), 10_000),
                    "seed " + seed + ": " + w.sentinels.get(0).timeline);
            assertTrue(w.sentinels.stream().allMatch(s -> s.saw("+master-restarted-behind")));
            long failedOver = w.now - restarted;
            assertTrue(failedOver < 3_000, "seed " + seed + ": failover took " + failedOver + " ms");
            w.node(6381).syncRefused = false;   // they follow the promoted replica now
            w.node(6380).syncRefused = false;
            assertTrue(w.runUntil(() -> !w.node(6379).master, 3_000), "the restarted node rejoins as a replica");
            assertEquals(WITH_DATA, w.node(6379).masterAddr, "seed " + seed + ": " + String.join("\n", w.sentinels.get(0).timeline) + "\n--\n" + String.join("\n", w.sentinels.get(1).timeline));
            assertEquals(WITH_DATA, w.node(6381).masterAddr);
        }
    }

    @Test
    void detectedFromTheOffsetAlone() {
        World w = world(11);
        restart(w, 0, false);   // e.g. the replicas have not retried yet
        assertTrue(w.runUntil(() -> w.sentinels.stream().allMatch(s -> w.master(s).addr.equals(WITH_DATA)), 10_000));
    }

    @Test
    void detectedFromAReplicaRefusalAlone() {
        World w = world(12);
        for (World.Sentinel s : w.sentinels) {
            w.master(s).runId = null;   // as if the sentinels never saw the old run id (restarted themselves)
        }
        restart(w, 0, true);
        assertTrue(w.runUntil(() -> w.sentinels.stream().allMatch(s -> w.master(s).addr.equals(WITH_DATA)), 10_000));
        assertTrue(w.sentinels.stream().anyMatch(s -> s.events.stream().anyMatch(e -> e.contains("#refused by"))));
    }

    @Test
    void masterRestartedWithItsDataIsLeftAlone() {
        World w = world(13);
        restart(w, 100, false);   // loaded its RDB/AOF: nothing is behind
        w.run(10_000);
        for (World.Sentinel s : w.sentinels) {
            assertEquals(new Addr("127.0.0.1", 6379), w.master(s).addr);
            assertFalse(s.saw("+master-restarted-behind"), s.events.toString());
            assertFalse(s.saw("+sdown") && s.events.stream().anyMatch(e -> e.startsWith("+sdown master")), s.events.toString());
        }
    }
}
