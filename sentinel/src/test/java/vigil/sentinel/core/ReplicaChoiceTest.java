package vigil.sentinel.core;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which replica gets promoted, and which never do. */
class ReplicaChoiceTest {

    private static Addr port(int p) {
        return new Addr("127.0.0.1", p);
    }

    @Test
    void priorityZeroReplicaIsNeverPromoted() {
        World w = World.threeByThree(20);
        w.node(6380).priority = 0; // has the best offset, but must not be chosen
        w.run(11_000);
        w.node(6379).alive = false;
        assertTrue(w.runUntil(() -> w.sentinels.stream().allMatch(s -> w.master(s).addr.equals(port(6381))), 20_000));
        assertFalse(w.node(6380).master);
        assertEquals(port(6381), w.node(6380).masterAddr);
    }

    @Test
    void noReplicaWithNonZeroPriorityAbortsTheFailover() {
        World w = World.threeByThree(21);
        w.node(6380).priority = 0;
        w.node(6381).priority = 0;
        w.run(11_000);
        w.node(6379).alive = false;
        w.run(15_000);
        List<World.Sentinel> leaders = w.sentinels.stream().filter(s -> s.saw("+elected-leader")).toList();
        assertFalse(leaders.isEmpty());
        assertTrue(leaders.get(0).events.contains("-failover-abort-no-good-slave master mymaster 127.0.0.1 6379"),
                leaders.get(0).events.toString());
        for (World.Sentinel s : w.sentinels) {
            assertEquals(port(6379), w.master(s).addr);
        }
        assertFalse(w.node(6380).master);
        assertFalse(w.node(6381).master);
    }

    @Test
    void replicaWithLinkDownTooLongIsExcluded() {
        World w = World.threeByThree(22);
        World.Node stale = w.node(6380);
        stale.linkForcedDown = true;
        stale.linkDownSeconds = 600; // > down-after*10 + the time the master has been down
        w.run(3_000);
        w.node(6379).alive = false;
        assertTrue(w.runUntil(() -> w.sentinels.stream().allMatch(s -> w.master(s).addr.equals(port(6381))), 20_000));
        assertFalse(stale.master);
    }

    @Test
    void replicaWhoseInfoStoppedComingIsExcluded() {
        World w = World.threeByThree(23);
        w.node(6380).answersInfo = false; // still answers PING
        w.run(6_000);
        w.node(6379).alive = false;
        assertTrue(w.runUntil(() -> w.sentinels.stream().allMatch(s -> w.master(s).addr.equals(port(6381))), 20_000));
        assertFalse(w.node(6380).master);
    }

    @Test
    void orderIsPriorityThenOffsetThenRunId() {
        MasterState m = new MasterState("m", port(1), 1, 1000);
        long now = 100_000;
        ReplicaState a = replica(m, 2, 10, 5, "b".repeat(40), now);
        ReplicaState b = replica(m, 3, 10, 9, "c".repeat(40), now);
        ReplicaState c = replica(m, 4, 5, 1, "z".repeat(40), now);
        ReplicaState d = replica(m, 5, 10, 9, "A".repeat(40), now);
        ReplicaState e = replica(m, 6, 10, 9, null, now);
        assertEquals(List.of(c, d, b, e, a), ReplicaSelector.candidates(m, now, 1000, 10_000));
        c.flags.add(Flag.S_DOWN);
        d.linkUp = false;
        b.infoRefresh = now - 31_000;
        assertEquals(List.of(e, a), ReplicaSelector.candidates(m, now, 1000, 10_000));
        e.lastAvail = now - 5_001;
        a.priority = 0;
        assertNull(ReplicaSelector.select(m, now, 1000, 10_000));
    }

    private static ReplicaState replica(MasterState m, int p, int priority, long offset, String runId, long now) {
        ReplicaState r = new ReplicaState(port(p), 1000);
        r.priority = priority;
        r.replOffset = offset;
        r.runId = runId;
        r.linkUp = true;
        r.lastAvail = now;
        r.infoRefresh = now;
        m.replicas.put(r.addr, r);
        return r;
    }
}
