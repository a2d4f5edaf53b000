package vigil.server.connection;

import vigil.resp.server.command.CommandTable;
import vigil.resp.server.command.Replies;
import vigil.resp.server.session.ReplyMode;
import vigil.server.node.VigilServer;
import vigil.server.node.Client;
import vigil.util.Bytes;

/**
 * The node's connection commands: the shared PING, ECHO, QUIT, AUTH and HELLO
 * ({@link vigil.resp.server.connection.ConnectionCommands}), and SELECT and RESET, which know
 * the node's databases and transactions.
 */
public final class ConnectionCommands {
    private ConnectionCommands() {
    }

    public static void register(CommandTable<Client> t, VigilServer server) {
        var shared = new vigil.resp.server.connection.ConnectionCommands<Client>(
                new vigil.resp.server.connection.ConnectionCommands.Host() {
                    @Override
                    public String requirepass() {
                        return server.config.requirepass;
                    }

                    @Override
                    public String mode() {
                        return "standalone";
                    }

                    @Override
                    public String role() {
                        return server.keyspace.isReplica() ? "replica" : "master";
                    }
                });
        shared.register(t);
        shared.registerEchoAndQuit(t);
        t.add("select", 2, "loading stale fast", 0, 0, 0, "connection", (c, argv) -> select(server, c, argv));
        t.add("reset", 1, "noscript loading stale fast no_auth allow_busy", 0, 0, 0, "connection",
                (c, argv) -> reset(server, c));
    }

    static void select(VigilServer server, Client c, byte[][] argv) {
        Long idx = Bytes.parseLong(argv[1]);
        if (idx == null) {
            c.out.error(Replies.NOT_INTEGER);
            return;
        }
        if (idx < 0 || idx >= server.keyspace.size()) {
            c.out.error(Replies.DB_INDEX);
            return;
        }
        c.db = server.keyspace.db(idx.intValue());
        c.out.ok();
    }

    static void reset(VigilServer server, Client c) {
        c.inMulti = false;
        c.multiError = false;
        c.dirtyCas = false;
        c.queued.clear();
        server.watches.unwatchAll(c);
        server.resetClient(c);
        c.db = server.keyspace.db(0);
        c.out.setProto(2);
        c.name = "";
        c.replyMode = ReplyMode.ON;
        c.skipNext = false;
        c.monitor = false;
        c.noEvict = false;
        c.noTouch = false;
        c.authenticated = server.config.requirepass.isEmpty();
        c.out.simple("RESET");
    }
}
