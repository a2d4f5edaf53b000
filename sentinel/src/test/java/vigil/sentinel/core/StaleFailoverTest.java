package vigil.sentinel.core;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two bugs the randomized fault schedules ({@link FaultScheduleTest}) found, each reduced to its
 * essence: a failover that outlived its epoch (the sentinel's current epoch moved on, or a newer
 * configuration arrived) must not win or finish under that epoch.
 */
class StaleFailoverTest {
    private static final Addr M = new Addr("127.0.0.1", 6379);
    private static final String ME = "1".repeat(40); // the lowest run id: the preferred candidate
    private static final String B = "b".repeat(40);
    private static final String C = "c".repeat(40);

    private static List<String> events(SentinelBrain b) {
        return TiltAndHelloTest.events(b.drainActions());
    }

    /** Seed 103362: a candidate of epoch 1 that adopted epoch 5 was elected "for epoch 1" with epoch-5 votes, beside epoch 1's leader. */
    @Test
    void votesWonInALaterEpochDoNotElectACandidateOfAnOlderOne() throws Exception {
        SentinelSettings s = new SentinelSettings();
        s.myId = ME;
        s.announceIp = "127.0.0.1";
        s.announcePort = 26379;
        SentinelBrain b = new SentinelBrain(s, new Random(1));
        MasterState m = b.monitor("mymaster", M, 2, 1_000);
        b.setDownAfter(m, 1_000);
        m.failoverTimeout = 10_000;
        b.addKnownSentinel(m, new Addr("127.0.0.1", 26380), B, 1_000);
        b.addKnownSentinel(m, new Addr("127.0.0.1", 26381), C, 1_000);
        b.onPeersAlive(Set.of(B, C), 1_000);
        b.onLinkUp(m.target("mymaster"), 1_000);
        b.onLinkDown(m.target("mymaster"), 1_100);
        b.tick(2_200);
        b.onPeerReply("mymaster", B, true, "*", 0, 2_200);
        List<String> ev = events(b);
        assertTrue(ev.contains("+try-failover master mymaster 127.0.0.1 6379"), ev.toString());
        assertEquals(1, m.failoverEpoch);

        // B, a candidate of a later failover, gets our vote in epoch 5.
        b.isMasterDownByAddr(M, 5, B, 2_300);
        assertEquals(5, s.currentEpoch);
        b.drainActions();

        // We keep asking for votes: in our failover's epoch (Redis: in the current epoch, 5).
        b.tick(3_300);
        Action.AskPeers ask = (Action.AskPeers) b.drainActions().stream()
                .filter(a -> a instanceof Action.AskPeers).findFirst().orElse(null);
        assertNotNull(ask);
        assertEquals(ME, ask.runId());
        assertEquals(1, ask.epoch());

        // Votes for us in epoch 5 are not votes of epoch 1.
        b.onPeerReply("mymaster", B, true, ME, 5, 3_300);
        b.onPeerReply("mymaster", C, true, ME, 5, 3_300);
        assertFalse(events(b).contains("+elected-leader master mymaster 127.0.0.1 6379"));
        assertEquals(FailoverState.WAIT_START, m.failoverState);

        // Votes of epoch 1 are.
        b.onPeerReply("mymaster", B, true, ME, 1, 3_400);
        b.onPeerReply("mymaster", C, true, ME, 1, 3_400);
        assertTrue(events(b).contains("+elected-leader master mymaster 127.0.0.1 6379"));
    }

    /**
     * Seed 100720: a leader paused in RECONF_SLAVES adopted, by hello, a newer config epoch that
     * kept the old master, then finished its failover and switched under that epoch: two
     * addresses with one config epoch, which hellos never reconcile.
     */
    @Test
    void aNewerConfigKeepingTheMasterAbortsAFailoverInProgress() {
        World w = World.threeByThree(21);
        String[] leader = {null};
        w.interference = new Interference() {
            @Override
            public void observe(World world, World.Sentinel s, Action a) {
                if (a instanceof Action.Event e && e.type().equals("+elected-leader")) {
                    leader[0] = s.id;
                }
            }

            @Override
            public boolean lost(World.Sentinel from, World.Sentinel to) {
                return from.id.equals(leader[0]); // nobody hears the leader's new configuration
            }
        };
        w.node(6381).ignoresReconfig = true; // the failover stays in RECONF_SLAVES
        w.node(6379).alive = false;
        assertTrue(w.runUntil(() -> leader[0] != null
                && w.master(w.sentinel(leader[0])).failoverState == FailoverState.RECONF_SLAVES, 10_000));
        World.Sentinel l = w.sentinel(leader[0]);
        MasterState m = w.master(l);
        assertEquals(new Addr("127.0.0.1", 6380), w.masterAddr(l));
        World.Sentinel peer = w.sentinels.stream().filter(x -> x != l).findFirst().orElseThrow();

        // A peer's hello: configuration epoch 5 (a later failover) still names 6379 the master.
        l.brain.onHello("127.0.0.1," + peer.brain.settings.announcePort + "," + peer.id + ",5,mymaster,127.0.0.1,6379,5", w.now);
        w.flush(l);
        assertTrue(l.saw("-failover-abort-config-update"), l.timeline.toString());
        assertFalse(m.has(Flag.FAILOVER_IN_PROGRESS));
        assertEquals(5, m.configEpoch);
        assertEquals(M, w.masterAddr(l));
        int before = l.events.size();
        w.run(5_000);
        assertFalse(l.events.subList(before, l.events.size()).stream().anyMatch(e -> e.startsWith("+switch-master")),
                "no switch under the adopted config epoch: " + l.timeline);
    }
}
