package vigil.server.replication;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vigil.server.VigilServer;
import vigil.server.client.Client;
import vigil.server.client.ClientPause;
import vigil.resp.server.command.CommandTable;
import vigil.util.Bytes;

/**
 * FAILOVER [TO host port [FORCE]] [ABORT] [TIMEOUT ms]: Redis 7.0's coordinated failover. The
 * master pauses writes, waits until a replica (the target, or the first one) acknowledged its
 * whole stream (waiting-for-sync), then turns itself into a replica of it and sends
 * {@code PSYNC <replid> <offset> FAILOVER} (failover-in-progress); the target promotes itself
 * on that PSYNC and answers +CONTINUE. Accepted: the pause ends (held writes now get READONLY);
 * rejected: the master goes back to being a master. TIMEOUT aborts the wait, or with FORCE
 * fails over anyway. The state shows as master_failover_state in INFO replication.
 */
public final class Failover {
    private static final Logger log = LoggerFactory.getLogger(Failover.class);

    enum State {
        NO_FAILOVER("no-failover"), WAIT_FOR_SYNC("waiting-for-sync"), IN_PROGRESS("failover-in-progress");

        final String word;

        State(String word) {
            this.word = word;
        }
    }

    private final VigilServer server;
    private final MasterService master;
    private final ReplicaService replica;
    private State state = State.NO_FAILOVER;
    private String targetHost;
    private int targetPort;
    private long endTime;
    private boolean force;

    private Failover(VigilServer server, MasterService master, ReplicaService replica) {
        this.server = server;
        this.master = master;
        this.replica = replica;
    }

    static Failover of(VigilServer server) {
        return server.service(Failover.class);
    }

    static void register(CommandTable<Client> t, VigilServer server, MasterService master, ReplicaService replica) {
        Failover f = new Failover(server, master, replica);
        server.registerService(Failover.class, f);
        master.state.failoverState = () -> f.state.word;
        server.addCronHook(f::update);
        t.add("failover", -1, "admin noscript stale", 0, 0, 0, "server", f::command);
    }

    boolean inProgress() {
        return state == State.IN_PROGRESS;
    }

    boolean active() {
        return state != State.NO_FAILOVER;
    }

    /** A timeout was given: the master's PINGs stop while the writes are paused (replicationCron). */
    boolean suppressesPing() {
        return state != State.NO_FAILOVER && endTime != 0;
    }

    private void command(Client c, byte[][] argv) {
        if (argv.length == 2 && Bytes.is(argv[1], "abort")) {
            if (state == State.NO_FAILOVER) {
                c.out.error("ERR No failover in progress.");
                return;
            }
            abort("Failover manually aborted");
            c.out.ok();
            return;
        }
        long timeout = 0;
        boolean forceFlag = false;
        long port = 0;
        String host = null;
        for (int j = 1; j < argv.length; j++) {
            if (Bytes.is(argv[j], "timeout") && j + 1 < argv.length && timeout == 0) {
                Long v = Bytes.parseLong(argv[j + 1]);
                if (v == null) {
                    c.out.error("ERR value is not an integer or out of range");
                    return;
                }
                if (v <= 0) {
                    c.out.error("ERR FAILOVER timeout must be greater than 0");
                    return;
                }
                timeout = v;
                j++;
            } else if (Bytes.is(argv[j], "to") && j + 2 < argv.length && host == null) {
                Long p = Bytes.parseLong(argv[j + 2]);
                if (p == null) {
                    c.out.error("ERR value is not an integer or out of range");
                    return;
                }
                port = p;
                host = Bytes.str(argv[j + 1]);
                j += 2;
            } else if (Bytes.is(argv[j], "force") && !forceFlag) {
                forceFlag = true;
            } else {
                c.out.error("ERR syntax error");
                return;
            }
        }
        if (state != State.NO_FAILOVER) {
            c.out.error("ERR FAILOVER already in progress.");
            return;
        }
        if (master.state.isReplica()) {
            c.out.error("ERR FAILOVER is not valid when server is a replica.");
            return;
        }
        if (master.replicas.isEmpty()) {
            c.out.error("ERR FAILOVER requires connected replicas.");
            return;
        }
        if (forceFlag && (timeout == 0 || host == null)) {
            c.out.error("ERR FAILOVER with force option requires both a timeout and target HOST and IP.");
            return;
        }
        if (host != null) {
            ReplicaConnection r = find(host, port);
            if (r == null) {
                c.out.error("ERR FAILOVER target HOST and PORT is not a replica.");
                return;
            }
            if (r.state != ReplicaConnection.State.ONLINE) {
                c.out.error("ERR FAILOVER target replica is not online.");
                return;
            }
            targetHost = host;
            targetPort = (int) port;
            log.info("FAILOVER requested to {}:{}.", host, port);
        } else {
            log.info("FAILOVER requested to any replica.");
        }
        if (timeout != 0) endTime = server.clock.getAsLong() + timeout;
        force = forceFlag;
        state = State.WAIT_FOR_SYNC;
        pause().pauseForFailover(true);
        c.out.ok();
    }

    private ClientPause pause() {
        return server.service(ClientPause.class);
    }

    /** findReplica: the announced (or peer) ip and the listening port. */
    private ReplicaConnection find(String host, long port) {
        for (ReplicaConnection r : master.replicas) {
            if (host.equalsIgnoreCase(r.ip()) && port == r.listeningPort) return r;
        }
        return null;
    }

    /** updateFailoverStatus: each cron tick and after an ACK. */
    void update() {
        if (state != State.WAIT_FOR_SYNC) return;
        long now = server.clock.getAsLong();
        if (endTime != 0 && endTime <= now) {
            if (force) {
                log.info("FAILOVER to {}:{} time out exceeded, failing over.", targetHost, targetPort);
                failOverTo();
            } else {
                abort("Replica never caught up before timeout");
            }
            return;
        }
        ReplicaConnection r = null;
        if (targetHost != null) {
            r = find(targetHost, targetPort);
        } else {
            for (ReplicaConnection x : master.replicas) {
                if (x.ackOffset == master.state.offset) {
                    r = x;
                    targetHost = x.ip();
                    targetPort = x.listeningPort;
                    break;
                }
            }
        }
        if (r != null && r.ackOffset == master.state.offset) {
            log.info("Failover target {}:{} is synced, failing over.", targetHost, targetPort);
            failOverTo();
        }
    }

    /** Becomes a replica of the target; the next PSYNC carries FAILOVER. */
    private void failOverTo() {
        state = State.IN_PROGRESS;
        replica.replicaOf(targetHost, targetPort);
    }

    /** The target answered our PSYNC FAILOVER with +CONTINUE or +FULLRESYNC. */
    void accepted() {
        if (state == State.IN_PROGRESS) clear();
    }

    /** The target refused our PSYNC FAILOVER (any error reply). */
    void rejected() {
        if (state == State.IN_PROGRESS) abort("Failover target rejected psync request");
    }

    private void abort(String why) {
        if (state == State.NO_FAILOVER) return;
        if (targetHost != null) log.info("FAILOVER to {}:{} aborted: {}", targetHost, targetPort, why);
        else log.info("FAILOVER to any replica aborted: {}", why);
        if (state == State.IN_PROGRESS) replica.noOne();
        clear();
    }

    private void clear() {
        endTime = 0;
        force = false;
        targetHost = null;
        targetPort = 0;
        state = State.NO_FAILOVER;
        pause().pauseForFailover(false);
    }

    /**
     * syncCommand's PSYNC ... FAILOVER: a replica whose replid matches promotes itself, then
     * serves the PSYNC as a master. Returns an error to send, or null to go on with the PSYNC.
     */
    static String onPsyncFailover(VigilServer server, Client c, byte[][] argv) {
        log.warn("Failover request received for replid {}.", Bytes.str(argv[1]));
        ReplicationState st = ReplicationState.of(server);
        if (!st.isReplica()) return "ERR PSYNC FAILOVER can't be sent to a master.";
        if (!Bytes.str(argv[1]).equalsIgnoreCase(st.replId)) return "ERR PSYNC FAILOVER replid must match my replid.";
        ReplicaService.of(server).noOne();
        log.info("MASTER MODE enabled (failover request from '{}')", c.conn.remoteAddress());
        return null;
    }
}
