package vigil.sentinel.server;

import vigil.resp.server.info.ServerInfo;
import vigil.resp.server.net.SessionHost;
import vigil.sentinel.SentinelHost;
import vigil.sentinel.core.Flag;
import vigil.sentinel.core.MasterState;
import vigil.sentinel.core.SentinelSettings;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static vigil.resp.server.info.ServerInfo.field;

/**
 * INFO in sentinel mode (Redis 7.0's sentinelInfoCommand): the shared server, clients, stats and
 * cpu sections, then "# Sentinel" with exactly Redis's fields and one masterN line per monitored
 * master. Any number of section names (default, all, everything, or a name).
 */
final class SentinelInfo {
    private static final List<String> SECTIONS = List.of("server", "clients", "stats", "cpu", "sentinel");

    private SentinelInfo() {
    }

    /** {@code argv}: INFO's, argv[0] being "info". */
    static String render(SentinelServer s, byte[][] argv) {
        Set<String> wanted = ServerInfo.sections(argv, SECTIONS, Set.copyOf(SECTIONS));
        StringBuilder sb = new StringBuilder();
        for (String n : SECTIONS) {
            if (!wanted.contains(n)) continue;
            ServerInfo.header(sb, n);
            switch (n) {
                case "server" -> ServerInfo.server(sb, new ServerInfo.Identity("sentinel", null, s.runId, s.port(),
                        s.startMillis, System.currentTimeMillis(), 10, s.host.configFile()));
                case "clients" -> ServerInfo.clients(sb, s.clients().size(), SentinelServer.MAX_CLIENTS, 0);
                case "cpu" -> ServerInfo.cpu(sb);
                case "stats" -> stats(s, sb);
                default -> sentinel(s.host, sb);
            }
        }
        return sb.toString();
    }

    private static void stats(SentinelServer s, StringBuilder sb) {
        SessionHost.Stats st = s.stats;
        ServerInfo.stats(sb, Map.of("total_connections_received", st.connectionsReceived,
                "total_commands_processed", s.commandsProcessed, "total_net_input_bytes", st.netInputBytes,
                "total_net_output_bytes", st.netOutputBytes, "rejected_connections", st.rejectedConnections,
                "pubsub_channels", s.subscriptions.channelCount(), "pubsub_patterns", s.subscriptions.patternCount(),
                "total_error_replies", s.errorReplies, "total_reads_processed", s.commandsProcessed,
                "total_writes_processed", s.commandsProcessed));
    }

    private static void sentinel(SentinelHost host, StringBuilder sb) {
        SentinelSettings st = host.brain().settings;
        long now = host.now();
        field(sb, "sentinel_masters", host.brain().masters.size());
        field(sb, "sentinel_tilt", st.tilt ? 1 : 0);
        field(sb, "sentinel_tilt_since_seconds", st.tilt ? (now - st.tiltStartTime) / 1000 : -1);
        field(sb, "sentinel_running_scripts", host.runningScripts());
        field(sb, "sentinel_scripts_queue_length", host.scriptsQueueLength());
        field(sb, "sentinel_simulate_failure_flags",
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
