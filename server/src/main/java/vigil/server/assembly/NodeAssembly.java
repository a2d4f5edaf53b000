package vigil.server.assembly;

import vigil.server.node.VigilServer;
import vigil.server.admin.LatencyMonitor;
import vigil.server.admin.SlowLog;
import vigil.server.admin.StatsSampler;
import vigil.server.admission.Admission;
import vigil.server.node.Client;
import vigil.server.client.ClientPause;
import vigil.server.client.IdleClients;
import vigil.server.client.Monitors;
import vigil.resp.server.command.CommandTable;
import vigil.server.config.ServerConfig;
import vigil.server.keyspace.ActiveExpire;
import vigil.server.keyspace.Db;
import vigil.server.persistence.PersistenceCommands;
import vigil.server.replication.Replication;

import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The data node, built in one place: the node's state ({@link VigilServer}), each service
 * constructed with what it needs, the command table, the admission rules, and the node's
 * lifecycle points written out as explicit sequences (serverCron, freeClient, RESET, after a
 * command, startup), in the order Redis runs them.
 */
public final class NodeAssembly implements VigilServer.Lifecycle {
    public final VigilServer server;
    public final ClientPause pause;
    public final Monitors monitors;
    public final IdleClients idleClients;
    public final ActiveExpire activeExpire;
    public final SlowLog slowLog;
    public final LatencyMonitor latency;
    public final StatsSampler statsSampler;
    public final Replication replication;
    public final Admission admission;

    public NodeAssembly(ServerConfig config, LongSupplier clock, Function<VigilServer, VigilServer.Scheduler> scheduler,
                        Function<VigilServer, VigilServer.Network> network) {
        vigil.server.types.CollectionKinds.register();
        VigilServer s = new VigilServer(config, clock, scheduler, network);
        this.server = s;
        s.persistenceState.saver = new vigil.server.persistence.SnapshotSaver();
        this.pause = new ClientPause(s);
        this.monitors = new Monitors(s);
        this.idleClients = new IdleClients(s, () -> config.timeoutSeconds);
        this.activeExpire = new ActiveExpire(s.keyspace, () -> config.hz, () -> config.activeExpireEffort);
        this.slowLog = new SlowLog(s);
        this.latency = new LatencyMonitor(s);
        this.statsSampler = new StatsSampler(s);
        s.replicationState.fence = new vigil.server.replication.fence.HelloFence(new vigil.server.replication.fence.SelfAddress(
                () -> s.listeningPort.getAsInt(), () -> config.replicaAnnouncePort, () -> config.replicaAnnounceIp, () -> config.bind));
        this.replication = new Replication(s, pause);
        s.persistenceState.replicationInfo = replication.saveInfo();
        registerCommands(s.commands);
        this.admission = new Admission(config, s.commands, s.persistenceState, s.replicationState, replication::goodReplicas,
                replication::countedReplicas);
        s.dispatcher.attach(admission.rules(),
                (c, cmd, argv) -> replication.postpone(c, cmd, argv) || pause.postpone(c, cmd, argv),
                (c, error) -> vigil.server.transaction.TransactionCommands.abort(s, c, error),
                (c, cmd, argv, micros) -> replication.beforeCommand(c),
                (c, cmd, argv, micros) -> {
                    slowLog.executed(c, cmd, argv, micros);
                    latency.executed(c, cmd, argv, micros);
                    monitors.executed(c, cmd, argv);
                },
                replication::completed);
        s.blocking.onServed(replication::servedBlocked);
        s.pubsub.onPushed(replication::pushed);
        s.setLifecycle(this);
    }

    /** Every command group, in the order COMMAND lists them. */
    private void registerCommands(CommandTable<Client> t) {
        VigilServer s = server;
        vigil.server.connection.ConnectionCommands.register(t, s);
        vigil.server.client.ClientCommand.register(t, s, pause, monitors,
                (target, withError) -> s.blocking.unblock(target.id, withError));
        vigil.server.keys.KeyCommands.register(t, s);
        vigil.server.keys.ExpireCommands.register(t, s);
        vigil.server.strings.StringCommands.register(t, s);
        vigil.server.strings.BitCommands.register(t, s);
        vigil.server.pubsub.PublishCommands.register(t, s, replication::published);
        vigil.server.transaction.TransactionCommands.register(t, s);
        vigil.server.admin.ServerCommands.register(t, s, slowLog, latency);
        replication.register(t);
        vigil.server.admin.InfoCommand.register(t, s, pause::heldCount);
        vigil.server.admin.MemoryCommand.register(t, s);
        vigil.server.admin.DebugCommand.register(t, s, activeExpire);
        vigil.resp.server.command.CommandCommand.register(t, vigil.resp.server.command.CommandInfo::writeDocs);
        vigil.server.admin.ConfigCommand.register(t, s);
        vigil.server.types.set.SetCommands.register(t, s);
        vigil.server.types.zset.ZSetCommands.register(t, s);
        vigil.server.types.sort.SortCommand.register(t, s);
        vigil.server.types.list.ListCommands.register(t, s);
        vigil.server.types.hash.HashCommands.register(t, s);
        PersistenceCommands.register(t, s);
        vigil.server.persistence.DumpRestoreCommands.register(t, s);
    }

    /** serverCron: the stats sample, clientsCron, databasesCron, the save points, replicationCron. */
    @Override
    public void cron() {
        statsSampler.tick();
        clientsCron();
        activeExpire.cycle();              // databasesCron
        PersistenceCommands.cron(server);  // save points, a scheduled BGSAVE
        replication.cron();
    }

    /** clientsCron: idle clients time out, blocked clients past their timeout are answered, an expired pause ends. */
    private void clientsCron() {
        idleClients.check();
        server.blocking.expireTimeouts();
        pause.checkDeadline();
    }

    /** freeClient: every service forgets the client (after WATCH, which the server drops itself). */
    @Override
    public void clientRemoved(Client c) {
        server.pubsub.forget(c);
        pause.forget(c);
        monitors.stop(c);
        replication.clientRemoved(c);
        server.blocking.forget(c);
    }

    /** RESET: subscriptions and monitor mode end. */
    @Override
    public void clientReset(Client c) {
        server.pubsub.forget(c);
        monitors.stop(c);
    }

    /** After each top-level command: clients blocked on keys it made ready are served (handleClientsBlockedOnKeys). */
    @Override
    public void afterCommand() {
        server.blocking.handleReadyKeys();
    }

    /**
     * loadDataFromDisk is done and the node does not listen yet (called by the launcher): a
     * master restarted behind its recorded replication state starts fenced.
     */
    public void loaded() {
        replication.loaded();
    }

    @Override
    public void started() {
        replication.started();
    }

    /** beforeSleep's order: the replication stream of the turn is written before any client reply. */
    @Override
    public void beforeReplies() {
        replication.beforeReplies();
    }

    /** signalModifiedKey's other half: blocked clients waiting on the key (or the whole db). */
    @Override
    public void keyModified(Db db, byte[] key) {
        server.blocking.keyModified(db, key);
    }

    /** An expiry deletion is notified ("expired", class x) after its DEL was propagated. */
    @Override
    public void keyExpired(Db db, byte[] key) {
        server.pubsub.notifications.notify('x', "expired", db.id, key);
    }
}
