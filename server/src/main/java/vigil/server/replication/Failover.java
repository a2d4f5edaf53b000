package vigil.server.replication;

import vigil.server.node.ReplicationState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vigil.server.node.VigilServer;
import vigil.server.node.Client;
import vigil.server.client.ClientPause;
import vigil.resp.server.command.CommandTable;
import vigil.util.Bytes;

import java.util.List;

/**
 * FAILOVER [TO host port [FORCE]] [ABORT] [TIMEOUT ms]: Redis 7.0's coordinated failover. The
 * master pauses writes, waits until a replica (the target, or the first one) acknowledged its
 * whole stream (waiting-for-sync), then turns itself into a replica of it and sends
 * {@code PSYNC <replid> <offset> FAILOVER} (failover-in-progress); the target promotes itself
 * on that PSYNC and answers +CONTINUE. Accepted: the pause ends (held writes now get READONLY);
 * rejected: the master goes back to being a master. TIMEOUT aborts the wait, or with FORCE
 * fails over anyway. The state shows as master_failover_state in INFO replication. This class
 * parses the command and carries out the decisions of {@link FailoverMachine}.
 */
public final class Failover {
    private static final Logger log = LoggerFactory.getLogger(Failover.class);

    private final VigilServer server;
    private final MasterService master;
    private final ReplicaService replica;
    private final FailoverMachine machine = new FailoverMachine();
    private final ClientPause pause;

    Failover(VigilServer server, MasterService master, ReplicaService replica, ClientPause pause) {
        this.server = server;
        this.master = master;
        this.replica = replica;
        this.pause = pause;
        master.state.failoverState = () -> machine.state().word;
    }

    void register(CommandTable<Client> t) {
        t.add("failover", -1, "admin noscript stale", 0, 0, 0, "server", this::command);
    }

    boolean inProgress() {
        return machine.state() == FailoverMachine.State.IN_PROGRESS;
    }

    boolean active() {
        return machine.active();
    }

    /** A timeout was given: the master's PINGs stop while the writes are paused (replicationCron). */
    boolean suppressesPing() {
        return machine.suppressesPing();
    }

    private void command(Client c, byte[][] argv) {
        if (argv.length == 2 && Bytes.is(argv[1], "abort")) {
            if (!machine.active()) {
                c.out.error("ERR No failover in progress.");
                return;
            }
            run(machine.abort("Failover manually aborted"));
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
        String refused = run(machine.request(host, port, timeout, forceFlag, master.state.isReplica(),
                master.machine.replicas, server.clock.getAsLong()));
        if (refused != null) c.out.error(refused);
        else c.out.ok();
    }

    /** updateFailoverStatus: each cron tick and after an ACK. */
    void update() {
        if (!machine.active()) return;
        run(machine.tick(server.clock.getAsLong(), master.state.offset, master.machine.replicas));
    }

    /** The target answered our PSYNC FAILOVER with +CONTINUE or +FULLRESYNC. */
    void accepted() {
        run(machine.accepted());
    }

    /** The target refused our PSYNC FAILOVER (any error reply). */
    void rejected() {
        run(machine.rejected());
    }

    /** Carries out the machine's actions; answers the refusal, if any. */
    private String run(List<FailoverMachine.Action> actions) {
        String refused = null;
        for (FailoverMachine.Action a : actions) {
            if (a instanceof FailoverMachine.Refuse r) {
                refused = r.error();
            } else if (a instanceof FailoverMachine.PauseWrites p) {
                pause.pauseForFailover(p.on());
            } else if (a instanceof FailoverMachine.BecomeReplicaOf b) {
                replica.replicaOf(b.host(), b.port());
            } else if (a instanceof FailoverMachine.BecomeMaster) {
                replica.noOne();
            } else if (a instanceof FailoverMachine.Log l) {
                log.info(l.message());
            }
        }
        return refused;
    }

    /**
     * syncCommand's PSYNC ... FAILOVER: a replica whose replid matches promotes itself, then
     * serves the PSYNC as a master. Returns an error to send, or null to go on with the PSYNC.
     */
    static String onPsyncFailover(VigilServer server, ReplicaService replica, Client c, byte[][] argv) {
        log.warn("Failover request received for replid {}.", Bytes.str(argv[1]));
        ReplicationState st = server.replicationState;
        if (!st.isReplica()) return "ERR PSYNC FAILOVER can't be sent to a master.";
        if (!Bytes.str(argv[1]).equalsIgnoreCase(st.replId)) return "ERR PSYNC FAILOVER replid must match my replid.";
        replica.noOne();
        log.info("MASTER MODE enabled (failover request from '{}')", c.conn.remoteAddress());
        return null;
    }
}
