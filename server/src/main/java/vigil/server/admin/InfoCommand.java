package vigil.server.admin;

import vigil.resp.server.command.CommandTable;
import vigil.server.node.VigilServer;
import vigil.server.node.Client;
import vigil.util.Bytes;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

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

    public static void register(CommandTable<Client> t, VigilServer server) {
        t.add("info", -1, "loading stale", 0, 0, 0, "server", (c, argv) -> c.out.verbatim(info(server, c, argv)));
        server.stats.memoryStartup = MemoryInfo.STARTUP;
    }

    /** The INFO text for the given argv (argv[0] is "info"). */
    public static String info(VigilServer server, Client c, byte[][] argv) {
        Set<String> wanted = sections(argv);
        StringBuilder sb = new StringBuilder(4096);
        for (String section : ALL) {
            if (!wanted.contains(section)) continue;
            if (sb.length() > 0) sb.append("\r\n");
            sb.append("# ").append(title(section)).append("\r\n");
            switch (section) {
                case "server" -> InfoSections.server(sb, server, c);
                case "clients" -> InfoSections.clients(sb, server);
                case "memory" -> MemoryInfo.appendInfo(sb, server);
                case "persistence" -> PersistenceInfo.of(server).appendInfo(sb, server);
                case "stats" -> InfoSections.stats(sb, server);
                case "replication" -> server.replicationState.appendInfo(sb, server);
                case "cpu" -> vigil.resp.server.info.ServerInfo.cpu(sb);
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

    /** Which sections argv asks for: none means default; all/everything/default expand. */
    static Set<String> sections(byte[][] argv) {
        Set<String> out = new LinkedHashSet<>();
        if (argv.length == 1) return DEFAULT;
        for (int i = 1; i < argv.length; i++) {
            String s = Bytes.str(argv[i]).toLowerCase(Locale.ROOT);
            switch (s) {
                case "all", "everything" -> out.addAll(ALL);
                case "default" -> out.addAll(DEFAULT);
                default -> out.add(s);
            }
        }
        return out;
    }

    static String title(String section) {
        return switch (section) {
            case "cpu" -> "CPU";
            default -> Character.toUpperCase(section.charAt(0)) + section.substring(1);
        };
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
