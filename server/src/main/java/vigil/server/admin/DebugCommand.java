package vigil.server.admin;

import vigil.server.VigilServer;
import vigil.server.command.CommandTable;

/** Registers DEBUG (DIGEST, DIGEST-VALUE, OBJECT, SLEEP, SET-ACTIVE-EXPIRE, ...). */
public final class DebugCommand {
    private DebugCommand() {
    }

    public static void register(CommandTable t, VigilServer server) {
    }
}
