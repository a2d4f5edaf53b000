package vigil.sentinel.core;

import org.junit.jupiter.api.Test;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Vigil's shortcuts after S_DOWN, and the S_DOWN timing they must not bend: down-after counts
 * from the first evidence of unreachability (as Redis's reconnect PING), never from an older PONG.
 */
class FastFailoverTest {

    @Test
    void masterKilledSoonAfterItsLastPongIsNotDownBeforeDownAfterFromTheKill() throws Exception {
        SentinelBrain b = TiltAndHelloTest.brain();
        MasterState m = b.masters.get("mymaster");
        m.downAfterMs = 1_000;
        Target t = m.target("mymaster");
        b.onLinkUp(t, 1_000);
        b.onPingReplyText(t, "PONG", 1_001);
        long lastPong = 1_001;
        long kill = lastPong + 900;
        for (long now = 1_100; now < kill; now += 100) {
            b.tick(now); // no PING due yet (ping period 1 s)
        }
        b.onLinkDown(t, kill);
        for (long now = kill; now <= kill + m.downAfterMs; now += 10) {
            b.tick(now);
            assertFalse(m.has(Flag.S_DOWN), "S_DOWN " + (now - kill) + " ms after the kill");
        }
        b.tick(kill + m.downAfterMs + 10);
        assertTrue(m.has(Flag.S_DOWN));
        assertTrue(TiltAndHelloTest.events(b.drainActions()).contains("+sdown master mymaster 127.0.0.1 6379"));
    }

    @Test
    void pendingPingOlderThanTheDropStillCounts() throws Exception {
        SentinelBrain b = TiltAndHelloTest.brain();
        MasterState m = b.masters.get("mymaster");
        m.downAfterMs = 1_000;
        Target t = m.target("mymaster");
        b.onLinkUp(t, 1_000);
        b.onPingReplyText(t, "PONG", 1_001);
        b.tick(2_100); // PING sent, never answered (a hung master)
        assertTrue(b.drainActions().stream().anyMatch(a -> a instanceof Action.SendPing));
        b.onLinkDown(t, 2_800);
        b.tick(3_050);
        assertFalse(m.has(Flag.S_DOWN));
        b.tick(3_150);
        assertTrue(m.has(Flag.S_DOWN), "from the unanswered PING of 2100, not from the drop");
        List<Action> acts = b.drainActions();
        assertTrue(TiltAndHelloTest.events(acts).contains("+sdown master mymaster 127.0.0.1 6379"));
    }

    @Test
    void aPeersQuestionCountsAsItsDownOpinionButNotAsAVote() throws Exception {
        SentinelBrain b = TiltAndHelloTest.brain();
        MasterState m = b.masters.get("mymaster");
        String peer = "a".repeat(40);
        b.addKnownSentinel(m, new Addr("10.0.0.2", 26380), peer, 1_000);
        b.onPeersAlive(Set.of(peer), 1_000);
        m.downAfterMs = 1_000;
        b.tick(1_100);
        b.onPeerAsked("mymaster", new Addr("127.0.0.1", 6379), peer, 1_150);
        assertFalse(m.has(Flag.O_DOWN), "not S_DOWN here yet");
        b.onPeerAsked("mymaster", new Addr("127.0.0.1", 9999), peer, 2_050); // another address: ignored
        b.tick(2_100);
        assertTrue(m.has(Flag.S_DOWN));
        assertTrue(m.has(Flag.O_DOWN), "the peer's question at 1150 is 0.95 s old: still counts");
        assertNull(m.sentinels.get(peer).leader);
        // it expires like an answer (five ask periods) when the peer stops asking
        for (long now = 2_200; now <= 6_300; now += 100) {
            b.tick(now);
        }
        assertFalse(m.has(Flag.O_DOWN));
    }

    @Test
    void allSentinelsReachObjectivelyDownInTheTickTheyReachSubjectivelyDown() {
        World w = World.threeByThree(21);
        w.node(6379).alive = false;
        assertTrue(w.runUntil(() -> w.sentinels.stream().allMatch(s -> w.master(s).addr.port() != 6379), 3_000));
        int sdowns = 0;
        for (World.Sentinel s : w.sentinels) {
            long sdown = timeOf(s, "+sdown");
            if (sdown >= 0) {
                sdowns++;
                assertEquals(sdown, timeOf(s, "+odown"), s.timeline.toString());
            }
        }
        assertTrue(sdowns >= 2, "quorum 2 needs two S_DOWN opinions");
    }

    @Test
    void preferredSentinelStartsAtOnceAndIsTheOnlyCandidate() {
        for (int seed = 0; seed < 20; seed++) {
            World w = World.threeByThree(300 + seed);
            World.Sentinel preferred = w.sentinels.stream().min(Comparator.comparing(s -> s.id)).orElseThrow();
            w.node(6379).alive = false;
            assertTrue(w.runUntil(() -> w.sentinels.stream().allMatch(s -> w.master(s).addr.port() != 6379), 5_000),
                    "seed " + seed + " " + preferred.timeline);
            for (World.Sentinel s : w.sentinels) {
                assertEquals(s == preferred ? 1 : 0, s.count("+try-failover"), "seed " + seed + " " + s.timeline);
            }
            assertEquals(Map.of(1L, List.of(preferred.id)), w.leadersByEpoch, "seed " + seed);
            long odown = timeOf(preferred, "+odown");
            assertEquals(odown, timeOf(preferred, "+try-failover"), "no start delay: " + preferred.timeline);
            assertEquals(odown, timeOf(preferred, "+switch-master"), "whole failover in the O_DOWN tick: " + preferred.timeline);
        }
    }

    @Test
    void deadPreferredSentinelLeavesTheFailoverToTheNextOneAtOnce() {
        World w = World.threeByThree(41);
        World.Sentinel preferred = w.sentinels.stream().min(Comparator.comparing(s -> s.id)).orElseThrow();
        w.kill(preferred); // out of the group: the others no longer count it
        w.node(6379).alive = false;
        List<World.Sentinel> rest = w.sentinels.stream().filter(s -> s.alive).toList();
        World.Sentinel next = rest.stream().min(Comparator.comparing(s -> s.id)).orElseThrow();
        assertTrue(w.runUntil(() -> rest.stream().allMatch(s -> w.master(s).addr.port() != 6379), 5_000),
                rest.get(0).timeline.toString());
        assertEquals(Map.of(1L, List.of(next.id)), w.leadersByEpoch);
        assertEquals(timeOf(next, "+odown"), timeOf(next, "+try-failover"), next.timeline.toString());
    }

    @Test
    void preferredSentinelThatCannotSeeTheMasterDownDoesNotBlockTheOthers() {
        World w = World.threeByThree(42);
        World.Sentinel preferred = w.sentinels.stream().min(Comparator.comparing(s -> s.id)).orElseThrow();
        w.node(6379).alive = false;
        w.node(6379).unreachableFrom.clear();
        // The preferred sentinel never marks the master down (as if its link still answered).
        preferred.brain.masters.get(World.MASTER).downAfterMs = 60_000;
        List<World.Sentinel> rest = w.sentinels.stream().filter(s -> s != preferred).toList();
        assertTrue(w.runUntil(() -> rest.stream().allMatch(s -> w.master(s).addr.port() != 6379), 5_000),
                rest.get(0).timeline.toString());
        for (List<String> leaders : w.leadersByEpoch.values()) {
            assertEquals(1, leaders.size(), w.leadersByEpoch.toString());
        }
        assertEquals(0, preferred.count("+try-failover"));
        World.Sentinel leader = w.sentinel(w.leadersByEpoch.values().iterator().next().get(0));
        long wait = timeOf(leader, "+try-failover") - timeOf(leader, "+odown");
        assertTrue(wait >= 300 && wait < 700, "the follower's randomised delay: " + wait);
    }

    private static long timeOf(World.Sentinel s, String type) {
        for (String line : s.timeline) {
            String[] f = line.split(" ", 3);
            if (f[1].equals(type)) {
                return Long.parseLong(f[0]);
            }
        }
        return -1;
    }
}
