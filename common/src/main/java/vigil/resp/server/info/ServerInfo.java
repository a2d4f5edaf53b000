package vigil.resp.server.info;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static vigil.util.Bytes.str;

/**
 * The INFO sections the node and the sentinel write alike (# Server, # Clients, # CPU, # Stats), the
 * section choice from INFO's arguments and the section headers, with
 * Redis 7.0's field names in Redis's order. Values that have no meaning in a JVM are reported
 * the way Redis reports an absent feature (0, "no", 0.0.0).
 */
public final class ServerInfo {
    public static final String REDIS_VERSION = "7.0.15";

    /** What the # Server section says about a server. */
    public record Identity(String mode, String vigilVersion, String runId, int port, long startMs, long nowMs,
                           int hz, String configFile) {
    }

    private ServerInfo() {
    }

    /** Which sections INFO's arguments ask for (argv[0] is "info"): none means the default ones; all, everything and default expand. */
    public static Set<String> sections(byte[][] argv, List<String> all, Set<String> defaults) {
        if (argv.length == 1) return defaults;
        Set<String> out = new LinkedHashSet<>();
        for (int i = 1; i < argv.length; i++) {
            String s = str(argv[i]).toLowerCase(Locale.ROOT);
            switch (s) {
                case "all", "everything" -> out.addAll(all);
                case "default" -> out.addAll(defaults);
                default -> out.add(s);
            }
        }
        return out;
    }

    /** A section's "# Title" line, after a blank line unless it is the first. */
    public static void header(StringBuilder sb, String section) {
        if (sb.length() > 0) sb.append("\r\n");
        String title = section.equals("cpu") ? "CPU" : Character.toUpperCase(section.charAt(0)) + section.substring(1);
        sb.append("# ").append(title).append("\r\n");
    }

    public static void field(StringBuilder sb, String name, Object value) {
        sb.append(name).append(':').append(value).append("\r\n");
    }

    /** The # Server section's fields; {@code vigilVersion} is left out when null. */
    public static void server(StringBuilder sb, Identity id) {
        long uptime = (id.nowMs() - id.startMs()) / 1000;
        Instant now = Instant.now();
        field(sb, "redis_version", REDIS_VERSION);
        if (id.vigilVersion() != null) field(sb, "vigil_version", id.vigilVersion());
        field(sb, "redis_git_sha1", "00000000");
        field(sb, "redis_git_dirty", 0);
        field(sb, "redis_build_id", "0");
        field(sb, "redis_mode", id.mode());
        field(sb, "os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + arch());
        field(sb, "arch_bits", "64".equals(System.getProperty("sun.arch.data.model", "64")) ? 64 : 32);
        field(sb, "monotonic_clock", "System.nanoTime");
        field(sb, "multiplexing_api", "vertx");
        field(sb, "atomicvar_api", "java");
        field(sb, "gcc_version", "0.0.0");
        field(sb, "process_id", ProcessHandle.current().pid());
        field(sb, "process_supervised", "no");
        field(sb, "run_id", id.runId());
        field(sb, "tcp_port", id.port());
        field(sb, "server_time_usec", now.getEpochSecond() * 1_000_000L + now.getNano() / 1000);
        field(sb, "uptime_in_seconds", uptime);
        field(sb, "uptime_in_days", uptime / 86400);
        field(sb, "hz", id.hz());
        field(sb, "configured_hz", id.hz());
        field(sb, "lru_clock", (id.nowMs() / 1000) & ((1 << 24) - 1));
        field(sb, "executable", ProcessHandle.current().info().command().orElse(""));
        field(sb, "config_file", id.configFile() == null ? "" : id.configFile());
        field(sb, "io_threads_active", 0);
    }

    private static String arch() {
        String a = System.getProperty("os.arch", "");
        return a.equals("amd64") ? "x86_64" : a;
    }

    /** The # Clients section's fields. */
    public static void clients(StringBuilder sb, int connected, int maxclients, int blocked) {
        field(sb, "connected_clients", connected);
        field(sb, "cluster_connections", 0);
        field(sb, "maxclients", maxclients);
        field(sb, "client_recent_max_input_buffer", 0);
        field(sb, "client_recent_max_output_buffer", 0);
        field(sb, "blocked_clients", blocked);
        field(sb, "tracking_clients", 0);
        field(sb, "clients_in_timeout_table", 0);
    }

    /** The # CPU section: process CPU from /proc/self/stat (utime, stime) and the calling (event-loop) thread's own. */
    public static void cpu(StringBuilder sb) {
        long[] proc = ProcCpu.read();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long threadCpu = threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() : 0;
        long threadUser = threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadUserTime() : 0;
        field(sb, "used_cpu_sys", seconds(proc[1]));
        field(sb, "used_cpu_user", seconds(proc[0]));
        field(sb, "used_cpu_sys_children", "0.000000");
        field(sb, "used_cpu_user_children", "0.000000");
        field(sb, "used_cpu_sys_main_thread", seconds(Math.max(0, threadCpu - threadUser)));
        field(sb, "used_cpu_user_main_thread", seconds(threadUser));
    }

    /** Redis 7.0's # Stats fields, in its order. */
    private static final List<String> STATS = List.of("total_connections_received", "total_commands_processed",
            "instantaneous_ops_per_sec", "total_net_input_bytes", "total_net_output_bytes", "total_net_repl_input_bytes",
            "total_net_repl_output_bytes", "instantaneous_input_kbps", "instantaneous_output_kbps",
            "instantaneous_input_repl_kbps", "instantaneous_output_repl_kbps", "rejected_connections", "sync_full",
            "sync_partial_ok", "sync_partial_err", "expired_keys", "expired_stale_perc", "expired_time_cap_reached_count",
            "expire_cycle_cpu_milliseconds", "evicted_keys", "evicted_clients", "total_eviction_exceeded_time",
            "current_eviction_exceeded_time", "keyspace_hits", "keyspace_misses", "pubsub_channels", "pubsub_patterns",
            "pubsubshard_channels", "latest_fork_usec", "total_forks", "migrate_cached_sockets",
            "slave_expires_tracked_keys", "active_defrag_hits", "active_defrag_misses", "active_defrag_key_hits",
            "active_defrag_key_misses", "total_active_defrag_time", "current_active_defrag_time", "tracking_total_keys",
            "tracking_total_items", "tracking_total_prefixes", "unexpected_error_replies", "total_error_replies",
            "dump_payload_sanitizations", "total_reads_processed", "total_writes_processed",
            "io_threaded_reads_processed", "io_threaded_writes_processed", "reply_buffer_shrinks",
            "reply_buffer_expands");

    /**
     * The # Stats section: every field Redis 7.0 has, in its order, with the value the server
     * supplies in {@code values}, else what Redis shows for a feature not in use (0, or "0.00"
     * for rates and percentages).
     */
    public static void stats(StringBuilder sb, Map<String, ?> values) {
        for (String name : STATS) {
            Object v = values.get(name);
            if (v == null) v = name.endsWith("_kbps") || name.endsWith("_perc") ? "0.00" : "0";
            field(sb, name, v);
        }
    }

    /** Bytes per second as INFO's kbps figure. */
    public static String kbps(long bytesPerSec) {
        return String.format(Locale.ROOT, "%.2f", bytesPerSec / 1024.0);
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%d.%06d", nanos / 1_000_000_000L, (nanos % 1_000_000_000L) / 1000);
    }
}
