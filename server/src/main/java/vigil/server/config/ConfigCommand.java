package vigil.server.config;

import vigil.server.VigilServer;
import vigil.server.command.CommandTable;

/** Registers CONFIG GET/SET/RESETSTAT/REWRITE. */
public final class ConfigCommand {
    private ConfigCommand() {
    }

    public static void register(CommandTable t, VigilServer server) {
    }
}
