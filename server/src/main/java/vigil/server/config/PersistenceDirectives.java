package vigil.server.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Snapshot directives (save points, file name, directory, checksums) and the AOF family, which
 * Vigil accepts but ignores (it persists with RDB snapshots only; see docs/config.md).
 */
final class PersistenceDirectives {
    static final List<long[]> DEFAULT_SAVE = List.of(new long[]{3600, 1}, new long[]{300, 100}, new long[]{60, 10000});

    private PersistenceDirectives() {
    }

    static void register(ServerConfig c, ConfigTypes t) {
        c.register(new ConfigParam("save", List.of(), args -> setSave(c, args), () -> formatSave(c.save), "3600 1 300 100 60 10000"))
                .multiArg().rewriter(r -> {
                    if (c.save.isEmpty()) {
                        r.rewriteLine("save", "save \"\"", true);
                    } else {
                        for (long[] s : c.save) r.rewriteLine("save", "save " + s[0] + " " + s[1], true);
                    }
                    r.markProcessed("save");
                });
        c.register(new ConfigParam("dir", List.of(), args -> c.dir = ConfigDirectives.resolveDir(args.get(0)), () -> c.dir, c.dir)).protectedConfig().rewriter(r -> r.rewriteLine("dir", "dir " + vigil.config.ConfFile.repr(c.dir), true));
        c.register(new ConfigParam("dbfilename", List.of(), args -> {
            if (args.get(0).contains("/")) throw new ConfigValueException("dbfilename can't be a path, just a filename");
            c.dbfilename = args.get(0);
        }, () -> c.dbfilename, "dump.rdb")).protectedConfig().style(ConfigParam.Style.QUOTED);
        t.bool("rdbcompression", () -> c.rdbcompression, v -> c.rdbcompression = v, true);
        t.bool("rdbchecksum", () -> c.rdbchecksum, v -> c.rdbchecksum = v, true).immutable();
        t.bool("stop-writes-on-bgsave-error", () -> c.stopWritesOnBgsaveError, v -> c.stopWritesOnBgsaveError = v, true);
        t.bool("rdb-del-sync-files", () -> c.rdbDelSyncFiles, v -> c.rdbDelSyncFiles = v, false);
        t.ignoredBool("rdb-save-incremental-fsync", true);
        // ---- loading (hidden in Redis 7.0: CONFIG GET by exact name only) ----
        t.integer("key-load-delay", Integer.MIN_VALUE, ConfigDirectives.INT_MAX, () -> c.keyLoadDelay, v -> c.keyLoadDelay = (int) v, 0).hidden();
        // Redis serves events every N bytes while it loads; Vigil loads off the keyspace thread and serves throughout.
        t.ignoredInt("loading-process-events-interval-bytes", 1024, ConfigDirectives.INT_MAX, 2L * 1024 * 1024).hidden();
        // ---- AOF: accepted, no effect ----
        t.ignoredBool("appendonly", false);
        t.ignoredString("appendfilename", "appendonly.aof", false).immutable();
        t.ignoredString("appenddirname", "appendonlydir", false).immutable();
        t.ignoredEnum("appendfsync", List.of("everysec", "always", "no"), "everysec");
        t.ignoredBool("no-appendfsync-on-rewrite", false);
        t.ignoredInt("auto-aof-rewrite-percentage", 0, ConfigDirectives.INT_MAX, 100);
        t.ignoredMemory("auto-aof-rewrite-min-size", 0, ConfigDirectives.LONG_MAX, 64L * 1024 * 1024);
        t.ignoredBool("aof-load-truncated", true);
        t.ignoredBool("aof-use-rdb-preamble", true);
        t.ignoredBool("aof-timestamp-enabled", false);
        t.ignoredBool("aof-rewrite-incremental-fsync", true);
        t.ignoredBool("aof-disable-auto-gc", false);
    }

    /** setConfigSaveOption: pairs of seconds (>= 1) and changes (>= 0); save "" clears. */
    static void setSave(ServerConfig c, List<String> args) throws ConfigValueException {
        List<String> a = args;
        boolean clear = false;
        if (a.size() == 1 && a.get(0).isEmpty()) {
            a = List.of();
            clear = true;
        }
        if (a.size() % 2 != 0) throw new ConfigValueException("Invalid save parameters");
        List<long[]> points = new ArrayList<>();
        for (int j = 0; j < a.size(); j += 2) {
            Long secs = strtoll(a.get(j)), changes = strtoll(a.get(j + 1));
            if (secs == null || secs < 1 || changes == null || changes < 0) throw new ConfigValueException("Invalid save parameters");
            points.add(new long[]{secs, changes});
        }
        if (clear || !c.loading || !c.saveLoaded) {
            c.save = new ArrayList<>();
            if (c.loading) c.saveLoaded = true;
        }
        c.save.addAll(points);
    }

    /** strtoll with the "whole string consumed" check Redis applies (leading spaces and sign allowed). */
    private static Long strtoll(String s) {
        String v = s.stripLeading();
        if (v.startsWith("+")) v = v.substring(1);
        if (v.isEmpty()) return 0L;   // strtoll("") is 0 with nothing left over
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static String formatSave(List<long[]> save) {
        StringBuilder sb = new StringBuilder();
        for (long[] s : save) {
            if (sb.length() > 0) sb.append(' ');
            sb.append(s[0]).append(' ').append(s[1]);
        }
        return sb.toString();
    }
}
