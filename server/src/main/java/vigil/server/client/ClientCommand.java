package vigil.server.client;

import vigil.server.VigilServer;
import vigil.server.command.CommandTable;

/** Registers CLIENT and its subcommands. */
public final class ClientCommand {
    private ClientCommand() {
    }

    public static void register(CommandTable t, VigilServer server) {
    }
}
