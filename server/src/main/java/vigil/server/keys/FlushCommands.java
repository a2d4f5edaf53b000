package vigil.server.keys;

import vigil.server.node.VigilServer;
import vigil.server.node.Client;
import vigil.resp.server.command.CommandTable;
import vigil.resp.server.command.Replies;
import vigil.util.Bytes;

/**
 * FLUSHDB, FLUSHALL and SWAPDB. Both flushes are always propagated, even over an empty db
 * (Redis forces their propagation); ASYNC frees nothing differently here, since dropping the
 * tables is already constant time for the event loop.
 */
public final class FlushCommands {
    private FlushCommands() {
    }

    static void register(CommandTable<Client> t, VigilServer server) {
        t.add("flushdb", -1, "write", 0, 0, 0, "server", (c, argv) -> flushdb(server, c, argv));
        t.add("flushall", -1, "write", 0, 0, 0, "server", (c, argv) -> flushall(server, c, argv));
        t.add("swapdb", 3, "write fast", 0, 0, 0, "server", (c, argv) -> swapdb(server, c, argv));
    }

    /** getFlushCommandFlags: nothing, SYNC or ASYNC. */
    static boolean flagsOk(Client c, byte[][] argv) {
        if (argv.length == 1) return true;
        if (argv.length == 2 && (Bytes.is(argv[1], "sync") || Bytes.is(argv[1], "async"))) return true;
        c.out.error(Replies.SYNTAX);
        return false;
    }

    static void flushdb(VigilServer server, Client c, byte[][] argv) {
        if (!flagsOk(c, argv)) return;
        int removed = c.db.size();
        server.keyspace.flushDb(c.db.id);
        server.dirty += removed;
        // forceCommandPropagation: replicated even when nothing was removed.
        if (removed == 0) server.propagation.propagate(c.db.id, argv);
        c.out.ok();
    }

    static void flushall(VigilServer server, Client c, byte[][] argv) {
        if (!flagsOk(c, argv)) return;
        long before = server.dirty;
        long removed = server.keyspace.totalKeys();
        server.keyspace.flushAll();
        server.dirty += removed;
        // With save points Redis 7.0 saves the empty dataset at once (which zeroes the changes count).
        vigil.server.persistence.PersistenceCommands.afterFlushAll(server);
        // forceCommandPropagation: replicated even when nothing changed the counter.
        if (server.dirty == before) server.propagation.propagate(c.db.id, argv);
        c.out.ok();
    }

    static void swapdb(VigilServer server, Client c, byte[][] argv) {
        Long a = Bytes.parseLong(argv[1]);
        if (a == null || a != a.intValue()) {
            c.out.error("ERR invalid first DB index");
            return;
        }
        Long b = Bytes.parseLong(argv[2]);
        if (b == null || b != b.intValue()) {
            c.out.error("ERR invalid second DB index");
            return;
        }
        int n = server.keyspace.size();
        if (a < 0 || a >= n || b < 0 || b >= n) {
            c.out.error(Replies.DB_INDEX);
            return;
        }
        if (!a.equals(b)) server.keyspace.swap(a.intValue(), b.intValue());
        server.dirty++;
        c.out.ok();
    }
}
