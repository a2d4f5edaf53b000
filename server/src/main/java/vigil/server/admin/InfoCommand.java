package vigil.server.admin;

import vigil.server.VigilServer;
import vigil.server.command.CommandTable;

/** Registers INFO. */
public final class InfoCommand {
    private InfoCommand() {
    }

    public static void register(CommandTable t, VigilServer server) {
    }
}
