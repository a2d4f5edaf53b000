package vigil.server.keys;

import vigil.server.VigilServer;
import vigil.server.command.CommandTable;

/** Registers expiry commands (EXPIRE family, TTL family, PERSIST). */
public final class ExpireCommands {
    private ExpireCommands() {
    }

    public static void register(CommandTable t, VigilServer server) {
    }
}
