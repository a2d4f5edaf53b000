package vigil.sentinel.core;

import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * What {@link World} holds back because an {@link Interference} delayed it: each delivery runs at
 * its due time (in the order queued for equal times), for a sentinel still alive then (its
 * actions carried out right after), or, with no sentinel, as a command reaching a node.
 */
final class Deliveries {
    private record Later(long due, long seq, World.Sentinel to, Runnable delivery) {
    }

    private final PriorityQueue<Later> queue = new PriorityQueue<>(
            Comparator.comparingLong(Later::due).thenComparingLong(Later::seq));
    private long seq;

    void add(long due, World.Sentinel to, Runnable delivery) {
        queue.add(new Later(due, seq++, to, delivery));
    }

    /** Runs every delivery due by {@code now}. */
    void runDue(World w, long now) {
        while (!queue.isEmpty() && queue.peek().due() <= now) {
            Later l = queue.poll();
            if (l.to() == null) {
                l.delivery().run();
            } else if (l.to().alive) {
                l.delivery().run();
                w.flush(l.to());
            }
        }
    }
}
