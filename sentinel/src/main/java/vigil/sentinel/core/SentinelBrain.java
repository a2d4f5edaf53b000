package vigil.sentinel.core;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * The sentinel's decisions, with no I/O: Redis 7.0's sentinel.c timer and reply handlers as a
 * plain object fed events and the time. The shell (links, Hazelcast group, conf file, command
 * server) calls the {@code on*} methods and {@link #tick} (every 100 ms), then carries out
 * {@link #drainActions()} in order. Everything runs on one thread.
 *
 * <p>Per instance: link down/up, S_DOWN after down-after-milliseconds without a valid PING reply;
 * per master: O_DOWN when quorum peers agree, election (one vote per epoch, persisted before it is
 * answered, leader needs max(quorum, majority of all known sentinels)), and the failover state
 * machine WAIT_START -> [DETACH_REPLICAS in zero-loss mode, see {@link ZeroLoss}] -> SELECT_SLAVE ->
 * SEND_SLAVEOF_NOONE -> WAIT_PROMOTION -> RECONF_SLAVES -> UPDATE_CONFIG (see {@link FailoverState});
 * TILT when the clock jumps.
 *
 * <p>The work is split by concern: {@link Monitoring} (PING/INFO/hello scheduling, replies),
 * {@link InfoHandler} (what INFO replies change), {@link DownDetector} (S_DOWN/O_DOWN),
 * {@link Election} (asking peers, votes, leader counting), {@link FailoverMachine} (the failover
 * steps), {@link ReplicaSelector}, {@link HelloHandler}, {@link MasterReset}; this class holds the
 * state, the action queue and the configuration entry points.
 */
public final class SentinelBrain {
    private static final Logger LOG = LoggerFactory.getLogger(SentinelBrain.class);

    // Redis's timing constants (milliseconds); fields so tests and the runtime may tune them.
    public long infoPeriodMs = 10_000;
    public long pingPeriodMs = 1_000;
    public long askPeriodMs = 1_000;
    public long publishPeriodMs = 2_000;
    public long tiltTriggerMs = 2_000;
    public long tiltPeriodMs = 30_000;
    /** INFO period for the replica being promoted and the replicas being reconfigured (Vigil: faster than Redis's 1 s). */
    public long fastInfoPeriodMs = 100;
    /**
     * Upper bound of the random delays that keep sentinels from acting in lockstep (Redis's
     * SENTINEL_MAX_DESYNC is 1000): the delay between O_DOWN and starting a failover, and the
     * jitter added to failover_start_time (which spaces retries).
     */
    public long maxDesyncMs = 300;
    /**
     * Vigil: how often the peers that said "not down" are asked again while the master is S_DOWN
     * here and not yet O_DOWN (Redis: every askPeriodMs).
     */
    public long fastAskPeriodMs = 100;
    /**
     * Vigil: the delay between O_DOWN and +try-failover for a sentinel that is not the preferred
     * one (the lowest run id among itself and the peers alive in the group), on top of a random
     * [0, maxDesyncMs). The preferred sentinel starts at once.
     */
    public long followerStartDelayMs = 300;
    /** Vigil: INFO period of an instance whose role disagrees with the config, group hello period meanwhile ({@link FastConversion}). */
    public long conflictPeriodMs = 250;
    /** Vigil: how often this sentinel tells its peers it is alive over the group ({@link Isolation}). */
    public long peerBeatPeriodMs = 250;
    private long lastBeat;

    public final SentinelSettings settings;
    /** Monitored masters by name, in the order they were added. */
    public final Map<String, MasterState> masters = new LinkedHashMap<>();
    private final List<Action> actions = new ArrayList<>();
    private final RandomGenerator random;
    /** Time of the previous tick (Redis's sentinel.previous_time); 0 before the first. */
    long previousTime;

    final Monitoring monitoring = new Monitoring(this);
    final InfoHandler infoHandler = new InfoHandler(this);
    final DownDetector down = new DownDetector(this);
    final Election election = new Election(this);
    final FailoverMachine failover = new FailoverMachine(this);
    final HelloHandler hello = new HelloHandler(this);
    final MasterReset masterReset = new MasterReset(this);
    final FastConversion conversion = new FastConversion(this);
    final RestartBehind restartBehind = new RestartBehind(this);
    final Isolation isolation = new Isolation(this);
    final PeerLiveness peerLiveness = new PeerLiveness(this);

    public SentinelBrain(SentinelSettings settings) {
        this(settings, new Random());
    }

    /** With an injected random source (tests make the desync delays reproducible). */
    public SentinelBrain(SentinelSettings settings, RandomGenerator random) {
        this.settings = settings;
        this.random = random;
    }

    /** The actions queued since the last call, in order. */
    public List<Action> drainActions() {
        List<Action> out = new ArrayList<>(actions);
        actions.clear();
        return out;
    }

    void act(Action a) {
        actions.add(a);
    }

    void persist() {
        act(new Action.Persist());
    }

    /** Event with Redis's {@code %@} prefix for {@code ri} plus {@code suffix} (may be empty). */
    void eventAt(String type, boolean warning, MasterState master, Instance ri, String suffix) {
        event(type, warning, master, Events.at(ri, master) + suffix);
    }

    void event(String type, boolean warning, MasterState master, String message) {
        if (warning) {
            LOG.warn("{} {}", type, message);
        } else {
            LOG.info("{} {}", type, message);
        }
        act(new Action.Event(type, message, warning, master == null ? null : master.name));
    }

    /** A random delay in [0, maxDesyncMs). */
    long desync() {
        return maxDesyncMs <= 0 ? 0 : random.nextLong(maxDesyncMs);
    }

    /** Vigil's start delay after O_DOWN (see {@link FailoverMachine#startDelay}). */
    long startDelay(MasterState m) {
        return failover.startDelay(m);
    }

    /**
     * The earliest time a master or replica not yet S_DOWN would become so if nothing arrives
     * (its oldest unanswered PING + down-after-milliseconds + 1), or Long.MAX_VALUE. The runtime
     * ticks then instead of at its next 100 ms tick.
     */
    public long nextDownDeadline() {
        return down.nextDeadline();
    }

    /** Generates and persists {@code sentinel myid} when there is none yet (Redis does it at startup). */
    public boolean ensureMyId() {
        String id = settings.myId;
        if (id != null && !id.isEmpty() && !id.chars().allMatch(c -> c == '0')) {
            return false;
        }
        StringBuilder sb = new StringBuilder(40);
        for (int i = 0; i < 40; i++) {
            sb.append(Character.forDigit(random.nextInt(16), 16));
        }
        settings.myId = sb.toString();
        persist();
        return true;
    }

    // ---------------------------------------------------------------- configuration (conf + commands)

    /** SENTINEL MONITOR / the conf's {@code sentinel monitor}. Errors: Redis's texts ("ERR Duplicate master name.", "ERR Quorum must be 1 or greater." ...). */
    public MasterState monitor(String name, Addr addr, int quorum, long now) throws SentinelError {
        if (quorum <= 0) {
            throw new SentinelError("ERR Quorum must be 1 or greater.");
        }
        if (!AddressCheck.acceptable(addr.host(), settings.resolveHostnames)) {
            throw new SentinelError("ERR Invalid IP address or hostname specified");
        }
        if (addr.port() < 0 || addr.port() > 65535) {
            throw new SentinelError("ERR Invalid port number.");
        }
        if (masters.containsKey(name)) {
            throw new SentinelError("ERR Duplicate master name.");
        }
        MasterState m = new MasterState(name, addr, quorum, 30_000);
        initLink(m, now);
        masters.put(name, m);
        act(new Action.ResetLink(m.target(name)));
        persist();
        eventAt("+monitor", true, m, m, " quorum " + quorum);
        return m;
    }

    /** SENTINEL REMOVE. */
    public void remove(String name) throws SentinelError {
        MasterState m = masters.remove(name);
        if (m == null) {
            throw new SentinelError("ERR No such master with that name");
        }
        eventAt("-monitor", true, m, m, "");
        persist();
    }

    /** SENTINEL RESET pattern: how many masters were reset. */
    public int reset(String globPattern, long now) {
        int n = 0;
        for (MasterState m : masters.values()) {
            if (vigil.util.Glob.match(globPattern, m.name)) {
                masterReset.reset(m, true, true, now);
                n++;
            }
        }
        if (n > 0) {
            persist();
        }
        return n;
    }

    /** SENTINEL FAILOVER: a forced failover, no agreement needed. Errors: "INPROG Failover already in progress", "NOGOODSLAVE No suitable replica to promote". */
    public void forceFailover(String name, long now) throws SentinelError {
        MasterState m = masters.get(name);
        if (m == null) {
            throw new SentinelError("ERR No such master with that name");
        }
        if (m.has(Flag.FAILOVER_IN_PROGRESS)) {
            throw new SentinelError("INPROG Failover already in progress");
        }
        if (ReplicaSelector.select(m, now, pingPeriodMs, infoPeriodMs) == null) {
            throw new SentinelError("NOGOODSLAVE No suitable replica to promote");
        }
        LOG.warn("Executing user requested FAILOVER of '{}'", m.name);
        failover.start(m, now);
        m.flags.add(Flag.FORCE_FAILOVER);
    }

    /** The address clients must use (the promoted replica's once the failover reached RECONF_SLAVES). */
    public Addr currentMasterAddr(MasterState m) {
        if (m.has(Flag.FAILOVER_IN_PROGRESS) && m.promoted != null
                && m.failoverState.ordinal() >= FailoverState.RECONF_SLAVES.ordinal()) {
            return m.promoted.addr;
        }
        return m.addr;
    }

    /** A {@code known-replica} line of the conf (no event). */
    public ReplicaState addKnownReplica(MasterState m, Addr addr, long now) {
        ReplicaState r = m.replicas.get(addr);
        if (r == null) {
            r = new ReplicaState(addr, m.downAfterMs);
            initLink(r, now);
            m.replicas.put(addr, r);
            act(new Action.ResetLink(r.target(m.name)));
        }
        return r;
    }

    /** A {@code known-sentinel} line of the conf (no event). */
    public PeerState addKnownSentinel(MasterState m, Addr addr, String runId, long now) {
        PeerState p = m.sentinels.get(runId);
        if (p == null) {
            p = newPeer(m, addr, runId, now);
        }
        return p;
    }

    PeerState newPeer(MasterState m, Addr addr, String runId, long now) {
        PeerState p = new PeerState(addr, runId, m.downAfterMs);
        p.name = runId; // Redis names sentinel instances by run id
        initLink(p, now);
        peerLiveness.initial(p, now);
        m.sentinels.put(runId, p);
        return p;
    }

    /** Redis's createInstanceLink: a new instance counts as "pinged now" so it goes down if it never answers. */
    void initLink(Instance ri, long now) {
        ri.pingPendingSince = now;
        ri.lastAvail = now;
        ri.lastPong = now;
        ri.roleReportedTime = now;
    }

    /** SENTINEL SET down-after-milliseconds: Redis applies it to the master, its replicas and its sentinels. */
    public void setDownAfter(MasterState m, long ms) {
        m.downAfterMs = ms;
        m.replicas.values().forEach(r -> r.downAfterMs = ms);
        m.sentinels.values().forEach(p -> p.downAfterMs = ms);
    }

    /** Every master and replica target, for the shell to keep one link each. */
    public List<Target> targets() {
        List<Target> out = new ArrayList<>();
        for (MasterState m : masters.values()) {
            out.add(m.target(m.name));
            for (ReplicaState r : m.replicas.values()) {
                out.add(r.target(m.name));
            }
        }
        return out;
    }

    /** The instance {@code t} names, or null (e.g. a reply for an address the master no longer has). */
    public Instance find(Target t) {
        MasterState m = masters.get(t.master());
        if (m == null) {
            return null;
        }
        if (t.kind() == InstanceKind.MASTER) {
            return m.addr.equals(t.addr()) ? m : null;
        }
        if (t.kind() == InstanceKind.REPLICA) {
            return m.replicas.get(t.addr());
        }
        for (PeerState p : m.sentinels.values()) {
            if (p.addr.equals(t.addr())) {
                return p;
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- events from the shell

    /** The timer: PING/INFO/hello scheduling, down checks, elections, failover steps, TILT. */
    public void tick(long now) {
        ensureMyId();
        Tilt.check(this, now);
        if (now - lastBeat >= peerBeatPeriodMs && !masters.isEmpty()) {
            lastBeat = now;
            act(new Action.PeerBeat());
        }
        List<MasterState> toSwitch = new ArrayList<>();
        for (MasterState m : new ArrayList<>(masters.values())) {
            handleInstance(m, m, now);
            for (ReplicaState r : new ArrayList<>(m.replicas.values())) {
                handleInstance(r, m, now);
            }
            for (PeerState p : new ArrayList<>(m.sentinels.values())) {
                handleInstance(p, m, now);
            }
            if (m.failoverState == FailoverState.UPDATE_CONFIG) {
                toSwitch.add(m);
            }
        }
        for (MasterState m : toSwitch) {
            failover.switchToPromoted(m, now);
        }
    }

    /** Redis's sentinelHandleRedisInstance: the monitoring half always, the acting half unless in TILT. */
    private void handleInstance(Instance ri, MasterState m, long now) {
        monitoring.sendPeriodic(ri, m, now);
        if (settings.tilt) {
            if (now - settings.tiltStartTime < tiltPeriodMs) {
                return;
            }
            settings.tilt = false;
            event("-tilt", true, null, "#tilt mode exited");
        }
        down.checkSubjective(ri, m, now);
        if (ri == m) {
            actOnMaster(m, now);
        } else if (ri instanceof ReplicaState r && FastConversion.conflicts(r, m)) {
            conversion.consider(r, m, now);
        }
    }

    /** The master part of the acting half: O_DOWN, failover start, the state machine, asking peers. */
    void actOnMaster(MasterState m, long now) {
        down.checkObjective(m, now);
        if (failover.startIfNeeded(m, now)) {
            election.askPeers(m, now, true);
        }
        failover.stateMachine(m, now);
        election.askPeers(m, now, false);
        isolation.check(m, now);
    }

    public void onLinkUp(Target t, long now) {
        Instance ri = find(t);
        if (ri != null) {
            monitoring.linkUp(ri, t.master(), now);
        }
    }

    public void onLinkDown(Target t, long now) {
        Instance ri = find(t);
        if (ri != null) {
            monitoring.linkDown(ri, now);
        }
    }

    /** A PING reply: {@code valid} for +PONG, -LOADING, -MASTERDOWN; {@code busy} for -BUSY. */
    public void onPingReply(Target t, boolean valid, boolean busy, long now) {
        onPingReplyText(t, valid ? "PONG" : busy ? "BUSY" : "ERR", now);
    }

    /**
     * A PING reply by its text ({@code PONG}, {@code LOADING ...}, {@code MASTERDOWN ...},
     * {@code BUSY ...}, anything else): lets the brain tell +PONG from -LOADING, which
     * master-reboot-down-after-period needs.
     */
    public void onPingReplyText(Target t, String reply, long now) {
        Instance ri = find(t);
        if (ri != null) {
            monitoring.pingReply(ri, masters.get(t.master()), reply, now);
        }
    }

    /** An INFO reply's text. */
    public void onInfo(Target t, String info, long now) {
        Instance ri = find(t);
        if (ri == null || ri instanceof PeerState) {
            return;
        }
        MasterState m = masters.get(t.master());
        if (ri.pendingCommands > 0) {
            ri.pendingCommands--;
        }
        infoHandler.refresh(ri, m, InfoFacts.parse(info), info, now);
    }

    /** A hello from {@code __sentinel__:hello} on any instance (or from a peer without a vote epoch). Own hellos are ignored. */
    public void onHello(String payload, long now) {
        hello.process(payload, now);
    }

    /** Vigil: a hello a peer broadcast over the group, with its last vote epoch for the master ({@link Action.BroadcastHello}). */
    public void onGroupHello(String payload, long voteEpoch, long now) {
        Hello h = Hello.parse(payload);
        if (h != null) {
            peerLiveness.heard(h.runId(), now);
        }
        hello.process(payload, voteEpoch, true, now);
    }

    /** Vigil: a peer's beat over the group ({@link Action.PeerBeat}). */
    public void onPeerBeat(String runId, long now) {
        peerLiveness.heard(runId, now);
    }

    /** The run ids of the peers now in the Hazelcast group (membership change or periodic). */
    public void onPeersAlive(Set<String> aliveRunIds, long now) {
        peerLiveness.alive(aliveRunIds, now);
    }

    /** A peer's answer to {@link Action.AskPeers}. {@code leaderRunId} is "*" when it did not vote. */
    public void onPeerReply(String master, String peerRunId, boolean masterDown, String leaderRunId,
                            long leaderEpoch, long now) {
        MasterState m = masters.get(master);
        if (m == null) {
            return;
        }
        peerLiveness.heard(peerRunId, now);
        PeerState p = m.sentinels.get(peerRunId);
        if (p == null) {
            return;
        }
        election.peerReply(m, p, masterDown, leaderRunId, leaderEpoch, now);
        if (!settings.tilt) {
            // Vigil: act on the answer now instead of at the next tick (up to 100 ms earlier).
            actOnMaster(m, now);
        }
    }

    /**
     * Vigil: the peer {@code peerRunId} asked (over the group) whether the master at {@code addr}
     * is down: it holds it S_DOWN, so count its opinion now (see Election#peerAsked). Call after
     * answering the question.
     */
    public void onPeerAsked(String master, Addr addr, String peerRunId, long now) {
        peerLiveness.heard(peerRunId, now);
        MasterState m = masters.get(master);
        if (m == null || !m.addr.equals(addr)) {
            return;
        }
        PeerState p = m.sentinels.get(peerRunId);
        if (p == null) {
            return;
        }
        election.peerAsked(m, p, now);
        if (!settings.tilt) {
            actOnMaster(m, now);
        }
    }

    /** The answer to SENTINEL IS-MASTER-DOWN-BY-ADDR (from a Redis sentinel or a peer over Hazelcast). */
    public record DownAnswer(boolean down, String leaderRunId, long leaderEpoch) {
    }

    /**
     * SENTINEL IS-MASTER-DOWN-BY-ADDR ip port epoch runid. A vote (runid != "*") may queue a
     * {@link Action.Persist}: the shell must carry out drained actions before it replies.
     */
    public DownAnswer isMasterDownByAddr(Addr addr, long reqEpoch, String reqRunId, long now) {
        MasterState m = null;
        for (MasterState c : masters.values()) {
            if (c.addr.equals(addr)) {
                m = c;
                break;
            }
        }
        boolean isDown = !settings.tilt && m != null && m.has(Flag.S_DOWN);
        String leader = null;
        long leaderEpoch = 0;
        if (m != null && !"*".equals(reqRunId)) {
            leader = election.vote(m, reqEpoch, reqRunId, now);
            leaderEpoch = m.leaderEpoch;
        }
        return new DownAnswer(isDown, leader == null ? "*" : leader, leaderEpoch);
    }
}
