package vigil.server.transaction;

import vigil.server.VigilServer;
import vigil.server.command.CommandTable;

/** Registers MULTI, EXEC, DISCARD, WATCH, UNWATCH. */
public final class TransactionCommands {
    private TransactionCommands() {
    }

    public static void register(CommandTable t, VigilServer server) {
    }
}
