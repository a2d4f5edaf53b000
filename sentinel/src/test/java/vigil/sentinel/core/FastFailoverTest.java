package vigil.sentinel.core;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
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
}
