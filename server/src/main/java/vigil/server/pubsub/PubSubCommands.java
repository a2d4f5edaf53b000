package vigil.server.pubsub;

import vigil.server.VigilServer;
import vigil.server.command.CommandTable;

/** Registers pub/sub commands. */
public final class PubSubCommands {
    private PubSubCommands() {
    }

    public static void register(CommandTable t, VigilServer server) {
    }
}
