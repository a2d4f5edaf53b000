package vigil.server.admin;

import vigil.server.VigilServer;
import vigil.server.command.CommandTable;

/** Registers server commands (TIME, DEBUG, SHUTDOWN, ROLE, SLOWLOG, ...). */
public final class ServerCommands {
    private ServerCommands() {
    }

    public static void register(CommandTable t, VigilServer server) {
    }
}
