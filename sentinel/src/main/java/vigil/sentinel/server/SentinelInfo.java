package vigil.sentinel.server;

import vigil.resp.server.info.ServerInfo;
import vigil.sentinel.SentinelHost;
import vigil.sentinel.core.Flag;
import vigil.sentinel.core.MasterState;
import vigil.sentinel.core.SentinelSettings;

import java.util.Locale;
import java.util.Map;

/**
 * INFO in sentinel mode (Redis 7.0's sentinelInfoCommand): the server, clients, cpu and stats
 * sections with Redis's field names, then "# Sentinel" with exactly Redis's fields and one
 * masterN line per monitored master. Any number of section names (default, all, everything, or a name).
 */
final class SentinelInfo {
    private SentinelInfo() {
    }

    /** {@code sections}: the INFO arguments (none means default); Redis 7.0 takes several. */
    static String render(SentinelServer s, java.util.List<String> sections) {
        java.util.Set<String> asked = new java.util.HashSet<>();
        for (String a : sections) asked.add(a.toLowerCase(Locale.ROOT));
        boolean all = sections.isEmpty() || asked.contains("all") || asked.contains("default")
                || asked.contains("everything");
        StringBuilder sb = new StringBuilder();
        int count = 0;
        for (String n : new String[]{"server", "clients", "stats", "cpu", "sentinel"}) {
            if (!all && !asked.contains(n)) continue;
            if (count++ > 0) sb.append("\r\n");
            switch (n) {
                case "server" -> server(s, sb);
                case "clients" -> clients(s, sb);
                case "cpu" -> cpu(sb);
                case "stats" -> stats(s, sb);
                default -> sentinel(s, sb);
            }
        }
        return sb.toString();
    }

    private static void f(StringBuilder sb, String k, Object v) {
        ServerInfo.field(sb, k, v);
    }

    private static void server(SentinelServer s, StringBuilder sb) {
        sb.append("# Server\r\n");
        ServerInfo.server(sb, new ServerInfo.Identity("sentinel", null, s.runId, s.port(), s.startMillis,
                System.currentTimeMillis(), 10, s.host.configFile()));
    }

    private static void clients(SentinelServer s, StringBuilder sb) {
        sb.append("# Clients\r\n");
        ServerInfo.clients(sb, s.clients.size(), SentinelServer.MAX_CLIENTS, 0);
    }

    private static void cpu(StringBuilder sb) {
        sb.append("# CPU\r\n");
        ServerInfo.cpu(sb);
    }

    private static void stats(SentinelServer s, StringBuilder sb) {
        SentinelServer.Stats st = s.stats;
        sb.append("# Stats\r\n");
        ServerInfo.stats(sb, Map.of("total_connections_received", st.connectionsReceived,
                "total_commands_processed", st.commandsProcessed, "total_net_input_bytes", st.netInputBytes,
                "total_net_output_bytes", st.netOutputBytes, "rejected_connections", st.rejectedConnections,
                "pubsub_channels", s.subscriptions.channelCount(), "pubsub_patterns", s.subscriptions.patternCount(),
                "total_error_replies", st.errorReplies, "total_reads_processed", st.commandsProcessed,
                "total_writes_processed", st.commandsProcessed));
    }

    private static void sentinel(SentinelServer s, StringBuilder sb) {
        SentinelHost host = s.host;
        SentinelSettings st = host.brain().settings;
        long now = host.now();
        sb.append("# Sentinel\r\n");
        f(sb, "sentinel_masters", host.brain().masters.size());
        f(sb, "sentinel_tilt", st.tilt ? 1 : 0);
        f(sb, "sentinel_tilt_since_seconds", st.tilt ? (now - st.tiltStartTime) / 1000 : -1);
        f(sb, "sentinel_running_scripts", host.runningScripts());
        f(sb, "sentinel_scripts_queue_length", host.scriptsQueueLength());
        f(sb, "sentinel_simulate_failure_flags",
                (st.simulateCrashAfterElection ? 1 : 0) | (st.simulateCrashAfterPromotion ? 2 : 0));
        int id = 0;
        for (MasterState m : host.brain().masters.values()) {
            String status = m.has(Flag.O_DOWN) ? "odown" : m.has(Flag.S_DOWN) ? "sdown" : "ok";
            sb.append("master").append(id++).append(":name=").append(m.name).append(",status=").append(status)
                    .append(",address=").append(m.addr.host()).append(':').append(m.addr.port())
                    .append(",slaves=").append(m.replicas.size()).append(",sentinels=")
                    .append(m.sentinels.size() + 1).append("\r\n");
        }
    }
}
