package vigil.sentinel.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A fake deployment for scenario tests: Redis-like nodes that answer PING and INFO and obey
 * REPLICAOF, and any number of {@link SentinelBrain}s, stepped together on a fake clock. Actions
 * are carried out instantly (AskPeers goes to the other brains, their votes come back, hellos
 * are delivered to every other alive sentinel). No sockets, no sleeps.
 */
final class World {
    static final String MASTER = "mymaster";

    /** A data node. */
    static final class Node {
        final Addr addr;
        String runId;
        boolean alive = true;
        boolean master;
        Addr masterAddr;
        int priority = 100;
        long offset;
        boolean announced = true;
        /** Answer INFO (false: a node that answers PING but whose INFO never comes back). */
        boolean answersInfo = true;
        /** master_link_down_since_seconds to report while the link is down; -1: derived. */
        long linkDownSeconds = -1;
        /** Report the replication link down even when the master is fine. */
        boolean linkForcedDown;
        /** Sentinels (by id) that cannot reach this node. */
        final Set<String> unreachableFrom = new HashSet<>();
        /** Ignore REPLICAOF / promotion (a stuck node). */
        boolean ignoresReconfig;
        // --- zero-loss mode (see ZeroLossModel) ---
        /** min_replicas_ack to report (printed when >= 0; -1: a node without the field) and min_replicas_ack_join_delay (when > 0). */
        int minReplicasAck = -1;
        long minReplicasAckJoinDelay;
        /** master_replid / master_replid2 / second_repl_offset to report (printed when replid is set). */
        String replid;
        String replid2;
        long secondReplOffset = -1;
        /** The offset it had when a sentinel promoted it (-1: never promoted). */
        long promotedAtOffset = -1;
        /** How many times REPLICAOF NO ONE (a Promote) reached this node. */
        int promotions;
        /** A Vigil replica refusing its master's full sync (INFO master_sync_refused:1). */
        boolean syncRefused;

        Node(Addr addr, String runId) {
            this.addr = addr;
            this.runId = runId;
        }
    }

    /** A sentinel: its brain and whether it is alive (in the group). */
    static final class Sentinel {
        final SentinelBrain brain;
        final String id;
        boolean alive = true;
        final List<String> events = new ArrayList<>();
        /** The same events with the clock, for failure messages. */
        final List<String> timeline = new ArrayList<>();
        final List<Action> actions = new ArrayList<>();
        int persistsBeforeVoteAnswer;

        Sentinel(SentinelBrain brain) {
            this.brain = brain;
            this.id = brain.settings.myId;
        }

        List<String> types() {
            List<String> out = new ArrayList<>();
            for (String e : events) {
                out.add(e.substring(0, e.indexOf(' ')));
            }
            return out;
        }

        boolean saw(String type) {
            return types().contains(type);
        }

        long count(String type) {
            return types().stream().filter(type::equals).count();
        }
    }

    final Map<Addr, Node> nodes = new LinkedHashMap<>();
    /** Sentinels (by id) cut off from the peer group's hellos (their group hellos are neither sent nor received). */
    final Set<String> groupCut = new HashSet<>();
    /** Sentinels (by id) that receive no hello on the instances' channels either. */
    final Set<String> helloDeaf = new HashSet<>();
    /** Drop IS-MASTER-DOWN-BY-ADDR questions that ask for a vote (a partition between sentinels). */
    boolean dropVoteRequests;
    /** Probability of losing any one question or answer between sentinels. */
    double peerLoss;
    /** The sentinel that sends a Promote dies right after it. */
    boolean leaderDiesAfterPromote;
    /** The sentinel that sends a Detach (zero-loss mode) dies right after its first one. */
    boolean leaderDiesAfterDetach;
    /** epoch -> sentinels that saw themselves elected in it. */
    final Map<Long, List<String>> leadersByEpoch = new LinkedHashMap<>();
    final List<Sentinel> sentinels = new ArrayList<>();
    long now = 1_000_000;
    final Random random;
    /** Faults injected by a randomized schedule (see {@link Interference}); none by default. */
    Interference interference = Interference.NONE;
    private final Deliveries later = new Deliveries();

    /** Carry out a reconfiguration on {@code n} now, or late if {@link Interference#commandDelay} says so (then only if it is alive). */
    private void nodeCommand(Sentinel s, Node n, Runnable command) {
        long delay = interference.commandDelay(s, n);
        if (delay > 0) {
            deliverLater(delay, null, () -> {
                if (n.alive) {
                    command.run();
                }
            });
        } else {
            command.run();
        }
    }

    /** Deliver to {@code to} after {@code delayMs} (dropped if it is not alive by then; null: a node command). */
    void deliverLater(long delayMs, Sentinel to, Runnable delivery) {
        later.add(now + delayMs, to, delivery);
    }

    World(long seed) {
        random = new Random(seed);
    }

    Node node(int port, boolean master, Integer masterPort) {
        Addr a = new Addr("127.0.0.1", port);
        Node n = new Node(a, runId("n" + port));
        n.master = master;
        n.masterAddr = masterPort == null ? null : new Addr("127.0.0.1", masterPort);
        nodes.put(a, n);
        return n;
    }

    Node node(int port) {
        return nodes.get(new Addr("127.0.0.1", port));
    }

    static String runId(String seed) {
        StringBuilder sb = new StringBuilder();
        while (sb.length() < 40) {
            sb.append(Integer.toHexString(Math.abs((seed + sb.length()).hashCode())));
        }
        return sb.substring(0, 40);
    }

    /** A sentinel monitoring MASTER at {@code masterPort} with {@code quorum}, down-after 1000 ms. */
    Sentinel sentinel(int port, int masterPort, int quorum) {
        SentinelSettings s = new SentinelSettings();
        s.myId = runId("sentinel" + port);
        s.announceIp = "127.0.0.1";
        s.announcePort = port;
        s.port = port;
        SentinelBrain b = new SentinelBrain(s, new Random(random.nextLong()));
        try {
            MasterState m = b.monitor(MASTER, new Addr("127.0.0.1", masterPort), quorum, now);
            b.setDownAfter(m, 1000);
            m.failoverTimeout = 10_000;
        } catch (SentinelError e) {
            throw new AssertionError(e);
        }
        Sentinel sen = new Sentinel(b);
        sentinels.add(sen);
        return sen;
    }

    Sentinel sentinel(String id) {
        for (Sentinel s : sentinels) {
            if (s.id.equals(id)) {
                return s;
            }
        }
        return null;
    }

    /** Every sentinel learns every other one (as hellos would), all alive in the group. */
    void meshPeers() {
        for (Sentinel s : sentinels) {
            for (Sentinel o : sentinels) {
                if (s != o) {
                    s.brain.addKnownSentinel(s.brain.masters.get(MASTER),
                            new Addr("127.0.0.1", o.brain.settings.announcePort), o.id, now);
                }
            }
        }
        updateAlive();
    }

    void updateAlive() {
        Set<String> alive = new HashSet<>();
        for (Sentinel s : sentinels) {
            if (s.alive) {
                alive.add(s.id);
            }
        }
        for (Sentinel s : sentinels) {
            if (s.alive) {
                Set<String> others = new HashSet<>(alive);
                others.remove(s.id);
                if (groupCut.contains(s.id)) {
                    others.clear();
                }
                others.removeAll(groupCut);
                s.brain.onPeersAlive(others, now);
                flush(s);
            }
        }
    }

    /** Advance the clock by {@code ms} in 100 ms ticks. */
    void run(long ms) {
        long end = now + ms;
        while (now < end) {
            now += 100;
            interference.beforeTick(this);
            later.runDue(this, now);
            syncLinks();
            List<Sentinel> order = new ArrayList<>(sentinels);
            java.util.Collections.shuffle(order, random);
            for (Sentinel s : order) {
                if (s.alive) {
                    s.brain.tick(now);
                    flush(s);
                }
            }
        }
    }

    /** Run until {@code cond} holds or {@code maxMs} passed; returns whether it held. */
    boolean runUntil(java.util.function.BooleanSupplier cond, long maxMs) {
        long end = now + maxMs;
        while (now < end) {
            if (cond.getAsBoolean()) {
                return true;
            }
            run(100);
        }
        return cond.getAsBoolean();
    }

    private void syncLinks() {
        for (Sentinel s : sentinels) {
            if (!s.alive) {
                continue;
            }
            for (Target t : s.brain.targets()) {
                Instance ri = s.brain.find(t);
                Node n = nodes.get(t.addr());
                boolean up = reachable(s, n);
                if (ri != null && up && !ri.linkUp) {
                    s.brain.onLinkUp(t, now);
                } else if (ri != null && !up && ri.linkUp) {
                    s.brain.onLinkDown(t, now);
                }
            }
            flush(s);
        }
    }

    /** Carry out the sentinel's queued actions (and whatever they cause) right away. */
    void flush(Sentinel s) {
        Deque<Action> q = new ArrayDeque<>(s.brain.drainActions());
        while (!q.isEmpty() && s.alive) {
            Action a = q.poll();
            s.actions.add(a);
            execute(s, a);
            q.addAll(s.brain.drainActions());
        }
    }

    boolean reachable(Sentinel s, Node n) {
        return n != null && n.alive && !n.unreachableFrom.contains(s.id);
    }

    void kill(Sentinel s) {
        s.alive = false;
        updateAlive();
    }

    private void execute(Sentinel s, Action a) {
        interference.observe(this, s, a);
        if (a instanceof Action.Event e) {
            if (e.type().equals("+elected-leader")) {
                leadersByEpoch.computeIfAbsent(master(s).failoverEpoch, k -> new ArrayList<>()).add(s.id);
            }
            s.events.add(e.type() + " " + e.message());
            s.timeline.add(now + " " + e.type() + " " + e.message());
        } else if (a instanceof Action.SendPing p) {
            Node n = nodes.get(p.target().addr());
            if (reachable(s, n)) {
                s.brain.onPingReplyText(p.target(), "PONG", now);
            }
        } else if (a instanceof Action.SendInfo i) {
            Node n = nodes.get(i.target().addr());
            if (reachable(s, n) && n.answersInfo) {
                long delay = interference.infoDelay(s, n);
                if (delay > 0) {
                    String stale = info(n);
                    deliverLater(delay, s, () -> s.brain.onInfo(i.target(), stale, now));
                } else {
                    s.brain.onInfo(i.target(), info(n), now);
                }
            }
        } else if (a instanceof Action.Promote p) {
            Node n = nodes.get(p.target().addr());
            if (reachable(s, n) && !n.ignoresReconfig) {
                nodeCommand(s, n, () -> {
                    n.master = true;
                    n.masterAddr = null;
                    ZeroLossModel.promoted(n);
                });
            }
            if (leaderDiesAfterPromote) {
                leaderDiesAfterPromote = false;
                kill(s);
            }
        } else if (a instanceof Action.Detach d) {
            Node n = nodes.get(d.target().addr());
            if (reachable(s, n) && !n.ignoresReconfig) {
                nodeCommand(s, n, () -> {
                    n.master = false;
                    n.masterAddr = Action.Detach.ADDR; // nothing listens there: the offset is frozen
                });
            }
            if (leaderDiesAfterDetach) {
                leaderDiesAfterDetach = false;
                kill(s);
            }
        } else if (a instanceof Action.ReplicaOf r) {
            Node n = nodes.get(r.target().addr());
            if (reachable(s, n) && !n.ignoresReconfig) {
                nodeCommand(s, n, () -> {
                    n.master = false;
                    n.masterAddr = r.newMaster();
                    n.syncRefused = false;   // a Vigil replica's REPLICAOF ends its refusal
                    ZeroLossModel.followed(n, nodes.get(r.newMaster()));
                });
            }
        } else if (a instanceof Action.PublishHello h) {
            Node n = nodes.get(h.target().addr());
            if (reachable(s, n)) {
                deliverHello(s, n, h.payload());
            }
        } else if (a instanceof Action.PeerBeat) {
            for (Sentinel o : sentinels) {
                if (o != s && o.alive && !groupCut.contains(o.id) && !groupCut.contains(s.id) && !interference.lost(s, o)) {
                    o.brain.onPeerBeat(s.id, now);
                }
            }
        } else if (a instanceof Action.BroadcastHello h) {
            deliverGroupHello(s, h.payload(), h.voteEpoch());
        } else if (a instanceof Action.AskPeers ask) {
            for (String peerId : ask.peerRunIds()) {
                Sentinel peer = sentinel(peerId);
                if (peer == null || !peer.alive || groupCut.contains(peerId) || groupCut.contains(s.id)
                        || (dropVoteRequests && !"*".equals(ask.runId()))
                        || random.nextDouble() < peerLoss || interference.lost(s, peer)) {
                    continue;
                }
                long questionDelay = interference.peerDelay(s, peer);
                if (questionDelay > 0) {
                    deliverLater(questionDelay, peer, () -> answer(s, ask, peer, true));
                } else {
                    answer(s, ask, peer, false);
                }
            }
        }
    }

    /** {@code peer} answers {@code s}'s question ({@code late}: the question was delayed, {@code s} flushes itself). */
    private void answer(Sentinel s, Action.AskPeers ask, Sentinel peer, boolean late) {
        String peerId = peer.id;
        SentinelBrain.DownAnswer ans = peer.brain.isMasterDownByAddr(ask.masterAddr(), ask.epoch(), ask.runId(), now);
        // The peer carries out its actions (Persist first) before its answer leaves.
        List<Action> peerActions = peer.brain.drainActions();
        if (!"*".equals(ask.runId()) && peerActions.stream().anyMatch(x -> x instanceof Action.Event ev && ev.type().equals("+vote-for-leader"))) {
            int firstPersist = indexOf(peerActions, Action.Persist.class);
            if (firstPersist < 0 || firstPersist > indexOfVote(peerActions)) {
                throw new AssertionError("vote answered before it was persisted: " + peerActions);
            }
            peer.persistsBeforeVoteAnswer++;
        }
        for (Action pa : peerActions) {
            peer.actions.add(pa);
            execute(peer, pa);
        }
        flush(peer);
        // The runtime's onQuestion: after answering, the peer counts the asker's opinion.
        peer.brain.onPeerAsked(ask.master(), ask.masterAddr(), s.id, now);
        flush(peer);
        if (random.nextDouble() < peerLoss || interference.lost(peer, s) || !s.alive) {
            return;
        }
        long delay = interference.peerDelay(peer, s);
        if (delay > 0) {
            deliverLater(delay, s, () -> s.brain.onPeerReply(ask.master(), peerId, ans.down(), ans.leaderRunId(), ans.leaderEpoch(), now));
        } else {
            s.brain.onPeerReply(ask.master(), peerId, ans.down(), ans.leaderRunId(), ans.leaderEpoch(), now);
            if (late) {
                flush(s);
            }
        }
    }

    private static int indexOf(List<Action> l, Class<?> c) {
        for (int i = 0; i < l.size(); i++) {
            if (c.isInstance(l.get(i))) {
                return i;
            }
        }
        return -1;
    }

    private static int indexOfVote(List<Action> l) {
        for (int i = 0; i < l.size(); i++) {
            if (l.get(i) instanceof Action.Event e && e.type().equals("+vote-for-leader")) {
                return i;
            }
        }
        return -1;
    }

    /** A hello published on node {@code n}: the sentinels subscribed to it (those that reach it) get it. */
    private void deliverHello(Sentinel from, Node n, String payload) {
        for (Sentinel o : sentinels) {
            if (o != from && o.alive && !helloDeaf.contains(o.id) && reachable(o, n) && !interference.lost(from, o)) {
                long delay = interference.peerDelay(from, o);
                if (delay > 0) {
                    deliverLater(delay, o, () -> o.brain.onHello(payload, now));
                } else {
                    o.brain.onHello(payload, now);
                    flush(o);
                }
            }
        }
    }

    /** A hello over the peer group: every other alive sentinel gets it with the sender's vote epoch. */
    private void deliverGroupHello(Sentinel from, String payload, long voteEpoch) {
        for (Sentinel o : sentinels) {
            if (o != from && o.alive && !groupCut.contains(o.id) && !groupCut.contains(from.id)) {
                o.brain.onGroupHello(payload, voteEpoch, now);
                flush(o);
            }
        }
    }

    /** The INFO text a node would give. */
    String info(Node n) {
        StringBuilder sb = new StringBuilder("# Server\r\nredis_version:7.0.15\r\nrun_id:").append(n.runId)
                .append("\r\n\r\n# Replication\r\n");
        if (n.master) {
            sb.append("role:master\r\n");
            int i = 0;
            for (Node r : nodes.values()) {
                if (r != n && r.alive && !r.master && n.addr.equals(r.masterAddr) && interference.replicates(r, n)) {
                    sb.append("slave").append(i++).append(":ip=").append(r.addr.host()).append(",port=")
                            .append(r.addr.port()).append(",state=online,offset=").append(r.offset).append(",lag=0\r\n");
                }
            }
            sb.append("master_repl_offset:").append(n.offset).append("\r\n");
            ZeroLossModel.appendInfo(n, sb);
        } else {
            Node m = n.masterAddr == null ? null : nodes.get(n.masterAddr);
            boolean up = m != null && m.alive && m.master && !n.linkForcedDown && interference.replicates(n, m);
            sb.append("role:slave\r\nmaster_host:").append(n.masterAddr.host()).append("\r\nmaster_port:")
                    .append(n.masterAddr.port()).append("\r\nmaster_link_status:").append(up ? "up" : "down")
                    .append("\r\nmaster_last_io_seconds_ago:1\r\nmaster_sync_in_progress:0\r\nslave_read_repl_offset:")
                    .append(n.offset).append("\r\nslave_repl_offset:").append(n.offset).append("\r\n");
            if (!up) {
                sb.append("master_link_down_since_seconds:").append(n.linkDownSeconds >= 0 ? n.linkDownSeconds : 1).append("\r\n");
            }
            if (n.syncRefused) {
                sb.append("master_sync_refused:1\r\n");
            }
            sb.append("slave_priority:").append(n.priority).append("\r\nslave_read_only:1\r\nreplica_announced:")
                    .append(n.announced ? 1 : 0).append("\r\nconnected_slaves:0\r\n");
            ZeroLossModel.appendInfo(n, sb);
        }
        return sb.toString();
    }

    /** The address a sentinel gives clients. */
    Addr masterAddr(Sentinel s) {
        return s.brain.currentMasterAddr(s.brain.masters.get(MASTER));
    }

    MasterState master(Sentinel s) {
        return s.brain.masters.get(MASTER);
    }

    /** Standard setup: master 6379, replicas 6380 and 6381, three sentinels with quorum 2, all discovered. */
    static World threeByThree(long seed) {
        World w = new World(seed);
        w.node(6379, true, null);
        w.node(6380, false, 6379).offset = 100;
        w.node(6381, false, 6379).offset = 90;
        w.sentinel(26379, 6379, 2);
        w.sentinel(26380, 6379, 2);
        w.sentinel(26381, 6379, 2);
        w.meshPeers();
        w.run(3_000);
        return w;
    }
}
