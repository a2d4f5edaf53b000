package vigil.server.admin;

import vigil.resp.server.command.CommandSpec;
import vigil.resp.server.command.CommandTable;
import vigil.resp.server.command.Replies;
import vigil.server.node.VigilServer;
import vigil.server.node.Client;
import vigil.server.keyspace.Db;
import vigil.server.keyspace.Dict;
import vigil.server.keyspace.KeyMemory;
import vigil.util.Bytes;

import java.util.ArrayList;
import java.util.List;

/**
 * MEMORY USAGE / STATS / DOCTOR / MALLOC-STATS / PURGE / HELP. Byte figures are the estimates of
 * {@link KeyMemory} and {@link MemoryInfo} (JVM object layouts), not an allocator's count, so they
 * differ from Redis's numbers while meaning the same thing. USAGE accepts SAMPLES as Redis does;
 * Vigil's per-value estimates are exact for packed encodings and sample big ones.
 */
public final class MemoryCommand {
    static final String[] HELP = {
        "MEMORY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "DOCTOR",
        "    Return memory problems reports.",
        "MALLOC-STATS",
        "    Return internal statistics report from the memory allocator.",
        "PURGE",
        "    Attempt to purge dirty pages for reclamation by the allocator.",
        "STATS",
        "    Return information about the memory usage of the server.",
        "USAGE <key> [SAMPLES <count>]",
        "    Return memory in bytes used by <key> and its value. Nested values are",
        "    sampled up to <count> times (default: 5, 0 means sample all).",
        "HELP",
        "    Prints this help.",
    };
    static final String DOCTOR_EMPTY = "Hi Sam, this instance is empty or is using very little memory, my issues "
            + "detector can't be used in these conditions. Please, leave for your mission on Earth and fill it "
            + "with some data. The new Sam and I will be back to our programming as soon as I finished rebooting.";
    static final String DOCTOR_OK = "Hi Sam, I can't find any memory issue in your instance. I can only account "
            + "for what occurs on this base.";

    private MemoryCommand() {
    }

    public static void register(CommandTable<Client> t, VigilServer server) {
        CommandSpec<Client> memory = t.container("memory", "", "server");
        memory.sub("doctor", 2, "", 0, 0, 0, (c, argv) ->
                c.out.verbatim(MemoryInfo.used(server) < 5L * 1024 * 1024 ? DOCTOR_EMPTY : DOCTOR_OK));
        memory.sub("malloc-stats", 2, "", 0, 0, 0, (c, argv) ->
                c.out.verbatim("Stats not supported for the current allocator"));
        memory.sub("purge", 2, "", 0, 0, 0, (c, argv) -> c.out.ok());
        memory.sub("stats", 2, "", 0, 0, 0, (c, argv) -> stats(server, c));
        memory.sub("usage", -3, "readonly", 2, 2, 1, (c, argv) -> usage(c, argv));
        memory.sub("help", 2, "loading stale", 0, 0, 0, (c, argv) -> Replies.help(c.out, HELP));
    }

    private static void usage(Client c, byte[][] argv) {
        long samples = 5;
        for (int i = 3; i < argv.length; i++) {
            if (Bytes.lower(argv[i]).equals("samples") && i + 1 < argv.length) {
                Long n = Bytes.parseLong(argv[i + 1]);
                if (n == null) {
                    c.out.error(Replies.NOT_INTEGER);
                    return;
                }
                if (n < 0) {
                    c.out.error(Replies.SYNTAX);
                    return;
                }
                samples = n == 0 ? Long.MAX_VALUE : n;
                i++;
            } else {
                c.out.error(Replies.SYNTAX);
                return;
            }
        }
        // As Redis: a plain dict lookup, no expiry check and no access-time update.
        Dict.Node n = c.db.dict().get(argv[2]);
        if (n == null) {
            c.out.nullBulk();
            return;
        }
        c.out.integer(KeyMemory.ofKey(n, (int) Math.min(Integer.MAX_VALUE, samples)));
    }

    private static void stats(VigilServer server, Client c) {
        List<Object[]> pairs = new ArrayList<>();
        long used = MemoryInfo.trackPeak(server);
        long peak = Math.max(server.stats.memoryPeak, used);
        long startup = MemoryInfo.STARTUP;
        long rss = MemoryInfo.rss();
        long heap = MemoryInfo.heapUsed();
        long committed = MemoryInfo.committed();
        pairs.add(new Object[]{"peak.allocated", peak});
        pairs.add(new Object[]{"total.allocated", used});
        pairs.add(new Object[]{"startup.allocated", startup});
        pairs.add(new Object[]{"replication.backlog", 0L});
        pairs.add(new Object[]{"clients.slaves", 0L});
        pairs.add(new Object[]{"clients.normal", 0L});
        pairs.add(new Object[]{"cluster.links", 0L});
        pairs.add(new Object[]{"aof.buffer", 0L});
        pairs.add(new Object[]{"lua.caches", 0L});
        pairs.add(new Object[]{"functions.caches", 0L});
        long overhead = startup;
        long keys = 0;
        for (int i = 0; i < server.keyspace.size(); i++) {
            Db db = server.keyspace.db(i);
            if (db.size() == 0) continue;
            keys += db.size();
            long main = KeyMemory.SLOT * db.dict().buckets() + (KeyMemory.NODE + KeyMemory.SLOT) * db.size();
            long expires = KeyMemory.SLOT * db.expiresDict().buckets() + (KeyMemory.NODE + KeyMemory.SLOT) * db.volatileCount();
            overhead += main + expires;
            pairs.add(new Object[]{"db." + i, new long[]{main, expires}});
        }
        long netUsed = used - startup;
        long dataset = Math.max(0, used - overhead);
        pairs.add(new Object[]{"overhead.total", overhead});
        pairs.add(new Object[]{"keys.count", keys});
        pairs.add(new Object[]{"keys.bytes-per-key", keys == 0 ? 0L : netUsed / keys});
        pairs.add(new Object[]{"dataset.bytes", dataset});
        pairs.add(new Object[]{"dataset.percentage", netUsed <= 0 ? 0.0 : dataset * 100.0 / netUsed});
        pairs.add(new Object[]{"peak.percentage", peak == 0 ? 0.0 : used * 100.0 / peak});
        pairs.add(new Object[]{"allocator.allocated", heap});
        pairs.add(new Object[]{"allocator.active", committed});
        pairs.add(new Object[]{"allocator.resident", rss});
        pairs.add(new Object[]{"allocator-fragmentation.ratio", heap == 0 ? 0.0 : (double) committed / heap});
        pairs.add(new Object[]{"allocator-fragmentation.bytes", committed - heap});
        pairs.add(new Object[]{"allocator-rss.ratio", committed == 0 ? 0.0 : (double) rss / committed});
        pairs.add(new Object[]{"allocator-rss.bytes", rss - committed});
        pairs.add(new Object[]{"rss-overhead.ratio", 1.0});
        pairs.add(new Object[]{"rss-overhead.bytes", 0L});
        pairs.add(new Object[]{"fragmentation", used == 0 ? 0.0 : (double) rss / used});
        pairs.add(new Object[]{"fragmentation.bytes", rss - used});
        c.out.map(pairs.size());
        for (Object[] p : pairs) {
            c.out.bulk((String) p[0]);
            if (p[1] instanceof Long l) {
                c.out.integer(l);
            } else if (p[1] instanceof Double d) {
                c.out.dbl(d);
            } else {
                long[] db = (long[]) p[1];
                c.out.map(3);
                c.out.bulk("overhead.hashtable.main").integer(db[0]);
                c.out.bulk("overhead.hashtable.expires").integer(db[1]);
                c.out.bulk("overhead.hashtable.slot-to-keys").integer(0);
            }
        }
    }
}
