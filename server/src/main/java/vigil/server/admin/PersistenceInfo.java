package vigil.server.admin;

import vigil.server.node.VigilServer;
import vigil.server.node.PersistenceState;

/**
 * The "# Persistence" INFO section, Redis 7.0's fields in order, from the snapshot state the
 * persistence package keeps ({@link PersistenceState}). Vigil never forks, so the current_cow_*
 * fields are 0, rdb_last_cow_size is the last background save's own extra memory, and it has no AOF.
 */
public final class PersistenceInfo {
    private PersistenceInfo() {
    }

    public static PersistenceInfo of(VigilServer server) {
        return new PersistenceInfo();
    }

    /** The "# Persistence" section body, Redis 7.0's fields in order. */
    void appendInfo(StringBuilder sb, VigilServer server) {
        PersistenceState st = server.persistenceState;
        long nowMs = server.keyspace.wallClock();
        vigil.server.node.ReplicationState repl = server.replicationState;
        InfoCommand.field(sb, "loading", st.loading || (repl.loading && !repl.asyncLoading) ? 1 : 0);
        InfoCommand.field(sb, "async_loading", repl.asyncLoading ? 1 : 0);
        InfoCommand.field(sb, "current_cow_peak", 0);
        InfoCommand.field(sb, "current_cow_size", 0);
        InfoCommand.field(sb, "current_cow_size_age", 0);
        InfoCommand.field(sb, "current_fork_perc", "0.00");
        InfoCommand.field(sb, "current_save_keys_processed", 0);
        InfoCommand.field(sb, "current_save_keys_total", 0);
        InfoCommand.field(sb, "rdb_changes_since_last_save", server.dirty);
        InfoCommand.field(sb, "rdb_bgsave_in_progress", st.bgsaveInProgress() ? 1 : 0);
        InfoCommand.field(sb, "rdb_last_save_time", st.lastSaveSec);
        InfoCommand.field(sb, "rdb_last_bgsave_status", st.lastBgsaveOk ? "ok" : "err");
        InfoCommand.field(sb, "rdb_last_bgsave_time_sec", st.lastBgsaveTimeSec);
        InfoCommand.field(sb, "rdb_current_bgsave_time_sec",
                st.bgsaveInProgress() && st.bgsaveStartMs >= 0 ? (nowMs - st.bgsaveStartMs) / 1000 : -1);
        InfoCommand.field(sb, "rdb_saves", st.saves);
        InfoCommand.field(sb, "rdb_last_cow_size", st.lastCowSize);
        InfoCommand.field(sb, "rdb_last_load_keys_expired", st.lastLoadKeysExpired);
        InfoCommand.field(sb, "rdb_last_load_keys_loaded", st.lastLoadKeysLoaded);
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
        if (st.loading) {
            InfoCommand.field(sb, "loading_start_time", st.loadingStartSec);
            InfoCommand.field(sb, "loading_total_bytes", st.loadingTotalBytes);
            InfoCommand.field(sb, "loading_rdb_used_mem", 0);
            InfoCommand.field(sb, "loading_loaded_bytes", 0);
            InfoCommand.field(sb, "loading_loaded_perc", "0.00");
            InfoCommand.field(sb, "loading_eta_seconds", 1);   // Redis's answer before any progress
        }
    }
}
