package vigil.sentinel.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vigil.resp.RespWriter;
import vigil.resp.server.command.CommandHandler;
import vigil.resp.server.command.CommandSpec;
import vigil.resp.server.command.Replies;
import vigil.resp.server.session.Session;
import vigil.sentinel.SentinelHost;
import vigil.sentinel.conf.Addresses;
import vigil.sentinel.core.Addr;
import vigil.sentinel.core.Flag;
import vigil.sentinel.core.MasterState;
import vigil.sentinel.core.PeerState;
import vigil.sentinel.core.ReplicaState;
import vigil.sentinel.core.SentinelBrain;
import vigil.sentinel.core.SentinelError;
import vigil.sentinel.core.SentinelSettings;
import vigil.util.Bytes;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import static vigil.util.Bytes.str;

/**
 * The SENTINEL subcommands, as Redis 7.0's sentinelCommand answers them: the state views read
 * the brain, the changes go through the brain's methods or its public fields, then the host
 * carries out the queued actions and persists the conf.
 */
final class SentinelCommands {
    private static final Logger log = LoggerFactory.getLogger(SentinelCommands.class);
    static final String NO_MASTER = "ERR No such master with that name";

    private final SentinelServer server;
    private final SentinelHost host;

    SentinelCommands(SentinelServer server) {
        this.server = server;
        this.host = server.host;
    }

    /** SENTINEL's subcommands, with the arity and flags Redis 7.0's sentinel-mode table has. */
    void register(CommandSpec<Session> s) {
        String adm = "admin";
        s.sub("failover", 3, adm, onMaster((c, m) -> change(c, () -> {
            brain().forceFailover(m.name, host.now());
            log.warn("Executing user requested FAILOVER of '{}'", m.name);
        })));
        s.sub("help", 2, "loading stale", (c, a) -> Replies.help(c.out, SentinelServer.resource("sentinel-help.txt").split("\n")));
        s.sub("myid", 2, adm, (c, a) -> c.out.bulk(brain().settings.myId));
        s.sub("is-master-down-by-addr", 6, adm, this::isMasterDownByAddr);
        s.sub("flushconfig", 2, adm, this::flushconfig);
        s.sub("monitor", 6, adm, this::monitor);
        s.sub("simulate-failure", -3, adm, this::simulateFailure);
        s.sub("ckquorum", 3, adm, this::ckquorum);
        s.sub("master", 3, adm, onMaster((c, m) -> InstanceReplies.instance(c.out, m, host.now())));
        s.sub("sentinels", 3, adm, onMaster((c, m) -> InstanceReplies.list(c.out, m.sentinels.values(), host.now())));
        s.sub("set", -5, adm, (c, a) -> {
            MasterState m = master(c, a[2]);
            if (m != null) new SentinelSet(this, host, c, m, a).run();
        });
        s.sub("slaves", 3, adm, onMaster((c, m) -> InstanceReplies.list(c.out, m.replicas.values(), host.now())));
        s.sub("masters", 2, adm, (c, a) -> InstanceReplies.list(c.out, brain().masters.values(), host.now()));
        s.sub("info-cache", -3, adm, this::infoCache);
        s.sub("replicas", 3, adm, onMaster((c, m) -> InstanceReplies.list(c.out, m.replicas.values(), host.now())));
        s.sub("pending-scripts", 2, adm, this::pendingScripts);
        s.sub("config", -3, adm, this::config);
        s.sub("debug", -2, adm, this::debug);
        s.sub("get-master-addr-by-name", 3, adm, this::getMasterAddrByName);
        s.sub("reset", 3, adm, this::reset);
        s.sub("remove", 3, adm, onMaster((c, m) -> change(c, () -> brain().remove(m.name))));   // -monitor, Persist
    }

    private SentinelBrain brain() {
        return host.brain();
    }

    private MasterState master(Session c, byte[] name) {
        MasterState m = brain().masters.get(str(name));
        if (m == null) c.out.error(NO_MASTER);
        return m;
    }

    /** Redis's sentinelEvent for the events the command layer raises itself (+monitor, -monitor, +set). */
    void event(String type, MasterState m, String extra, boolean warning) {
        String msg = "master " + m.name + " " + m.addr.host() + " " + m.addr.port() + (extra.isEmpty() ? "" : " " + extra);
        if (warning) log.warn("{} {}", type, msg);
        else log.info("{} {}", type, msg);
        server.publish(type, msg);
    }

    /** A subcommand about the master named by argv[2]: Redis's error when there is none. */
    private CommandHandler<Session> onMaster(BiConsumer<Session, MasterState> then) {
        return (c, argv) -> {
            MasterState m = master(c, argv[2]);
            if (m != null) then.accept(c, m);
        };
    }

    void isMasterDownByAddr(Session c, byte[][] argv) {
        Long port = Bytes.parseLong(argv[3]);
        Long epoch = port == null ? null : Bytes.parseLong(argv[4]);
        if (port == null || epoch == null) {
            c.out.error("ERR value is not an integer or out of range");
            return;
        }
        SentinelBrain.DownAnswer a = host.isMasterDownByAddr(new Addr(str(argv[2]), port.intValue()), epoch, str(argv[5]));
        c.out.array(3);
        c.out.integer(a.down() ? 1 : 0);
        c.out.bulk(a.leaderRunId() == null ? "*" : a.leaderRunId());
        c.out.integer(a.leaderEpoch());
    }

    void reset(Session c, byte[][] argv) {
        int n = brain().reset(str(argv[2]), host.now());
        host.runActions();
        c.out.integer(n);
    }

    void getMasterAddrByName(Session c, byte[][] argv) {
        MasterState m = brain().masters.get(str(argv[2]));
        if (m == null) {
            c.out.nullArray();
            return;
        }
        Addr a = brain().currentMasterAddr(m);
        c.out.array(2).bulk(a.host()).bulkLong(a.port());
    }

    /** A change made through the brain: its refusal as the error reply, else the actions it queued run (events, conf rewrite) and +OK. */
    private void change(Session c, BrainChange change) {
        try {
            change.run();
        } catch (SentinelError e) {
            c.out.error(e.getMessage());
            return;
        }
        host.runActions();
        c.out.ok();
    }

    private interface BrainChange {
        void run() throws SentinelError;
    }

    void pendingScripts(Session c, byte[][] argv) {
        List<Map<String, Object>> scripts = host.pendingScripts();
        RespWriter w = c.out;
        w.array(scripts.size());
        for (Map<String, Object> s : scripts) {
            w.map(s.size());
            for (Map.Entry<String, Object> e : s.entrySet()) {
                w.bulk(e.getKey());
                if (e.getValue() instanceof List<?> l) {
                    w.array(l.size());
                    for (Object o : l) w.bulk(String.valueOf(o));
                } else {
                    w.bulk(String.valueOf(e.getValue()));
                }
            }
        }
    }

    void monitor(Session c, byte[][] argv) {
        Long quorum = Bytes.parseLong(argv[5]);
        if (quorum == null) {
            c.out.error("ERR Invalid quorum");
            return;
        }
        Long port = Bytes.parseLong(argv[4]);
        if (port == null) {
            c.out.error("ERR Invalid port");
            return;
        }
        if (quorum <= 0) {
            c.out.error("ERR Quorum must be 1 or greater.");
            return;
        }
        SentinelSettings s = brain().settings;
        String h = Addresses.resolve(str(argv[3]), s.resolveHostnames, s.announceHostnames);
        if (h == null) {
            c.out.error("ERR Invalid IP address or hostname specified");
            return;
        }
        String name = str(argv[2]);
        if (brain().masters.containsKey(name)) {
            c.out.error("ERR Duplicate master name.");
            return;
        }
        if (port < 0 || port > 65535) {
            c.out.error("ERR Invalid port number.");
            return;
        }
        change(c, () -> brain().monitor(name, new Addr(h, port.intValue()), quorum.intValue(), host.now()));
    }

    void flushconfig(Session c, byte[][] argv) {
        persist(null);
        c.out.ok();
    }

    void ckquorum(Session c, byte[][] argv) {
        MasterState m = master(c, argv[2]);
        if (m == null) return;
        int voters = m.sentinels.size() + 1;
        int usable = 1;
        for (PeerState p : m.sentinels.values()) {
            if (!p.has(Flag.S_DOWN) && !p.has(Flag.O_DOWN)) usable++;
        }
        boolean noQuorum = usable < m.quorum;
        boolean noAuth = usable < voters / 2 + 1;
        if (!noQuorum && !noAuth) {
            c.out.simple("OK " + usable + " usable Sentinels. Quorum and failover authorization can be reached");
            return;
        }
        StringBuilder e = new StringBuilder("NOQUORUM " + usable + " usable Sentinels. ");
        if (noQuorum) e.append("Not enough available Sentinels to reach the specified quorum for this master");
        if (noAuth) {
            if (noQuorum) e.append(". ");
            e.append("Not enough available Sentinels to reach the majority and authorize a failover");
        }
        c.out.error(e.toString());
    }

    /** Persists the conf; if that fails, SENTINEL SET / CONFIG SET ({@code c} not null) answer Redis's error. */
    boolean persist(Session c) {
        try {
            host.flushConfig();
            return true;
        } catch (IOException e) {
            log.warn("WARNING: Sentinel was not able to save the new configuration on disk!!!: {}", e.getMessage());
            if (c != null) c.out.error("ERR Failed to save Sentinel new configuration on disk");
            return false;
        }
    }

    void config(Session c, byte[][] argv) {
        String op = str(argv[2]);
        if (op.equalsIgnoreCase("set") && argv.length == 5) {
            SentinelSet.configSet(this, host, c, str(argv[3]), str(argv[4]));
        } else if (op.equalsIgnoreCase("get") && argv.length == 4) {
            SentinelSet.configGet(host, c, str(argv[3]));
        } else {
            c.out.error("ERR Only SENTINEL CONFIG GET <option> / SET <option> <value> are supported.");
        }
    }

    void infoCache(Session c, byte[][] argv) {
        long now = host.now();
        List<MasterState> ms = new ArrayList<>();
        if (argv.length > 2) {
            for (int i = 2; i < argv.length; i++) {
                MasterState m = brain().masters.get(str(argv[i]));
                if (m != null && !ms.contains(m)) ms.add(m);
            }
        } else {
            ms.addAll(brain().masters.values());
        }
        RespWriter w = c.out;
        w.array(ms.size() * 2);
        for (MasterState m : ms) {
            w.bulk(m.name);
            w.array(m.replicas.size() + 1);
            w.array(2).integer(m.infoRefresh != 0 ? now - m.infoRefresh : 0);
            w.bulk(m.lastInfo);
            for (ReplicaState r : m.replicas.values()) {
                // Redis tests the master's info_refresh here, not the replica's.
                w.array(2).integer(m.infoRefresh != 0 ? now - r.infoRefresh : 0);
                w.bulk(r.lastInfo);
            }
        }
    }

    void simulateFailure(Session c, byte[][] argv) {
        SentinelSettings s = brain().settings;
        s.simulateCrashAfterElection = false;
        s.simulateCrashAfterPromotion = false;
        for (int j = 2; j < argv.length; j++) {
            String a = str(argv[j]);
            if (a.equalsIgnoreCase("crash-after-election")) {
                s.simulateCrashAfterElection = true;
                log.warn("Failure simulation: this Sentinel will crash after being successfully elected as failover leader");
            } else if (a.equalsIgnoreCase("crash-after-promotion")) {
                s.simulateCrashAfterPromotion = true;
                log.warn("Failure simulation: this Sentinel will crash after promoting the selected replica to master");
            } else if (a.equalsIgnoreCase("help")) {
                c.out.array(2).bulk("crash-after-election").bulk("crash-after-promotion");
                return;
            } else {
                c.out.error("ERR Unknown failure simulation specified");
                return;
            }
        }
        c.out.ok();
    }

    void debug(Session c, byte[][] argv) {
        SentinelTimings t = server.timings;
        if (argv.length == 2) {
            c.out.map(SentinelTimings.NAMES.size());
            for (String k : SentinelTimings.NAMES) c.out.bulk(k).bulkLong(t.get(brain(), k));
            return;
        }
        for (int j = 2; j < argv.length; j++) {
            String option = str(argv[j]);
            String key = option.toUpperCase(java.util.Locale.ROOT);
            if (!SentinelTimings.NAMES.contains(key) || j + 1 >= argv.length) {
                c.out.error("ERR Unknown option or number of arguments for SENTINEL DEBUG '" + option + "'");
                return;
            }
            Long v = Bytes.parseLong(argv[++j]);
            if (v == null || v <= 0) {
                c.out.error("ERR Invalid argument '" + str(argv[j]) + "' for SENTINEL DEBUG '" + option + "'");
                return;
            }
            t.set(brain(), key, v);
        }
        c.out.ok();
    }
}
