package vigil.server.keyspace;

import org.junit.jupiter.api.Test;
import vigil.util.ByteKey;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DictTest {
    static byte[] k(int i) {
        return ("key:" + i).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void addGetRemoveAndTableFollowsSize() {
        Dict d = new Dict();
        for (int i = 0; i < 10_000; i++) d.add(k(i), i);
        assertEquals(10_000, d.size());
        assertTrue(d.buckets() >= 10_000);
        for (int i = 0; i < 10_000; i++) assertEquals(i, d.get(k(i)).value);
        assertNull(d.get(k(10_000)));
        for (int i = 0; i < 9_990; i++) assertNotNull(d.remove(k(i)));
        assertNull(d.remove(k(0)));
        assertEquals(10, d.size());
        assertTrue(d.buckets() <= 80, "shrunk: " + d.buckets());
        for (int i = 9_990; i < 10_000; i++) assertEquals(i, d.get(k(i)).value);
    }

    /** Scan's guarantee: every element present for the whole scan is returned, across grow and shrink. */
    @Test
    void scanVisitsEveryStableElementWhileTheTableGrowsAndShrinks() {
        Random rnd = new Random(42);
        for (int round = 0; round < 10; round++) {
            Dict d = new Dict();
            Set<ByteKey> stable = new HashSet<>();
            for (int i = 0; i < 500; i++) {
                d.add(k(i), i);
                stable.add(new ByteKey(k(i)));
            }
            int next = 1_000_000, from = next;
            Set<ByteKey> seen = new HashSet<>();
            long cursor = 0;
            int steps = 0;
            do {
                cursor = d.scan(cursor, n -> seen.add(new ByteKey(n.key)));
                steps++;
                // Between calls: grow a lot, then shrink a lot, of transient keys only.
                if (steps % 7 == 0) {
                    for (int i = 0; i < 1000 + rnd.nextInt(2000); i++) d.add(k(next++), 0);
                } else if (steps % 7 == 3) {
                    for (int i = from; i < next; i++) d.remove(k(i));
                    from = next;
                }
            } while (cursor != 0);
            for (ByteKey s : stable) assertTrue(seen.contains(s), "missed " + s + " in round " + round);
        }
    }

    @Test
    void scanOfAnEmptyDictEnds() {
        assertEquals(0, new Dict().scan(0, n -> { }));
    }

    @Test
    void randomReachesEveryElement() {
        Dict d = new Dict();
        for (int i = 0; i < 200; i++) d.add(k(i), i);
        Set<Object> seen = new HashSet<>();
        Random rnd = new Random(7);
        for (int i = 0; i < 20_000 && seen.size() < 200; i++) seen.add(d.random(rnd).value);
        assertEquals(200, seen.size());
        assertNull(new Dict().random(rnd));
    }

    @Test
    void randomStillWorksOnASparseTableAfterRemovals() {
        Dict d = new Dict();
        for (int i = 0; i < 5000; i++) d.add(k(i), i);
        for (int i = 0; i < 4990; i++) d.remove(k(i));
        Random rnd = new Random(1);
        Set<Object> seen = new HashSet<>();
        for (int i = 0; i < 2000; i++) seen.add(d.random(rnd).value);
        assertEquals(10, seen.size());
    }

    /** A visitor may remove the node it is given; resizing waits until the visit ends. */
    @Test
    void forEachMayRemoveTheCurrentNode() {
        Dict d = new Dict();
        for (int i = 0; i < 4096; i++) d.add(k(i), i);
        int[] visited = {0};
        d.forEach(n -> {
            visited[0]++;
            if ((int) n.value % 4 != 0) d.remove(n.key);
        });
        assertEquals(4096, visited[0]);
        assertEquals(1024, d.size());
        for (int i = 0; i < 4096; i++) assertEquals(i % 4 == 0, d.get(k(i)) != null);
        // The table caught up with its size afterwards, and still works.
        d.forEach(n -> d.remove(n.key));
        assertEquals(0, d.size());
        assertEquals(4, d.buckets());
    }

    @Test
    void scanVisitorMayRemoveTheCurrentNode() {
        Dict d = new Dict();
        for (int i = 0; i < 1000; i++) d.add(k(i), i);
        long cursor = 0;
        int visited = 0;
        Set<Object> seen = new HashSet<>();
        do {
            cursor = d.scan(cursor, n -> {
                seen.add(n.value);
                d.remove(n.key);
            });
            visited++;
        } while (cursor != 0);
        assertEquals(1000, seen.size());
        assertEquals(0, d.size());
        assertTrue(visited > 1);
    }

    @Test
    void keysAddedDuringAVisitAreKeptAndTheTableGrowsAfterwards() {
        Dict d = new Dict();
        for (int i = 0; i < 4; i++) d.add(k(i), i);
        d.forEach(n -> {
            if ((int) n.value >= 0) d.add(k((int) n.value + 100), -1);
        });
        assertEquals(8, d.size());
        assertTrue(d.buckets() >= 8);
        for (int i = 0; i < 4; i++) assertNotNull(d.get(k(i + 100)));
    }

    @Test
    void clearEmpties() {
        Dict d = new Dict();
        for (int i = 0; i < 100; i++) d.add(k(i), i);
        d.clear();
        assertEquals(0, d.size());
        assertFalse(d.get(k(1)) != null);
    }
}
