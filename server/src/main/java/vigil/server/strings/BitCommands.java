package vigil.server.strings;

import vigil.server.VigilServer;
import vigil.server.command.CommandTable;

/** Registers bit commands (SETBIT, GETBIT, BITCOUNT, BITPOS). */
public final class BitCommands {
    private BitCommands() {
    }

    public static void register(CommandTable t, VigilServer server) {
    }
}
