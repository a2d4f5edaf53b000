package vigil.server.admin;

import vigil.server.VigilServer;

/**
 * Placeholder for the snapshot state until RDB persistence lands: no save has happened, the
 * last save time is the start time (as Redis reports when it loaded nothing), and every change
 * since start counts as unsaved (server.dirty). LASTSAVE and INFO persistence read it; the RDB
 * issue updates {@link #lastSaveTimeSec} and the bgsave fields.
 */
public final class PersistenceInfo {
    public long lastSaveTimeSec;
    public String lastBgsaveStatus = "ok";
    public long saves;

    PersistenceInfo(long startMs) {
        lastSaveTimeSec = startMs / 1000;
    }

    public static PersistenceInfo of(VigilServer server) {
        PersistenceInfo p = server.service(PersistenceInfo.class);
        if (p == null) {
            p = new PersistenceInfo(server.startTimeMs);
            server.registerService(PersistenceInfo.class, p);
        }
        return p;
    }

    /** The "# Persistence" section body, Redis 7.0's fields in order. */
    void appendInfo(StringBuilder sb, VigilServer server) {
        InfoCommand.field(sb, "loading", 0);
        InfoCommand.field(sb, "async_loading", 0);
        InfoCommand.field(sb, "current_cow_peak", 0);
        InfoCommand.field(sb, "current_cow_size", 0);
        InfoCommand.field(sb, "current_cow_size_age", 0);
        InfoCommand.field(sb, "current_fork_perc", "0.00");
        InfoCommand.field(sb, "current_save_keys_processed", 0);
        InfoCommand.field(sb, "current_save_keys_total", 0);
        InfoCommand.field(sb, "rdb_changes_since_last_save", server.dirty);
        InfoCommand.field(sb, "rdb_bgsave_in_progress", 0);
        InfoCommand.field(sb, "rdb_last_save_time", lastSaveTimeSec);
        InfoCommand.field(sb, "rdb_last_bgsave_status", lastBgsaveStatus);
        InfoCommand.field(sb, "rdb_last_bgsave_time_sec", -1);
        InfoCommand.field(sb, "rdb_current_bgsave_time_sec", -1);
        InfoCommand.field(sb, "rdb_saves", saves);
        InfoCommand.field(sb, "rdb_last_cow_size", 0);
        InfoCommand.field(sb, "rdb_last_load_keys_expired", 0);
        InfoCommand.field(sb, "rdb_last_load_keys_loaded", 0);
        InfoCommand.field(sb, "aof_enabled", 0);
        InfoCommand.field(sb, "aof_rewrite_in_progress", 0);
        InfoCommand.field(sb, "aof_rewrite_scheduled", 0);
        InfoCommand.field(sb, "aof_last_rewrite_time_sec", -1);
        InfoCommand.field(sb, "aof_current_rewrite_time_sec", -1);
        InfoCommand.field(sb, "aof_last_bgrewrite_status", "ok");
        InfoCommand.field(sb, "aof_rewrites", 0);
        InfoCommand.field(sb, "aof_rewrites_consecutive_failures", 0);
        InfoCommand.field(sb, "aof_last_write_status", "ok");
        InfoCommand.field(sb, "aof_last_cow_size", 0);
        InfoCommand.field(sb, "module_fork_in_progress", 0);
        InfoCommand.field(sb, "module_fork_last_cow_size", 0);
    }
}
