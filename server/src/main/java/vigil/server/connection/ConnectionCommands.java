package vigil.server.connection;

import vigil.resp.server.session.ClientNames;

import vigil.resp.server.session.ReplyMode;
import vigil.server.VigilServer;
import vigil.server.client.Client;
import vigil.server.command.Args;
import vigil.resp.server.command.CommandTable;
import vigil.resp.server.command.Replies;
import vigil.util.Bytes;

import java.nio.charset.StandardCharsets;

/** PING, ECHO, QUIT, SELECT, AUTH, HELLO, RESET: the connection's own commands. */
public final class ConnectionCommands {
    private static final byte[] PONG = "pong".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EMPTY = new byte[0];

    private ConnectionCommands() {
    }

    public static void register(CommandTable<Client> t, VigilServer server) {
        t.add("ping", -1, "fast", 0, 0, 0, "connection", (c, argv) -> ping(c, argv));
        t.add("echo", 2, "fast loading stale", 0, 0, 0, "connection", (c, argv) -> c.out.bulk(argv[1]));
        t.add("quit", -1, "allow_busy no_auth fast noscript loading stale", 0, 0, 0, "connection", (c, argv) -> {
            c.out.ok();
            c.closeAfterReply = true;
        });
        t.add("select", 2, "loading stale fast", 0, 0, 0, "connection", (c, argv) -> select(server, c, argv));
        t.add("auth", -2, "noscript loading stale fast no_auth allow_busy", 0, 0, 0, "connection",
                (c, argv) -> auth(server, c, argv));
        t.add("hello", -1, "noscript loading stale fast no_auth allow_busy", 0, 0, 0, "connection",
                (c, argv) -> hello(server, c, argv));
        t.add("reset", 1, "noscript loading stale fast no_auth allow_busy", 0, 0, 0, "connection",
                (c, argv) -> reset(server, c));
    }

    static void ping(Client c, byte[][] argv) {
        if (argv.length > 2) {
            c.out.error("ERR wrong number of arguments for 'ping' command");
            return;
        }
        if (c.inPubSubContext()) {
            c.out.array(2).bulk(PONG).bulk(argv.length == 2 ? argv[1] : EMPTY);
        } else if (argv.length == 2) {
            c.out.bulk(argv[1]);
        } else {
            c.out.simple("PONG");
        }
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

    /** Checks a username/password pair against the single "default" user; writes the error if wrong. */
    static boolean checkPassword(VigilServer server, Client c, byte[] user, byte[] pass) {
        String required = server.config.requirepass;
        boolean userOk = user == null || Bytes.str(user).equals("default");
        if (userOk && (required.isEmpty() || required.equals(Bytes.str(pass)))) {
            c.authenticated = true;
            return true;
        }
        c.out.error(Replies.WRONGPASS);
        return false;
    }

    static void auth(VigilServer server, Client c, byte[][] argv) {
        if (argv.length > 3) {
            c.out.error(Replies.SYNTAX);
            return;
        }
        if (argv.length == 2 && server.config.requirepass.isEmpty()) {
            c.out.error("ERR AUTH <password> called without any password configured for the default user. "
                    + "Are you sure your configuration is correct?");
            return;
        }
        byte[] user = argv.length == 3 ? argv[1] : null;
        byte[] pass = argv[argv.length - 1];
        if (checkPassword(server, c, user, pass)) c.out.ok();
    }

    static void hello(VigilServer server, Client c, byte[][] argv) {
        int proto = c.resp();
        int i = 1;
        if (argv.length >= 2) {
            Long v = Bytes.parseLong(argv[1]);
            if (v == null) {
                c.out.error("ERR Protocol version is not an integer or out of range");
                return;
            }
            if (v < 2 || v > 3) {
                c.out.error("NOPROTO unsupported protocol version");
                return;
            }
            proto = v.intValue();
            i = 2;
        }
        byte[] user = null, pass = null, name = null;
        for (; i < argv.length; i++) {
            int left = argv.length - i - 1;
            if (Args.is(argv[i], "auth") && left >= 2) {
                user = argv[i + 1];
                pass = argv[i + 2];
                i += 2;
            } else if (Args.is(argv[i], "setname") && left >= 1) {
                name = argv[i + 1];
                i += 1;
            } else {
                c.out.error("ERR Syntax error in HELLO option '" + Bytes.str(argv[i]) + "'");
                return;
            }
        }
        if (user != null && !checkPassword(server, c, user, pass)) return;
        if (!c.authenticated) {
            c.out.error("NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO <proto> AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time");
            return;
        }
        if (name != null) {
            String err = ClientNames.validate(name);
            if (err != null) {
                c.out.error(err);
                return;
            }
            c.name = Bytes.str(name);
        }
        c.out.setProto(proto);
        c.out.map(7);
        c.out.bulk("server").bulk("redis");
        c.out.bulk("version").bulk(VigilServer.REDIS_VERSION);
        c.out.bulk("proto").integer(proto);
        c.out.bulk("id").integer(c.id);
        c.out.bulk("mode").bulk("standalone");
        c.out.bulk("role").bulk(server.keyspace.isReplica() ? "replica" : "master");
        c.out.bulk("modules").array(0);
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
