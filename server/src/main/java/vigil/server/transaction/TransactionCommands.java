package vigil.server.transaction;

import vigil.server.node.VigilServer;
import vigil.server.node.Client;
import vigil.resp.server.command.CommandSpec;
import vigil.resp.server.command.CommandTable;
import vigil.resp.server.command.Replies;

import java.util.ArrayList;
import java.util.List;

/**
 * MULTI, EXEC, DISCARD, WATCH, UNWATCH (Redis 7.0's multi.c). Queueing itself happens in the
 * Dispatcher; EXEC runs each queued command through {@code Dispatcher.call}, so each one is
 * measured, shown to MONITOR and propagated (the propagation layer wraps the writes of one EXEC
 * in MULTI/EXEC).
 */
public final class TransactionCommands {
    private TransactionCommands() {
    }

    public static void register(CommandTable<Client> t, VigilServer server) {
        t.add("multi", 1, "noscript loading stale fast allow_busy", 0, 0, 0, "transaction", (c, argv) -> {
            if (c.inMulti) {
                c.out.error("ERR MULTI calls can not be nested");
                return;
            }
            c.inMulti = true;
            c.out.ok();
        });
        t.add("exec", 1, "noscript loading stale skip_slowlog", 0, 0, 0, "transaction",
                (c, argv) -> exec(server, c));
        t.add("discard", 1, "noscript loading stale fast allow_busy", 0, 0, 0, "transaction", (c, argv) -> {
            if (!c.inMulti) {
                c.out.error("ERR DISCARD without MULTI");
                return;
            }
            discard(server, c);
            c.out.ok();
        });
        t.add("watch", -2, "noscript loading stale fast allow_busy", 1, -1, 1, "transaction", (c, argv) -> {
            if (c.inMulti) {
                c.out.error("ERR WATCH inside MULTI is not allowed");
                return;
            }
            for (int i = 1; i < argv.length; i++) server.watches.watch(c, c.db, argv[i]);
            c.out.ok();
        });
        t.add("unwatch", 1, "noscript loading stale fast allow_busy", 0, 0, 0, "transaction", (c, argv) -> {
            server.watches.unwatchAll(c);
            c.dirtyCas = false;
            c.out.ok();
        });
    }

    /** Ends the client's transaction without running it (DISCARD, failed EXEC, RESET). */
    public static void discard(VigilServer server, Client c) {
        c.queued.clear();
        c.inMulti = false;
        c.multiError = false;
        c.dirtyCas = false;
        server.watches.unwatchAll(c);
    }

    /**
     * EXEC rejected before running (e.g. its own arity error while in MULTI): Redis 7.0 discards
     * the transaction and answers "EXECABORT Transaction discarded because of: ...".
     */
    public static String abort(VigilServer server, Client c, String error) {
        discard(server, c);
        String reason = error.startsWith("ERR ") ? error.substring(4) : error;
        return "EXECABORT Transaction discarded because of: " + reason;
    }

    static void exec(VigilServer server, Client c) {
        if (!c.inMulti) {
            c.out.error("ERR EXEC without MULTI");
            return;
        }
        if (server.watches.anyExpired(c, server.keyspace::db)) c.dirtyCas = true;
        if (c.multiError || c.dirtyCas) {
            if (c.multiError) c.out.error(Replies.EXECABORT);
            else c.out.nullArray();
            discard(server, c);
            return;
        }
        server.watches.unwatchAll(c);
        List<byte[][]> queued = new ArrayList<>(c.queued);
        c.queued.clear();
        c.out.array(queued.size());
        try {
            for (byte[][] argv : queued) {
                CommandSpec<Client> spec = server.commands.lookup(argv[0]);
                if (spec == null) {   // cannot happen: unknown commands are rejected while queueing
                    c.out.error("ERR unknown command");
                    continue;
                }
                spec = server.dispatcher.resolveSubcommand(c, spec, argv);
                if (spec == null) continue;   // error already written
                server.dispatcher.call(c, spec, argv);
            }
        } finally {
            discard(server, c);
        }
    }
}
