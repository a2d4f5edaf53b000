package vigil.sentinel.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * A random fault schedule for the sentinel simulation, generated from one seed: which fault
 * starts at which step (one step is one 100 ms tick of {@link World}), for how many steps, and
 * against what. {@link FaultSimulation} carries it out; the same seed always gives the same
 * schedule, so a failing seed can be replayed.
 */
final class FaultSchedule {
    enum Kind {
        /** A data node dies and loses its data (new run id, offset 0) when it restarts. */
        NODE_CRASH,
        /** A data node stops answering and later resumes with its data and run id. */
        NODE_PAUSE,
        /** A sentinel dies; it restarts from its last persisted state (a new brain). */
        SENTINEL_CRASH,
        /** A sentinel is not stepped (a long GC pause) and resumes with its memory (and TILTs). */
        SENTINEL_PAUSE,
        /** The sentinels and nodes of one side cannot reach those of the other. */
        PARTITION,
        /** Each message between sentinels (question, vote answer, hello) is lost with a probability. */
        PEER_LOSS,
        /** Messages between sentinels arrive up to delayMs late. */
        PEER_DELAY,
        /** INFO replies arrive up to delayMs late (they say what was true when sent). */
        SLOW_INFO,
        /** REPLICAOF / REPLICAOF NO ONE transactions reach the nodes up to delayMs late. */
        SLOW_COMMANDS,
        /** One node cannot replicate from its master (the sentinels still reach both). */
        LINK_CUT
    }

    /**
     * One fault. {@code target}: a node or sentinel index, or -1 for "the node that is master when
     * the fault starts". {@code sideNodes}/{@code sideSentinels}: bit masks of one side of a partition.
     */
    record Fault(Kind kind, int start, int steps, int target, long sideNodes, long sideSentinels,
                 double probability, long delayMs) {
        int end() {
            return start + steps;
        }

        @Override
        public String toString() {
            String what = switch (kind) {
                case NODE_CRASH, NODE_PAUSE -> target < 0 ? "master" : "node#" + target;
                case LINK_CUT -> "node#" + target;
                case SENTINEL_CRASH, SENTINEL_PAUSE -> "sentinel#" + target;
                case PARTITION -> "nodes " + Long.toBinaryString(sideNodes) + " sentinels " + Long.toBinaryString(sideSentinels);
                case PEER_LOSS -> "p=" + String.format("%.2f", probability);
                case PEER_DELAY, SLOW_INFO, SLOW_COMMANDS -> "<=" + delayMs + "ms";
            };
            return kind + "(" + what + ") steps " + start + ".." + end();
        }
    }

    final long seed;
    final int steps;
    final List<Fault> faults;

    private FaultSchedule(long seed, int steps, List<Fault> faults) {
        this.seed = seed;
        this.steps = steps;
        this.faults = faults;
    }

    /** One fault per 25 steps on average (at least one), for {@code nodes} nodes and {@code sentinels} sentinels. */
    static FaultSchedule random(long seed, int nodes, int sentinels, int steps) {
        Random r = new Random(seed);
        List<Fault> out = new ArrayList<>();
        int count = 1 + r.nextInt(Math.max(1, steps / 12));
        Kind[] kinds = Kind.values();
        for (int i = 0; i < count; i++) {
            // The master's death is what makes failovers: a third of the faults aim at it.
            Kind kind = r.nextInt(3) == 0 ? Kind.NODE_CRASH : kinds[r.nextInt(kinds.length)];
            int start = r.nextInt(Math.max(1, steps - 20));
            int length = 5 + r.nextInt(Math.max(1, Math.min(250, steps - start)));
            int target = -1;
            long sideNodes = 0;
            long sideSentinels = 0;
            double p = 0;
            long delay = 0;
            switch (kind) {
                case NODE_CRASH, NODE_PAUSE -> target = r.nextBoolean() ? -1 : r.nextInt(nodes);
                case SENTINEL_CRASH, SENTINEL_PAUSE -> target = r.nextInt(sentinels);
                case PARTITION -> {
                    sideSentinels = 1 + r.nextLong((1L << sentinels) - 2); // a proper, non-empty subset
                    sideNodes = r.nextLong(1L << nodes);
                }
                case PEER_LOSS -> p = 0.1 + r.nextDouble() * 0.6;
                case PEER_DELAY -> delay = 100 + r.nextInt(1900);
                case SLOW_INFO -> delay = 200 + r.nextInt(2800);
                case SLOW_COMMANDS -> delay = 100 + r.nextInt(1900);
                case LINK_CUT -> target = r.nextInt(nodes);
            }
            out.add(new Fault(kind, start, length, target, sideNodes, sideSentinels, p, delay));
        }
        out.sort(Comparator.comparingInt(Fault::start));
        return new FaultSchedule(seed, steps, List.copyOf(out));
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("schedule of seed " + seed + " (" + steps + " steps):");
        for (Fault f : faults) {
            sb.append("\n  ").append(f);
        }
        return sb.toString();
    }
}
