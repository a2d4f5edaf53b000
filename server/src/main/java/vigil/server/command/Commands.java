package vigil.server.command;

import vigil.resp.server.command.CommandTable;
import vigil.server.VigilServer;
import vigil.server.client.Client;

/** Builds the node's command table from every command group. */
public final class Commands {
    private Commands() {
    }

    public static CommandTable<Client> standard(VigilServer server) {
        CommandTable<Client> t = new CommandTable<>();
        vigil.server.connection.ConnectionCommands.register(t, server);
        vigil.server.client.ClientCommand.register(t, server);
        vigil.server.keys.KeyCommands.register(t, server);
        vigil.server.keys.ExpireCommands.register(t, server);
        vigil.server.strings.StringCommands.register(t, server);
        vigil.server.strings.BitCommands.register(t, server);
        vigil.server.pubsub.PubSub.register(t, server);
        vigil.server.transaction.TransactionCommands.register(t, server);
        vigil.server.admin.ServerCommands.register(t, server);
        vigil.server.replication.ReplicationCommands.register(t, server);
        vigil.server.admin.InfoCommand.register(t, server);
        vigil.server.admin.MemoryCommand.register(t, server);
        vigil.server.admin.DebugCommand.register(t, server);
        vigil.resp.server.command.CommandCommand.register(t, vigil.resp.server.command.CommandInfo::writeDocs);
        vigil.server.config.ConfigCommand.register(t, server);
        vigil.server.types.set.SetCommands.register(t, server);
        vigil.server.types.zset.ZSetCommands.register(t, server);
        vigil.server.types.sort.SortCommand.register(t, server);
        vigil.server.types.list.ListCommands.register(t, server);
        vigil.server.types.hash.HashCommands.register(t, server);
        vigil.server.persistence.PersistenceCommands.register(t, server);
        vigil.server.persistence.DumpRestoreCommands.register(t, server);
        return t;
    }
}
