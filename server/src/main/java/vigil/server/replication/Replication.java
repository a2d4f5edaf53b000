package vigil.server.replication;

import vigil.server.replication.restart.RestartProtection;
import vigil.server.node.VigilServer;
import vigil.server.node.Client;
import vigil.server.client.ClientPause;
import vigil.resp.server.command.CommandTable;
import vigil.server.node.ReplicationInfo;

/**
 * The replication engine as the assembly sees it: the replica side, the master side, WAIT and
 * FAILOVER, built here with what each needs, and the explicit steps the node runs at its
 * lifecycle points (replicationCron, freeClient, startup).
 */
public final class Replication {
    private final ReplicaService replica;
    private final MasterService master;
    private final WaitCommand waits;
    private final Failover failover;
    /** The replication state file and the start fence (master-restart-fence). */
    private final RestartProtection restart;

    public Replication(VigilServer server, ClientPause pause) {
        this.replica = new ReplicaService(server);
        this.master = new MasterService(server, replica);
        this.waits = new WaitCommand(server, master);
        this.failover = new Failover(server, master, replica, pause);
        master.failover = failover;
        replica.failover = failover;
        this.restart = new RestartProtection(server, master::onlineReplicas);
    }

    /** ROLE, REPLICAOF / SLAVEOF, REPLCONF, PSYNC / SYNC, WAIT, FAILOVER. */
    public void register(CommandTable t) {
        MasterCommands.register(t, master);
        failover.register(t);
        ReplicationCommands.register(t, replica);
    }

    /**
     * replicationCron: the replica's link, then the master's replicas (ping, timeouts, backlog),
     * then FAILOVER's progress, then the replication state file.
     */
    public void cron() {
        replica.tick();
        master.cron();
        failover.update();
        restart.tick();
    }

    /**
     * The data is loaded from disk and the node does not listen yet: a master restarted behind the
     * state its replication state file recorded starts fenced (master-restart-fence).
     */
    public void loaded() {
        restart.loaded();
    }

    /** freeClient: the master link, a replica's connection, a WAITing or writing client. */
    public void clientRemoved(Client c) {
        replica.clientRemoved(c);
        master.removed(c);
        waits.forget(c);
        master.held.forget(c);
    }

    /** Before each command runs: WAIT notes which client writes; zero-loss mode notes where the stream was. */
    public void beforeCommand(Client c) {
        waits.beforeCommand(c);
        master.held.beforeCommand(c);
    }

    /** After a client's request was answered: zero-loss mode queues its reply when it wrote to the stream, or behind one. */
    public void completed(Client c, int replyMark, boolean ran) {
        master.held.completed(c, replyMark, ran);
    }

    /** A pub/sub message was written to {@code c} from {@code mark}: zero-loss mode keeps it behind c's held replies. */
    public void pushed(Client c, int mark) {
        master.held.pushed(c, mark);
    }

    /** A client blocked on keys was served (zero-loss mode holds its reply like a write's). */
    public void servedBlocked(Client c, long offsetBefore, int replyMark) {
        master.held.servedBlocked(c, offsetBefore, replyMark);
    }

    /** Before a command runs: with zero-loss replies queued, one that could not keep its place waits. */
    public boolean postpone(Client c, vigil.resp.server.command.CommandSpec<Client> cmd, byte[][] argv) {
        return master.held.postpone(c, cmd, argv);
    }

    /** Before replies are written: the turn's stream goes to the replicas first. */
    public void beforeReplies() {
        master.flushTurn();
    }

    /** Replicas whose ACKs count towards min-replicas-ack (its admission rule): online, and for its join delay. */
    public int countedReplicas() {
        return master.countedReplicas();
    }

    /** loadDataFromDisk's replication half: the conf's replicaof starts its link, a master continues its history. */
    public void started() {
        replica.startFromConf();
        master.restoreFromRdb();
    }

    /** Replicas with a recent ACK (min-replicas-to-write). */
    public int goodReplicas() {
        return master.goodReplicas();
    }

    /** What every RDB this node writes says about replication (rdbPopulateSaveInfo). */
    public ReplicationInfo saveInfo() {
        return master::saveInfo;
    }

    /**
     * A PUBLISH ran on this node: sentinel hellos feed the write fence (docs/sentinel.md, "Node
     * fence"); a fence raised or lifted is logged.
     */
    public void published(byte[] channel, byte[] message) {
        vigil.server.replication.fence.HelloFence fence = replica.state().fence;
        switch (fence.published(channel, message, !replica.state().isReplica())) {
            case FENCED -> org.slf4j.LoggerFactory.getLogger(Replication.class).warn(
                    "Refusing writes: a sentinel hello names another master with a newer configuration ({})", fence.fencedBy());
            case LIFTED -> org.slf4j.LoggerFactory.getLogger(Replication.class).warn(
                    "Accepting writes again: a sentinel hello names this node as the master");
            case NONE -> { }
        }
    }

    /** The replica side, for tests that replace its payload loader or stream listener. */
    public ReplicaService replica() {
        return replica;
    }
}
