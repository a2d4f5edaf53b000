package vigil.server.client;

import vigil.server.node.Client;
import vigil.resp.server.client.ClientCommands;
import vigil.resp.server.client.ClientRegistry;
import vigil.resp.server.command.CommandSpec;
import vigil.resp.server.command.CommandTable;
import vigil.server.node.VigilServer;
import vigil.util.Bytes;

import java.util.Map;

/**
 * The node's CLIENT: the shared subcommands ({@link ClientCommands}) over the node's clients,
 * plus PAUSE and UNPAUSE; and MONITOR and the idle-client timeout. Client tracking (TRACKING,
 * CACHING) is not implemented; TRACKINGINFO reports tracking off and GETREDIR -1.
 */
public final class ClientCommand {
    /** Unblocks a client blocked on a blocking command (installed by the blocking-commands service). */
    public interface Unblocker extends ClientCommands.Unblocker<Client> {
    }

    private ClientCommand() {
    }

    public static void register(CommandTable<Client> t, VigilServer server, ClientPause pause, Monitors monitors, Unblocker unblocker) {
        monitors.register(t);

        ClientRegistry<Client> registry = new ClientRegistry<>() {
            @Override
            public Map<Long, Client> clients() {
                return server.clients;
            }

            @Override
            public void disconnect(Client victim) {
                victim.conn.close();
                server.removeClient(victim);
            }

            @Override
            public long now() {
                return server.clock.getAsLong();
            }
        };
        ClientCommands<Client> shared = new ClientCommands<>(registry, unblocker);
        CommandSpec<Client> client = shared.register(t);
        client.sub("pause", -3, "admin noscript loading stale", (c, argv) -> pause(server, pause, c, argv));
        client.sub("unpause", 2, "admin noscript loading stale", (c, argv) -> {
            pause.unpause();
            c.out.ok();
        });
    }

    static void pause(VigilServer server, ClientPause pause, Client c, byte[][] argv) {
        if (argv.length > 4) {
            c.out.error("ERR unknown subcommand or wrong number of arguments for '" + Bytes.str(argv[1]) + "'. Try CLIENT HELP.");
            return;
        }
        ClientPause.Mode mode = ClientPause.Mode.ALL;
        if (argv.length == 4) {
            if (Bytes.is(argv[3], "write")) mode = ClientPause.Mode.WRITE;
            else if (!Bytes.is(argv[3], "all")) {
                c.out.error("ERR CLIENT PAUSE mode must be WRITE or ALL");
                return;
            }
        }
        long timeout = vigil.server.client.Timeouts.millis(c, argv[2]);
        if (timeout < 0) return;
        long now = server.clock.getAsLong();
        if (timeout > Long.MAX_VALUE - now) {
            c.out.error("ERR timeout is out of range");
            return;
        }
        pause.pause(now + timeout, mode);
        c.out.ok();
    }
}
