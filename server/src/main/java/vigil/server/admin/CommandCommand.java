package vigil.server.admin;

import vigil.server.VigilServer;
import vigil.server.command.CommandTable;

/** Registers COMMAND. */
public final class CommandCommand {
    private CommandCommand() {
    }

    public static void register(CommandTable t, VigilServer server) {
    }
}
