package vigil.server.admin;

import vigil.resp.server.command.CommandTable;
import vigil.resp.server.info.ServerInfo;
import vigil.server.node.Client;
import vigil.server.node.VigilServer;
import vigil.util.Bytes;

import java.util.List;
import java.util.Set;
import java.util.function.IntSupplier;

/**
 * INFO [section ...]: the node's state as "# Section" blocks of name:value lines (CRLF), in
 * Redis 7.0's section order, names and field order. A bulk string for RESP2, a verbatim "txt"
 * string for RESP3. Also owns the cron sampling of the instantaneous_* metrics.
 */
public final class InfoCommand {
    /** Every section, in the order Redis prints them. Latencystats is not implemented. */
    static final List<String> ALL = List.of("server", "clients", "memory", "persistence", "stats",
            "replication", "cpu", "modules", "commandstats", "errorstats", "cluster", "keyspace");
    static final Set<String> DEFAULT = Set.of("server", "clients", "memory", "persistence", "stats",
            "replication", "cpu", "modules", "errorstats", "cluster", "keyspace");

    private InfoCommand() {
    }

    /** heldClients: clients whose command CLIENT PAUSE holds; INFO counts them in blocked_clients (BLOCKED_POSTPONE). */
    public static void register(CommandTable<Client> t, VigilServer server, IntSupplier heldClients) {
        t.add("info", -1, "loading stale", 0, 0, 0, "server", (c, argv) -> c.out.verbatim(info(server, heldClients, c, argv)));
        server.stats.memoryStartup = MemoryInfo.STARTUP;
    }

    /** The INFO text for the given argv (argv[0] is "info"). */
    public static String info(VigilServer server, IntSupplier heldClients, Client c, byte[][] argv) {
        Set<String> wanted = ServerInfo.sections(argv, ALL, DEFAULT);
        StringBuilder sb = new StringBuilder(4096);
        for (String section : ALL) {
            if (!wanted.contains(section)) continue;
            ServerInfo.header(sb, section);
            switch (section) {
                case "server" -> InfoSections.server(sb, server, c);
                case "clients" -> InfoSections.clients(sb, server, heldClients.getAsInt());
                case "memory" -> MemoryInfo.appendInfo(sb, server);
                case "persistence" -> PersistenceInfo.of(server).appendInfo(sb, server);
                case "stats" -> InfoSections.stats(sb, server);
                case "replication" -> server.replicationState.appendInfo(sb, server);
                case "cpu" -> ServerInfo.cpu(sb);
                case "modules" -> { }
                case "commandstats" -> InfoSections.commandstats(sb, server);
                case "errorstats" -> InfoSections.errorstats(sb, server);
                case "cluster" -> field(sb, "cluster_enabled", 0);
                case "keyspace" -> InfoSections.keyspace(sb, server);
                default -> throw new IllegalStateException(section);
            }
        }
        return sb.toString();
    }

    static void field(StringBuilder sb, String name, String value) {
        sb.append(name).append(':').append(value).append("\r\n");
    }

    static void field(StringBuilder sb, String name, long value) {
        sb.append(name).append(':').append(value).append("\r\n");
    }

    /** The port the asking client connected to (the bound port even when the conf said 0). */
    static int port(VigilServer server, Client c) {
        String local = c == null ? "" : c.conn.localAddress();
        int colon = local.lastIndexOf(':');
        if (colon >= 0) {
            try {
                return Integer.parseInt(local.substring(colon + 1));
            } catch (NumberFormatException ignored) {
                // fall back to the configured port
            }
        }
        return server.config.port;
    }
}
