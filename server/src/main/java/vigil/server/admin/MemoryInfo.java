package vigil.server.admin;

import vigil.server.node.VigilServer;
import vigil.server.stats.ServerStats;
import vigil.server.keyspace.Db;
import vigil.server.keyspace.KeyMemory;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * INFO memory. used_memory is an estimate of the bytes the keyspace holds (keys, values, their
 * dict entries and tables, by {@link KeyMemory}'s JVM layouts) plus a fixed {@link #STARTUP}
 * overhead for the server's own structures: like Redis's allocator count it rises and falls with
 * the data and does not include garbage waiting for a collection or the JVM's code and metadata.
 * Databases of more than a few thousand keys are sampled ({@link #SAMPLES} random keys, scaled by
 * the key count), so the figure is an estimate, not an exact sum. The JVM heap itself is reported
 * in allocator_allocated (heap in use, garbage included) and allocator_active (heap committed),
 * the fields where Redis shows its allocator's view (the field list must stay Redis's), and RSS
 * comes from /proc/self/statm when present. Fields about Lua, functions, AOF or replication
 * buffers are 0 because Vigil has none of them yet.
 */
final class MemoryInfo {
    /** The server's own structures in used_memory_startup (Redis 7.0 starts near 860 KB). */
    static final long STARTUP = 1 << 20;
    /** Keys sampled per large database for used_memory. */
    static final int SAMPLES = 1024;
    private static final java.util.SplittableRandom RND = new java.util.SplittableRandom(0x5eed);

    private MemoryInfo() {
    }

    /** used_memory: the startup overhead plus every database's estimate. */
    static long used(VigilServer server) {
        return STARTUP + dataset(server);
    }

    /** The keyspace's estimate over every database. */
    static long dataset(VigilServer server) {
        long sum = 0;
        for (int i = 0; i < server.keyspace.size(); i++) {
            Db db = server.keyspace.db(i);
            if (db.size() > 0) sum += KeyMemory.ofDb(db, SAMPLES, RND);
        }
        return sum;
    }

    static long heapUsed() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    static long committed() {
        return Runtime.getRuntime().totalMemory();
    }

    static long rss() {
        try {
            String[] f = Files.readString(Path.of("/proc/self/statm")).trim().split("\\s+");
            return Long.parseLong(f[1]) * 4096;
        } catch (IOException | RuntimeException e) {
            return committed();
        }
    }

    static long totalSystemMemory() {
        try {
            var os = ManagementFactory.getOperatingSystemMXBean();
            if (os instanceof com.sun.management.OperatingSystemMXBean sun) return sun.getTotalMemorySize();
        } catch (RuntimeException | LinkageError ignored) {
            // not available on this JVM
        }
        return 0;
    }

    /** Updates the peak; called from cron and from INFO. */
    static long trackPeak(VigilServer server) {
        ServerStats stats = server.stats;
        long used = used(server);
        if (used > stats.memoryPeak) stats.memoryPeak = used;
        return used;
    }

    /** Redis's bytesToHuman: 1023B, 1.00K, 1.11M, 23.54G ... */
    static String human(long n) {
        double d = n;
        if (n < 1024) return n + "B";
        String[] units = {"K", "M", "G", "T", "P", "E"};
        int u = -1;
        while (d >= 1024 && u < units.length - 1) {
            d /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.2f%s", d, units[u]);
    }

    static String ratio(double a, double b) {
        return String.format(Locale.ROOT, "%.2f", b == 0 ? 0.0 : a / b);
    }

    static void appendInfo(StringBuilder sb, VigilServer server) {
        ServerStats st = server.stats;
        long used = trackPeak(server);
        long peak = Math.max(st.memoryPeak, used);
        long rss = rss();
        long committed = committed();
        long startup = STARTUP;
        long overhead = startup;
        long dataset = Math.max(0, used - overhead);
        long netUsed = used - startup;
        long total = totalSystemMemory();
        InfoCommand.field(sb, "used_memory", used);
        InfoCommand.field(sb, "used_memory_human", human(used));
        InfoCommand.field(sb, "used_memory_rss", rss);
        InfoCommand.field(sb, "used_memory_rss_human", human(rss));
        InfoCommand.field(sb, "used_memory_peak", peak);
        InfoCommand.field(sb, "used_memory_peak_human", human(peak));
        InfoCommand.field(sb, "used_memory_peak_perc", String.format(Locale.ROOT, "%.2f%%", peak == 0 ? 0.0 : used * 100.0 / peak));
        InfoCommand.field(sb, "used_memory_overhead", overhead);
        InfoCommand.field(sb, "used_memory_startup", startup);
        InfoCommand.field(sb, "used_memory_dataset", dataset);
        InfoCommand.field(sb, "used_memory_dataset_perc", String.format(Locale.ROOT, "%.2f%%", netUsed <= 0 ? 0.0 : dataset * 100.0 / netUsed));
        InfoCommand.field(sb, "allocator_allocated", heapUsed());
        InfoCommand.field(sb, "allocator_active", committed);
        InfoCommand.field(sb, "allocator_resident", rss);
        InfoCommand.field(sb, "total_system_memory", total);
        InfoCommand.field(sb, "total_system_memory_human", human(total));
        InfoCommand.field(sb, "used_memory_lua", 0);
        InfoCommand.field(sb, "used_memory_vm_eval", 0);
        InfoCommand.field(sb, "used_memory_lua_human", "0B");
        InfoCommand.field(sb, "used_memory_scripts_eval", 0);
        InfoCommand.field(sb, "number_of_cached_scripts", 0);
        InfoCommand.field(sb, "number_of_functions", 0);
        InfoCommand.field(sb, "number_of_libraries", 0);
        InfoCommand.field(sb, "used_memory_vm_functions", 0);
        InfoCommand.field(sb, "used_memory_vm_total", 0);
        InfoCommand.field(sb, "used_memory_vm_total_human", "0B");
        InfoCommand.field(sb, "used_memory_functions", 0);
        InfoCommand.field(sb, "used_memory_scripts", 0);
        InfoCommand.field(sb, "used_memory_scripts_human", "0B");
        InfoCommand.field(sb, "maxmemory", server.config.maxmemory);
        InfoCommand.field(sb, "maxmemory_human", human(server.config.maxmemory));
        InfoCommand.field(sb, "maxmemory_policy", server.config.maxmemoryPolicy);
        InfoCommand.field(sb, "allocator_frag_ratio", ratio(committed, heapUsed()));
        InfoCommand.field(sb, "allocator_frag_bytes", Math.max(0, committed - heapUsed()));
        InfoCommand.field(sb, "allocator_rss_ratio", ratio(rss, committed));
        InfoCommand.field(sb, "allocator_rss_bytes", rss - committed);
        InfoCommand.field(sb, "rss_overhead_ratio", ratio(rss, rss));
        InfoCommand.field(sb, "rss_overhead_bytes", 0);
        InfoCommand.field(sb, "mem_fragmentation_ratio", ratio(rss, used));
        InfoCommand.field(sb, "mem_fragmentation_bytes", rss - used);
        InfoCommand.field(sb, "mem_not_counted_for_evict", 0);
        InfoCommand.field(sb, "mem_replication_backlog", 0);
        InfoCommand.field(sb, "mem_total_replication_buffers", 0);
        InfoCommand.field(sb, "mem_clients_slaves", 0);
        InfoCommand.field(sb, "mem_clients_normal", 0);
        InfoCommand.field(sb, "mem_cluster_links", 0);
        InfoCommand.field(sb, "mem_aof_buffer", 0);
        InfoCommand.field(sb, "mem_allocator", "jvm-heap");
        InfoCommand.field(sb, "active_defrag_running", 0);
        InfoCommand.field(sb, "lazyfree_pending_objects", 0);
        InfoCommand.field(sb, "lazyfreed_objects", 0);
    }
}
