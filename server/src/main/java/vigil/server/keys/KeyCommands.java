package vigil.server.keys;

import vigil.server.VigilServer;
import vigil.server.command.CommandTable;

/** Registers generic key commands (DEL, EXISTS, TYPE, KEYS, SCAN, RENAME, ...). */
public final class KeyCommands {
    private KeyCommands() {
    }

    public static void register(CommandTable t, VigilServer server) {
    }
}
