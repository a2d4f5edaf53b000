package vigil.server.persistence;

import vigil.server.node.BackgroundSaver;
import vigil.server.node.PersistenceState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vigil.server.node.VigilServer;
import vigil.server.node.Client;
import vigil.resp.server.command.CommandSpec;
import vigil.resp.server.command.CommandTable;
import vigil.resp.server.command.Replies;
import vigil.util.Bytes;

import java.nio.file.Path;

/**
 * SAVE, BGSAVE [SCHEDULE], the save points checked in the cron, and the persistence halves of SHUTDOWN, FLUSHALL and DEBUG
 * RELOAD, with Redis 7.0's replies. Background saves go through the {@link BackgroundSaver} seam.
 */
public final class PersistenceCommands {
    private static final Logger log = LoggerFactory.getLogger(PersistenceCommands.class);
    static final String IN_PROGRESS = "ERR Background save already in progress";

    private PersistenceCommands() {
    }

    public static void register(CommandTable<Client> t, VigilServer server) {
        t.add("save", 1, "admin noscript no_async_loading no_multi", 0, 0, 0, "server", (c, argv) -> save(server, c));
        t.add("bgsave", -1, "admin noscript no_async_loading", 0, 0, 0, "server", (c, argv) -> bgsave(server, c, argv));
    }

    static void save(VigilServer server, Client c) {
        PersistenceState state = server.persistenceState;
        if (state.bgsaveInProgress()) {
            c.out.error(IN_PROGRESS);
            return;
        }
        state.saves++;
        if (RdbSave.save(server)) c.out.ok();
        else c.out.error("ERR");
    }

    static void bgsave(VigilServer server, Client c, byte[][] argv) {
        boolean schedule = false;
        if (argv.length > 1) {
            if (argv.length == 2 && Bytes.is(argv[1], "schedule")) {
                schedule = true;
            } else {
                c.out.error(Replies.SYNTAX);
                return;
            }
        }
        PersistenceState state = server.persistenceState;
        if (state.bgsaveInProgress()) {
            c.out.error(IN_PROGRESS);
        } else if (c.inMulti) {
            // Redis cannot fork inside EXEC: the save is scheduled for the cron (with or without SCHEDULE).
            state.bgsaveScheduled = true;
            c.out.simple("Background saving scheduled");
        } else if (startBackgroundSave(server)) {
            c.out.simple("Background saving started");
        } else {
            c.out.error("ERR");
        }
        if (schedule) log.debug("BGSAVE SCHEDULE: nothing else runs in the background, so it started at once");
    }

    /** rdbSaveBackground: the bookkeeping, then the {@link BackgroundSaver}. */
    public static boolean startBackgroundSave(VigilServer server) {
        PersistenceState state = server.persistenceState;
        long now = server.keyspace.wallClock();
        state.lastBgsaveTrySec = now / 1000;
        state.bgsaveStartMs = now;
        state.saves++;
        log.info("Background saving started");
        if (!state.saver.start(server)) {
            state.bgsaveStartMs = -1;
            state.lastBgsaveOk = false;
            log.warn("Can't save in background");
            return false;
        }
        return true;
    }

    /** serverCron's save points (and a scheduled BGSAVE), with the retry delay after a failure. */
    public static void cron(VigilServer server) {
        PersistenceState state = server.persistenceState;
        if (state.bgsaveInProgress() || state.loading) return;
        long nowSec = server.keyspace.wallClock() / 1000;
        boolean mayTry = nowSec - state.lastBgsaveTrySec > PersistenceState.BGSAVE_RETRY_DELAY_SEC || state.lastBgsaveOk;
        for (long[] point : server.config.save) {
            if (server.dirty >= point[1] && nowSec - state.lastSaveSec > point[0] && mayTry) {
                log.info("{} changes in {} seconds. Saving...", point[1], point[0]);
                startBackgroundSave(server);
                return;
            }
        }
        if (state.bgsaveScheduled && !state.bgsaveInProgress() && mayTry) {
            if (startBackgroundSave(server)) state.bgsaveScheduled = false;
        }
    }

    /**
     * SHUTDOWN's save (prepareForShutdown): with save points unless NOSAVE, or with SAVE. Returns
     * false when the save failed (the caller refuses to stop unless FORCE).
     */
    public static boolean saveOnShutdown(VigilServer server, boolean save, boolean nosave) {
        if (!((!server.config.save.isEmpty() && !nosave) || save)) return true;
        PersistenceState state = server.persistenceState;
        if (state.bgsaveInProgress()) {
            log.warn("There is a child saving an .rdb. Killing it!");
            state.saver.abort();
            state.bgsaveStartMs = -1;
        }
        log.info("Saving the final RDB snapshot before exiting.");
        if (RdbSave.save(server)) {
            state.savedForShutdown = true;
            return true;
        }
        log.warn("Error trying to save the DB, can't exit.");
        return false;
    }

    /**
     * FLUSHALL's tail (flushAllDataAndResetRDB in Redis 7.0): a background save in progress is
     * killed, and with save points an (empty) RDB is saved at once, which also resets the
     * unsaved-changes counter. Returns whether it saved.
     */
    public static boolean afterFlushAll(VigilServer server) {
        PersistenceState state = server.persistenceState;
        if (state.bgsaveInProgress()) {
            state.saver.abort();
            state.bgsaveStartMs = -1;
        }
        if (server.config.save.isEmpty()) return false;
        return RdbSave.save(server);
    }

    /** DEBUG RELOAD [MERGE] [NOFLUSH] [NOSAVE]: save, empty the keyspace, load the file back. */
    public static void debugReload(VigilServer server, Client c, byte[][] argv) {
        boolean merge = false, flush = true, save = true;
        for (int i = 2; i < argv.length; i++) {
            if (Bytes.is(argv[i], "merge")) merge = true;
            else if (Bytes.is(argv[i], "noflush")) flush = false;
            else if (Bytes.is(argv[i], "nosave")) save = false;
            else {
                c.out.error("ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.");
                return;
            }
        }
        if (save && !RdbSave.save(server)) {
            c.out.error("ERR");
            return;
        }
        if (flush) server.keyspace.flushAll();
        try {
            if (!RdbLoad.load(server, file(server), merge)) {
                log.warn("Fatal error loading the DB: no such file {}", file(server));
                c.out.error("ERR Error trying to load the RDB dump, check server logs.");
                return;
            }
        } catch (RdbLoad.LoadFailure e) {
            log.warn(e.getMessage());
            c.out.error("ERR Error trying to load the RDB dump, check server logs.");
            return;
        }
        log.warn("DB reloaded by DEBUG RELOAD");
        c.out.ok();
    }

    static Path file(VigilServer server) {
        return Path.of(server.config.dir).resolve(server.config.dbfilename);
    }

    /** Loads dir/dbfilename before the node listens (loadDataFromDisk); a bad file is fatal. */
    public static void loadAtStartup(VigilServer server) throws RdbLoad.LoadFailure {
        RdbLoad.load(server, file(server), false);
    }
}
