package vigil.sentinel.server;

import vigil.sentinel.SentinelHost;
import vigil.sentinel.core.Flag;
import vigil.sentinel.core.MasterState;
import vigil.sentinel.core.SentinelSettings;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * INFO in sentinel mode (Redis 7.0's sentinelInfoCommand): the server, clients, cpu and stats
 * sections with Redis's field names, then "# Sentinel" with exactly Redis's fields and one
 * masterN line per monitored master. Any number of section names (default, all, everything, or a name).
 */
final class SentinelInfo {
    static final String REDIS_VERSION = "7.0.15";

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
        sb.append(k).append(':').append(v).append("\r\n");
    }

    private static void server(SentinelServer s, StringBuilder sb) {
        long nowMs = System.currentTimeMillis();
        long uptime = (nowMs - s.startMillis) / 1000;
        sb.append("# Server\r\n");
        f(sb, "redis_version", REDIS_VERSION);
        f(sb, "redis_git_sha1", "00000000");
        f(sb, "redis_git_dirty", 0);
        f(sb, "redis_build_id", "0");
        f(sb, "redis_mode", "sentinel");
        f(sb, "os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        f(sb, "arch_bits", 64);
        f(sb, "monotonic_clock", "POSIX clock_gettime");
        f(sb, "multiplexing_api", "epoll");
        f(sb, "atomicvar_api", "c11-builtin");
        f(sb, "gcc_version", "0.0.0");
        f(sb, "process_id", ProcessHandle.current().pid());
        f(sb, "process_supervised", "no");
        f(sb, "run_id", s.runId);
        f(sb, "tcp_port", s.port());
        f(sb, "server_time_usec", nowMs * 1000);
        f(sb, "uptime_in_seconds", uptime);
        f(sb, "uptime_in_days", uptime / 86400);
        f(sb, "hz", 10);
        f(sb, "configured_hz", 10);
        f(sb, "lru_clock", (nowMs / 1000) & ((1 << 24) - 1));
        f(sb, "executable", ProcessHandle.current().info().command().orElse(""));
        f(sb, "config_file", s.host.configFile() == null ? "" : s.host.configFile());
        f(sb, "io_threads_active", 0);
    }

    private static void clients(SentinelServer s, StringBuilder sb) {
        int pubsub = 0;
        for (SentinelConnection c : s.clients.values()) if (c.subscribed()) pubsub++;
        sb.append("# Clients\r\n");
        f(sb, "connected_clients", s.clients.size());
        f(sb, "cluster_connections", 0);
        f(sb, "maxclients", SentinelServer.MAX_CLIENTS);
        f(sb, "client_recent_max_input_buffer", 0);
        f(sb, "client_recent_max_output_buffer", 0);
        f(sb, "blocked_clients", 0);
        f(sb, "tracking_clients", 0);
        f(sb, "clients_in_timeout_table", 0);
    }

    private static void cpu(StringBuilder sb) {
        double user = 0;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            user = os.getProcessCpuTime() / 1e9;
        }
        double main = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() / 1e9;
        sb.append("# CPU\r\n");
        f(sb, "used_cpu_sys", "0.000000");
        f(sb, "used_cpu_user", String.format(Locale.ROOT, "%.6f", user));
        f(sb, "used_cpu_sys_children", "0.000000");
        f(sb, "used_cpu_user_children", "0.000000");
        f(sb, "used_cpu_sys_main_thread", "0.000000");
        f(sb, "used_cpu_user_main_thread", String.format(Locale.ROOT, "%.6f", main));
    }

    private static void stats(SentinelServer s, StringBuilder sb) {
        SentinelServer.Stats st = s.stats;
        sb.append("# Stats\r\n");
        f(sb, "total_connections_received", st.connectionsReceived);
        f(sb, "total_commands_processed", st.commandsProcessed);
        f(sb, "instantaneous_ops_per_sec", 0);
        f(sb, "total_net_input_bytes", st.netInputBytes);
        f(sb, "total_net_output_bytes", st.netOutputBytes);
        f(sb, "total_net_repl_input_bytes", 0);
        f(sb, "total_net_repl_output_bytes", 0);
        f(sb, "instantaneous_input_kbps", "0.00");
        f(sb, "instantaneous_output_kbps", "0.00");
        f(sb, "instantaneous_input_repl_kbps", "0.00");
        f(sb, "instantaneous_output_repl_kbps", "0.00");
        f(sb, "rejected_connections", st.rejectedConnections);
        for (String k : new String[]{"sync_full", "sync_partial_ok", "sync_partial_err", "expired_keys"}) f(sb, k, 0);
        f(sb, "expired_stale_perc", "0.00");
        for (String k : new String[]{"expired_time_cap_reached_count", "expire_cycle_cpu_milliseconds", "evicted_keys",
                "evicted_clients", "total_eviction_exceeded_time", "current_eviction_exceeded_time", "keyspace_hits",
                "keyspace_misses"}) {
            f(sb, k, 0);
        }
        f(sb, "pubsub_channels", s.subscriptions.channelCount());
        f(sb, "pubsub_patterns", s.subscriptions.patternCount());
        for (String k : new String[]{"pubsubshard_channels", "latest_fork_usec", "total_forks", "migrate_cached_sockets",
                "slave_expires_tracked_keys", "active_defrag_hits", "active_defrag_misses", "active_defrag_key_hits",
                "active_defrag_key_misses", "total_active_defrag_time", "current_active_defrag_time",
                "tracking_total_keys", "tracking_total_items", "tracking_total_prefixes", "unexpected_error_replies"}) {
            f(sb, k, 0);
        }
        f(sb, "total_error_replies", st.errorReplies);
        f(sb, "dump_payload_sanitizations", 0);
        f(sb, "total_reads_processed", st.commandsProcessed);
        f(sb, "total_writes_processed", st.commandsProcessed);
        f(sb, "io_threaded_reads_processed", 0);
        f(sb, "io_threaded_writes_processed", 0);
        f(sb, "reply_buffer_shrinks", 0);
        f(sb, "reply_buffer_expands", 0);
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
