package vigil.sentinel.core;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Agreement between sentinels: quorum, split votes, a leader dying, many randomised elections. */
class ElectionScenarioTest {

    @Test
    void masterDownForOneSentinelOnlyIsNeverObjectivelyDown() {
        World w = World.threeByThree(10);
        World.Sentinel lonely = w.sentinels.get(0);
        w.node(6379).unreachableFrom.add(lonely.id);
        w.run(20_000);
        assertTrue(lonely.events.contains("+sdown master mymaster 127.0.0.1 6379"), lonely.events.toString());
        assertTrue(lonely.actions.stream().anyMatch(a -> a instanceof Action.AskPeers ask && ask.runId().equals("*")));
        for (World.Sentinel s : w.sentinels) {
            assertFalse(s.saw("+odown"), s.events.toString());
            assertFalse(s.saw("+try-failover"), s.events.toString());
            assertEquals(6379, w.master(s).addr.port());
        }
        // reachable again: -sdown
        w.node(6379).unreachableFrom.clear();
        w.run(2_000);
        assertTrue(lonely.saw("-sdown"), lonely.events.toString());
        assertFalse(w.master(lonely).has(Flag.S_DOWN));
    }

    @Test
    void quorumHigherThanAliveSentinelsPreventsFailover() {
        World w = new World(11);
        w.node(6379, true, null);
        w.node(6380, false, 6379);
        w.sentinel(26379, 6379, 3);
        w.sentinel(26380, 6379, 3);
        w.sentinel(26381, 6379, 3);
        w.meshPeers();
        w.run(3_000);
        w.kill(w.sentinels.get(2));
        w.node(6379).alive = false;
        w.run(30_000);
        for (World.Sentinel s : w.sentinels.subList(0, 2)) {
            assertTrue(s.saw("+sdown"));
            assertFalse(s.saw("+odown"), s.events.toString());
            assertEquals(6379, w.master(s).addr.port());
        }
        // the dead peer is S_DOWN for the others
        assertTrue(w.sentinels.get(0).events.stream().anyMatch(e -> e.startsWith("+sdown sentinel ")), w.sentinels.get(0).events.toString());
    }

    @Test
    void oneSentinelOfThreeAliveNeverFailsOver() {
        World w = World.threeByThree(12);
        w.kill(w.sentinels.get(1));
        w.kill(w.sentinels.get(2));
        w.node(6379).alive = false;
        w.run(60_000);
        World.Sentinel s = w.sentinels.get(0);
        assertFalse(s.saw("+odown"), s.events.toString());
        assertEquals(6379, w.master(s).addr.port());
    }

    @Test
    void splitVotesElectNobodyThenRetryInANewEpoch() {
        World w = World.threeByThree(13);
        w.dropVoteRequests = true; // each sentinel only ever gets its own vote
        w.node(6379).alive = false;
        // S_DOWN after 1 s, the last try up to 0.6 s later, its election timeout 10 s after that
        w.run(13_000);
        for (World.Sentinel s : w.sentinels) {
            assertTrue(s.saw("+try-failover"), s.events.toString());
            assertFalse(s.saw("+elected-leader"), s.events.toString());
            assertTrue(s.saw("-failover-abort-not-elected"), s.events.toString());
        }
        assertTrue(w.leadersByEpoch.isEmpty());
        w.dropVoteRequests = false;
        Addr promoted = new Addr("127.0.0.1", 6380);
        assertTrue(w.runUntil(() -> w.sentinels.stream().allMatch(s -> w.master(s).addr.equals(promoted)), 40_000),
                w.sentinels.get(0).timeline.toString());
        assertEquals(1, w.leadersByEpoch.size(), w.leadersByEpoch.toString());
        long epoch = w.leadersByEpoch.keySet().iterator().next();
        assertTrue(epoch >= 2, "retried in a new epoch: " + epoch);
        for (World.Sentinel s : w.sentinels) {
            assertEquals(epoch, w.master(s).configEpoch);
        }
    }

    @Test
    void leaderDyingMidFailoverIsReplacedAfterTwiceTheFailoverTimeout() {
        World w = World.threeByThree(14);
        w.leaderDiesAfterPromote = true;
        w.node(6379).alive = false;
        assertTrue(w.runUntil(() -> w.sentinels.stream().anyMatch(s -> !s.alive), 10_000));
        World.Sentinel dead = w.sentinels.stream().filter(s -> !s.alive).findFirst().orElseThrow();
        long diedAt = w.now;
        assertTrue(w.node(6380).master, "the dead leader's promotion went through");
        List<World.Sentinel> rest = w.sentinels.stream().filter(s -> s.alive).toList();
        for (World.Sentinel s : rest) {
            assertEquals(6379, w.master(s).addr.port(), "nobody else has the new config yet");
        }
        assertTrue(w.runUntil(() -> rest.stream().allMatch(s -> w.master(s).addr.port() == 6380), 60_000),
                rest.get(0).timeline.toString());
        long took = w.now - diedAt;
        assertTrue(took >= 15_000, "waited about failover-timeout*2 (20 s) before retrying: " + took);
        long epoch = w.master(rest.get(0)).configEpoch;
        assertEquals(2, epoch);
        assertEquals(List.of(dead.id), w.leadersByEpoch.get(1L));
        assertEquals(1, w.leadersByEpoch.get(2L).size());
        assertEquals(w.node(6380).addr, w.node(6381).masterAddr);
    }

    @Test
    void randomisedElectionsNeverHaveTwoLeadersInOneEpoch() {
        int switches = 0;
        for (int seed = 0; seed < 150; seed++) {
            World w = World.threeByThree(1000 + seed);
            w.peerLoss = (seed % 3) * 0.2;
            for (World.Sentinel s : w.sentinels) {
                s.brain.maxDesyncMs = seed % 2 == 0 ? 0 : 300;
            }
            w.node(6379).alive = false;
            w.run(60_000);
            for (Map.Entry<Long, List<String>> e : w.leadersByEpoch.entrySet()) {
                assertEquals(1, e.getValue().size(), "seed " + seed + " epoch " + e.getKey() + ": " + e.getValue());
            }
            if (w.sentinels.stream().allMatch(s -> w.master(s).addr.port() != 6379)) {
                switches++;
                Addr a = w.master(w.sentinels.get(0)).addr;
                assertTrue(w.sentinels.stream().allMatch(s -> w.master(s).addr.equals(a)), "seed " + seed);
            }
        }
        assertTrue(switches >= 140, "most runs complete a failover within 60 s: " + switches);
    }
}
