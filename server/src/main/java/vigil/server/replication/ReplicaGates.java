package vigil.server.replication;

import vigil.server.VigilServer;
import vigil.server.client.Client;
import vigil.resp.server.command.CommandFlag;
import vigil.resp.server.command.CommandSpec;

/**
 * The replica role's checks before a command runs, in Redis 7.0's processCommand order:
 * READONLY (writes from normal clients when replica-read-only), MASTERDOWN (link down and
 * replica-serve-stale-data no, for commands without the stale flag), LOADING (a full sync's
 * payload is being loaded, for commands without the loading flag; with swapdb only for
 * no_async_loading commands, the others read the old data).
 */
final class ReplicaGates {
    static final String READONLY = "READONLY You can't write against a read only replica.";
    static final String MASTERDOWN = "MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.";
    static final String LOADING = "LOADING Redis is loading the dataset in memory";

    private ReplicaGates() {
    }

    static void install(VigilServer server, ReplicationState state) {
        server.dispatcher.addGate((c, cmd, argv) -> {
            if (!state.isReplica() && !state.loading) return null;
            boolean obey = (c.flags & Client.FLAG_MASTER) != 0 || c.isInternal();
            if (state.isReplica() && server.config.replicaReadOnly && !obey && isWrite(server, c, cmd)) return READONLY;
            if (state.isReplica() && !state.linkUp() && !server.config.replicaServeStaleData && !cmd.has(CommandFlag.STALE)) {
                return MASTERDOWN;
            }
            if (state.loading && !state.asyncLoading && !cmd.has(CommandFlag.LOADING)) return LOADING;
            if (state.asyncLoading && cmd.has(CommandFlag.NO_ASYNC_LOADING)) return LOADING;   // swapdb: old data served, these wait
            return null;
        });
    }

    /** A write command, or an EXEC whose queue holds one. */
    static boolean isWrite(VigilServer server, Client c, CommandSpec<Client> cmd) {
        if (cmd.isWrite()) return true;
        if (cmd.parent != null || !cmd.name.equals("exec") || !c.inMulti) return false;
        for (byte[][] q : c.queued) {
            CommandSpec<Client> s = server.commands.lookup(q[0]);
            if (s != null && s.isWrite()) return true;
        }
        return false;
    }
}
