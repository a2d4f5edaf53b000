package vigil.sentinel.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Runs one {@link FaultSchedule} on a {@link World} (1 master + 2-3 replicas, 3 or 5 sentinels),
 * one 100 ms step at a time, checking the safety invariants after every step; then heals every
 * fault and checks liveness. It is the World's {@link Interference}: partitions, message loss and
 * delay, slow INFO, and replication offsets that advance on a live master and reach the replicas
 * that can replicate from it. Sentinel crashes restart from the state of the last {@link
 * Action.Persist} the sentinel carried out ({@link PersistedState}, the fields its conf rewrite keeps).
 */
final class FaultSimulation implements Interference {
    /** Simulated time the sentinels get, once every fault healed, to agree on one live master. */
    static final long LIVENESS_MS = 120_000;

    final World w;
    final FaultSchedule schedule;
    private final Random random;
    private final List<String> log = new ArrayList<>();
    private int step;

    // --- the faults in force ---
    private final Map<World.Node, FaultSchedule.Fault> nodeDown = new HashMap<>();
    private final Map<String, FaultSchedule.Fault> sentinelDown = new HashMap<>();
    private FaultSchedule.Fault partition;
    private final Set<Addr> sideNodes = new HashSet<>();
    private final Set<String> sideSentinels = new HashSet<>();
    private final List<FaultSchedule.Fault> active = new ArrayList<>();
    private int restarts;
    private final boolean lockstep;

    // --- what the invariants look at ---
    /** Sentinel id -> the state its last Persist wrote. */
    private final Map<String, PersistedState> persisted = new HashMap<>();
    /** Epoch -> the replicas sent REPLICAOF NO ONE or announced +selected-slave / +promoted-slave in it. */
    final Map<Long, Set<Addr>> promotedByEpoch = new LinkedHashMap<>();
    /** Config epoch -> the master address the first sentinel holding it named. */
    private final Map<Long, Addr> configByEpoch = new HashMap<>();
    int failovers;
    /** Zero-loss mode (a third of the seeds): every node reports min_replicas_ack n > 0 (else 0: off). */
    final int minReplicasAck;
    /** Zero-loss mode's acknowledged writes and its invariant (a promotion never below them). */
    final ZeroLossModel zeroLoss = new ZeroLossModel();
    /** Promotions carried out so far, and the count when each node last became master by one (0: the first master). */
    private int promotions;
    private final Map<World.Node, Integer> masterSince = new HashMap<>();
    private final Map<World.Node, Integer> promotionsSeen = new HashMap<>();
    private World.Node lastAcker;
    /** Simulated time from healing to {@link #settled()}. */
    long settledAfterMs;

    FaultSimulation(long seed, int steps) {
        this(seed, steps, true);
    }

    /** {@code zeroLossSeeds} false: every seed runs default mode (as the seeds of FOUND_BUGS were found). */
    FaultSimulation(long seed, int steps, boolean zeroLossSeeds) {
        Random shape = new Random(seed * 31 + 7);
        int replicas = 2 + shape.nextInt(2);
        int sentinels = shape.nextBoolean() ? 3 : 5;
        int quorum = sentinels == 5 ? 2 + shape.nextInt(2) : 2; // below or at the majority
        random = new Random(seed ^ 0x5DEECE66DL);
        w = new World(seed);
        w.node(6379, true, null);
        for (int i = 1; i <= replicas; i++) {
            w.node(6379 + i, false, 6379).offset = 0;
        }
        // A third of the seeds make every sentinel start its failover at once: many candidates per epoch.
        lockstep = shape.nextInt(3) == 0;
        // Half the seeds: failover-timeout 3 s, so stale failovers and retries overlap more.
        long failoverTimeout = shape.nextBoolean() ? 3_000 : 10_000;
        for (int i = 0; i < sentinels; i++) {
            SentinelBrain b = w.sentinel(26379 + i, 6379, quorum).brain;
            b.masters.get(World.MASTER).failoverTimeout = failoverTimeout;
            tune(b);
        }
        // A third of the seeds run zero-loss mode: n = 1, or 2 of 3 replicas, set from the start: the
        // sentinels learn it from the master's first INFO (a mode switched on less than an INFO period
        // before the master fails is not known to them: docs/zero-loss.md, assumptions).
        int zl = shape.nextInt(3) != 0 ? 0 : (replicas == 3 && shape.nextBoolean() ? 2 : 1);
        minReplicasAck = zeroLossSeeds ? zl : 0;
        for (World.Node n : w.nodes.values()) {
            n.minReplicasAck = minReplicasAck;
            if (minReplicasAck > 0) {
                n.replid = World.runId("replid-" + seed);   // one history; promotions fork it (ZeroLossModel)
            }
        }
        w.interference = this;
        w.meshPeers();
        w.run(3_000);
        schedule = FaultSchedule.random(seed, w.nodes.size(), sentinels, steps);
    }

    /** Runs the schedule, heals, runs until liveness holds: throws AssertionError on any violation. */
    void run() {
        for (step = 0; step < schedule.steps; step++) {
            for (FaultSchedule.Fault f : schedule.faults) {
                if (f.end() == step) {
                    end(f);
                }
            }
            for (FaultSchedule.Fault f : schedule.faults) {
                if (f.start() == step) {
                    start(f);
                }
            }
            w.run(100);
            checkSafety();
        }
        healAll();
        long healed = w.now;
        long deadline = w.now + LIVENESS_MS;
        while (!settled()) {
            if (w.now >= deadline) {
                throw failure("liveness: no agreement on one live master " + LIVENESS_MS / 1000
                        + " s after every fault healed: " + describeNodes());
            }
            w.run(100);
            step++;
            checkSafety();
        }
        settledAfterMs = w.now - healed;
    }

    /** Steps run so far (the schedule's, then the liveness phase's). */
    int steps() {
        return step;
    }

    // ------------------------------------------------------------------ invariants

    private void checkSafety() {
        if (minReplicasAck > 0) {
            try {
                zeroLoss.check(w);
            } catch (AssertionError e) {
                throw failure(e.getMessage());
            }
        }
        for (Map.Entry<Long, List<String>> e : w.leadersByEpoch.entrySet()) {
            if (new HashSet<>(e.getValue()).size() > 1) {
                throw failure("two leaders in epoch " + e.getKey() + ": " + e.getValue());
            }
        }
        for (Map.Entry<Long, Set<Addr>> e : promotedByEpoch.entrySet()) {
            if (e.getValue().size() > 1) {
                throw failure("two replicas promoted in epoch " + e.getKey() + ": " + e.getValue());
            }
        }
        // What makes hellos converge: a config epoch names one master address, everywhere, forever.
        for (World.Sentinel s : w.sentinels) {
            MasterState m = w.master(s);
            Addr a = s.brain.currentMasterAddr(m);
            Addr before = configByEpoch.putIfAbsent(m.configEpoch, a);
            if (before != null && !before.equals(a)) {
                throw failure("config epoch " + m.configEpoch + " names " + before + " and, at " + s.id.substring(0, 8)
                        + ", " + a);
            }
        }
    }

    /** Every sentinel monitors the same address, that node is a live master, every other node replicates from it. */
    boolean settled() {
        Addr agreed = null;
        for (World.Sentinel s : w.sentinels) {
            MasterState m = w.master(s);
            if (!s.alive || m.has(Flag.FAILOVER_IN_PROGRESS) || (agreed != null && !agreed.equals(m.addr))) {
                return false;
            }
            agreed = m.addr;
        }
        World.Node master = w.nodes.get(agreed);
        if (master == null || !master.alive || !master.master) {
            return false;
        }
        for (World.Node n : w.nodes.values()) {
            if (n != master && (!n.alive || n.master || !agreed.equals(n.masterAddr))) {
                return false;
            }
        }
        return true;
    }

    private AssertionError failure(String what) {
        StringBuilder sb = new StringBuilder("seed ").append(schedule.seed).append(" step ").append(step)
                .append(" (t=").append(w.now).append("): ").append(what).append('\n').append(schedule)
                .append("\nfaults applied:");
        for (String l : log) {
            sb.append("\n  ").append(l);
        }
        for (World.Sentinel s : w.sentinels) {
            List<String> t = s.timeline;
            sb.append("\nsentinel ").append(s.id, 0, 8).append(s.alive ? "" : " (down)").append(", last events:");
            for (String e : t.subList(Math.max(0, t.size() - Integer.getInteger("vigil.sim.events", 40)), t.size())) {
                sb.append("\n  ").append(e);
            }
        }
        return new AssertionError(sb.toString());
    }

    private String describeNodes() {
        StringBuilder sb = new StringBuilder();
        for (World.Node n : w.nodes.values()) {
            sb.append("\n  node ").append(n.addr.port()).append(n.alive ? "" : " down")
                    .append(n.master ? " master" : " replica of " + n.masterAddr.port()).append(" offset ").append(n.offset);
        }
        for (World.Sentinel s : w.sentinels) {
            MasterState m = w.master(s);
            sb.append("\n  sentinel ").append(s.id, 0, 8).append(" monitors ").append(m.addr.port())
                    .append(" epoch ").append(s.brain.settings.currentEpoch).append(" config-epoch ").append(m.configEpoch)
                    .append(" failover ").append(m.failoverState).append(" flags ").append(m.flags);
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------ faults

    private void start(FaultSchedule.Fault f) {
        switch (f.kind()) {
            case NODE_CRASH, NODE_PAUSE -> {
                World.Node n = f.target() < 0 ? currentMaster() : nodeAt(f.target());
                if (n == null || nodeDown.containsKey(n)) {
                    return;
                }
                nodeDown.put(n, f);
                n.alive = false;
                note("start " + f + " on node " + n.addr.port());
            }
            case SENTINEL_CRASH, SENTINEL_PAUSE -> {
                World.Sentinel s = w.sentinels.get(f.target());
                if (sentinelDown.containsKey(s.id)) {
                    return;
                }
                sentinelDown.put(s.id, f);
                s.alive = false;
                note("start " + f + " on " + s.id.substring(0, 8));
                membership();
            }
            case PARTITION -> {
                if (partition != null) {
                    return;
                }
                partition = f;
                int i = 0;
                for (World.Node n : w.nodes.values()) {
                    if ((f.sideNodes() >> i++ & 1) != 0) {
                        sideNodes.add(n.addr);
                    }
                }
                for (int j = 0; j < w.sentinels.size(); j++) {
                    if ((f.sideSentinels() >> j & 1) != 0) {
                        sideSentinels.add(w.sentinels.get(j).id);
                    }
                }
                for (World.Node n : w.nodes.values()) {
                    for (World.Sentinel s : w.sentinels) {
                        if (sideNodes.contains(n.addr) != sideSentinels.contains(s.id)) {
                            n.unreachableFrom.add(s.id);
                        }
                    }
                }
                note("start " + f);
                membership();
            }
            case PEER_LOSS, PEER_DELAY, SLOW_INFO, SLOW_COMMANDS, LINK_CUT -> {
                active.add(f);
                note("start " + f);
            }
        }
    }

    private void end(FaultSchedule.Fault f) {
        switch (f.kind()) {
            case NODE_CRASH, NODE_PAUSE -> {
                for (Map.Entry<World.Node, FaultSchedule.Fault> e : new ArrayList<>(nodeDown.entrySet())) {
                    if (e.getValue() == f) {
                        nodeDown.remove(e.getKey());
                        // Zero-loss seeds: a crashed node restarts with its data (an RDB/AOF); restarting empty
                        // is the crash-restart protection's case (replicas refuse the emptier master), tested apart.
                        restartNode(e.getKey(), f.kind() == FaultSchedule.Kind.NODE_CRASH && minReplicasAck == 0);
                    }
                }
            }
            case SENTINEL_CRASH, SENTINEL_PAUSE -> {
                for (Map.Entry<String, FaultSchedule.Fault> e : new ArrayList<>(sentinelDown.entrySet())) {
                    if (e.getValue() == f) {
                        sentinelDown.remove(e.getKey());
                        restartSentinel(e.getKey(), f.kind() == FaultSchedule.Kind.SENTINEL_CRASH);
                    }
                }
            }
            case PARTITION -> {
                if (partition == f) {
                    partition = null;
                    sideNodes.clear();
                    sideSentinels.clear();
                    w.nodes.values().forEach(n -> n.unreachableFrom.clear());
                    note("end " + f);
                    membership();
                }
            }
            case PEER_LOSS, PEER_DELAY, SLOW_INFO, SLOW_COMMANDS, LINK_CUT -> {
                if (active.remove(f)) {
                    note("end " + f);
                }
            }
        }
    }

    private void healAll() {
        for (FaultSchedule.Fault f : schedule.faults) {
            if (f.end() >= schedule.steps) {
                end(f);
            }
        }
        note("healed");
    }

    /** A crashed node restarts with its configured role (the last REPLICAOF was rewritten to its conf), a new run id and no data. */
    private void restartNode(World.Node n, boolean lostData) {
        if (lostData) {
            n.runId = World.runId("n" + n.addr.port() + "#" + ++restarts);
            n.offset = 0;
        }
        n.alive = true;
        note("restart node " + n.addr.port() + (lostData ? " (new run id, no data)" : " (resumed)")
                + (n.master ? " as master" : " as replica of " + n.masterAddr.port()));
    }

    private void restartSentinel(String id, boolean fromConf) {
        int index = -1;
        for (int i = 0; i < w.sentinels.size(); i++) {
            if (w.sentinels.get(i).id.equals(id)) {
                index = i;
            }
        }
        World.Sentinel old = w.sentinels.get(index);
        if (fromConf) {
            World.Sentinel fresh = new World.Sentinel(persisted.get(id).restore(w.now, random.nextLong()));
            tune(fresh.brain);
            fresh.events.addAll(old.events);
            fresh.timeline.addAll(old.timeline);
            w.sentinels.set(index, fresh);
            note("restart " + id.substring(0, 8) + " from its conf: " + persisted.get(id));
        } else {
            old.alive = true;
            note("resume " + id.substring(0, 8));
        }
        membership();
    }

    private void tune(SentinelBrain b) {
        if (lockstep) {
            b.followerStartDelayMs = 0;
            b.maxDesyncMs = 0;
        }
    }

    /** The peer group's view: each live sentinel sees the live sentinels on its side of a partition. */
    private void membership() {
        for (World.Sentinel s : w.sentinels) {
            if (!s.alive) {
                continue;
            }
            Set<String> others = new HashSet<>();
            for (World.Sentinel o : w.sentinels) {
                if (o != s && o.alive && !apart(s.id, o.id)) {
                    others.add(o.id);
                }
            }
            s.brain.onPeersAlive(others, w.now);
            w.flush(s);
        }
    }

    private boolean apart(String a, String b) {
        return partition != null && sideSentinels.contains(a) != sideSentinels.contains(b);
    }

    private World.Node currentMaster() {
        for (World.Node n : w.nodes.values()) {
            if (n.master && n.alive) {
                return n;
            }
        }
        return null;
    }

    private World.Node nodeAt(int i) {
        return new ArrayList<>(w.nodes.values()).get(i);
    }

    private void note(String what) {
        log.add("step " + step + " t=" + w.now + " " + what);
    }

    // ------------------------------------------------------------------ Interference

    @Override
    public void beforeTick(World world) {
        for (World.Node n : world.nodes.values()) {
            if (n.alive && n.master) {
                n.offset += random.nextInt(200); // clients keep writing
            }
        }
        for (World.Node n : world.nodes.values()) {
            World.Node m = n.masterAddr == null ? null : world.nodes.get(n.masterAddr);
            if (n.alive && !n.master && m != null && m.alive && m.master && replicates(n, m) && random.nextInt(4) != 0) {
                if (minReplicasAck > 0 && m.offset < n.offset) {
                    note("node " + n.addr.port() + " full-syncs from " + m.addr.port() + ": offset " + n.offset + " -> " + m.offset);
                }
                n.offset = m.offset; // the stream (or a full sync) caught up
            }
        }
        if (minReplicasAck > 0) {
            acknowledge(world);
        }
    }

    /**
     * Zero-loss mode: a master acknowledges its writes up to its offset once min_replicas_ack of its
     * replicas hold them. Checked: no master acknowledges anything once another node was promoted
     * after it became master (the old master never gets n acknowledgements again), and (through
     * {@link ZeroLossModel#check}) no promotion is below an acknowledged offset.
     */
    private void acknowledge(World world) {
        for (World.Node n : world.nodes.values()) {
            if (n.promotions > promotionsSeen.getOrDefault(n, 0)) {
                promotionsSeen.put(n, n.promotions);
                masterSince.put(n, ++promotions);
                note("node " + n.addr.port() + " promoted at offset " + n.promotedAtOffset);
            }
        }
        for (World.Node m : world.nodes.values()) {
            if (!m.alive || !m.master) {
                continue;
            }
            int holding = 0;
            for (World.Node r : world.nodes.values()) {
                if (r != m && r.alive && !r.master && m.addr.equals(r.masterAddr) && replicates(r, m) && r.offset >= m.offset) {
                    holding++;
                }
            }
            if (holding < minReplicasAck || m.offset <= zeroLoss.highestAcked) {
                continue;
            }
            int since = masterSince.getOrDefault(m, 0);
            if (promotions > since) {
                throw failure("zero-loss: " + m.addr.port() + " acknowledged writes up to " + m.offset
                        + " after another node was promoted (" + promotions + " promotions, it became master at " + since + ")");
            }
            if (lastAcker != m) {
                note("node " + m.addr.port() + " acknowledges writes (from offset " + zeroLoss.highestAcked + ")");
                lastAcker = m;
            }
            zeroLoss.highestAcked = m.offset;
        }
    }

    @Override
    public void observe(World world, World.Sentinel s, Action a) {
        long epoch = world.master(s).failoverEpoch;
        if (a instanceof Action.Persist) {
            persisted.put(s.id, PersistedState.of(s.brain));
        } else if (a instanceof Action.Promote p) {
            promotedByEpoch.computeIfAbsent(epoch, k -> new HashSet<>()).add(p.target().addr());
            failovers++;
        } else if (a instanceof Action.Event e && (e.type().equals("+selected-slave") || e.type().equals("+promoted-slave"))) {
            String[] words = e.message().split(" ");
            promotedByEpoch.computeIfAbsent(epoch, k -> new HashSet<>())
                    .add(new Addr(words[2], Integer.parseInt(words[3])));
        }
    }

    @Override
    public boolean lost(World.Sentinel from, World.Sentinel to) {
        if (apart(from.id, to.id)) {
            return true;
        }
        for (FaultSchedule.Fault f : active) {
            if (f.kind() == FaultSchedule.Kind.PEER_LOSS && random.nextDouble() < f.probability()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public long peerDelay(World.Sentinel from, World.Sentinel to) {
        return delay(FaultSchedule.Kind.PEER_DELAY);
    }

    @Override
    public long infoDelay(World.Sentinel s, World.Node n) {
        return delay(FaultSchedule.Kind.SLOW_INFO);
    }

    @Override
    public long commandDelay(World.Sentinel s, World.Node n) {
        return delay(FaultSchedule.Kind.SLOW_COMMANDS);
    }

    private long delay(FaultSchedule.Kind kind) {
        long d = 0;
        for (FaultSchedule.Fault f : active) {
            if (f.kind() == kind && random.nextBoolean()) {
                d = Math.max(d, 1 + random.nextLong(f.delayMs()));
            }
        }
        return d;
    }

    @Override
    public boolean replicates(World.Node replica, World.Node master) {
        for (FaultSchedule.Fault f : active) {
            if (f.kind() == FaultSchedule.Kind.LINK_CUT && nodeAt(f.target()) == replica) {
                return false;
            }
        }
        return partition == null || sideNodes.contains(replica.addr) == sideNodes.contains(master.addr);
    }
}
