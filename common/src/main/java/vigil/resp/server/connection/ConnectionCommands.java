package vigil.resp.server.connection;

import vigil.resp.RespWriter;
import vigil.resp.server.command.CommandTable;
import vigil.resp.server.command.Replies;
import vigil.resp.server.info.ServerInfo;
import vigil.resp.server.session.ClientNames;
import vigil.resp.server.session.Session;
import vigil.util.Bytes;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The connection commands the node and the sentinel answer alike: PING, ECHO, QUIT, AUTH and
 * HELLO, against the single "default" user whose password the server supplies.
 */
public final class ConnectionCommands<S extends Session> {
    /** What AUTH and HELLO need to know about the server. */
    public interface Host {
        /** The default user's password; empty when there is none. */
        String requirepass();

        /** HELLO's mode: "standalone" or "sentinel". */
        String mode();

        /** HELLO's role ("master", "replica"), or null for a server that reports none (a sentinel). */
        String role();
    }

    private static final byte[] PONG = "pong".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EMPTY = new byte[0];
    private static final byte[] DEFAULT_USER = "default".getBytes(StandardCharsets.US_ASCII);

    private final Host host;

    public ConnectionCommands(Host host) {
        this.host = host;
    }

    /** PING, AUTH and HELLO: what both servers have. */
    public void register(CommandTable<S> t) {
        t.add("ping", -1, "fast", 0, 0, 0, "connection", this::ping);
        t.add("auth", -2, "noscript loading stale fast no_auth allow_busy", 0, 0, 0, "connection", this::auth);
        t.add("hello", -1, "noscript loading stale fast no_auth allow_busy", 0, 0, 0, "connection", this::hello);
    }

    /** ECHO and QUIT, which a sentinel does not list. */
    public void registerEchoAndQuit(CommandTable<S> t) {
        t.add("echo", 2, "fast loading stale", 0, 0, 0, "connection", (c, argv) -> c.out.bulk(argv[1]));
        t.add("quit", -1, "allow_busy no_auth fast noscript loading stale", 0, 0, 0, "connection", this::quit);
    }

    public void ping(S c, byte[][] argv) {
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

    public void quit(S c, byte[][] argv) {
        c.out.ok();
        c.closeAfterReply = true;
    }

    public void auth(S c, byte[][] argv) {
        if (argv.length > 3) {
            c.out.error(Replies.SYNTAX);
            return;
        }
        if (argv.length == 2 && host.requirepass().isEmpty()) {
            c.out.error("ERR AUTH <password> called without any password configured for the default user. "
                    + "Are you sure your configuration is correct?");
            return;
        }
        byte[] user = argv.length == 3 ? argv[1] : DEFAULT_USER;
        if (authenticate(c, user, argv[argv.length - 1])) c.out.ok();
    }

    /**
     * Checks a username/password pair against the single "default" user (nopass without
     * requirepass, else that password, compared in constant time); writes WRONGPASS when wrong.
     */
    private boolean authenticate(S c, byte[] user, byte[] pass) {
        String required = host.requirepass();
        boolean ok = Arrays.equals(user, DEFAULT_USER) && (required.isEmpty() || MessageDigest.isEqual(pass, required.getBytes(StandardCharsets.UTF_8)));
        if (!ok) {
            c.out.error(Replies.WRONGPASS);
            return false;
        }
        c.authenticated = true;
        return true;
    }

    public void hello(S c, byte[][] argv) {
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
            if (Bytes.is(argv[i], "auth") && left >= 2) {
                user = argv[i + 1];
                pass = argv[i + 2];
                i += 2;
            } else if (Bytes.is(argv[i], "setname") && left >= 1) {
                name = argv[i + 1];
                i += 1;
            } else {
                c.out.error("ERR Syntax error in HELLO option '" + Bytes.str(argv[i]) + "'");
                return;
            }
        }
        if (user != null && !authenticate(c, user, pass)) return;
        if (!c.authenticated) {
            c.out.error("NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH "
                    + "<user> <pass> option can be used to authenticate the client and select the RESP protocol "
                    + "version at the same time");
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
        String role = host.role();
        RespWriter w = c.out;
        w.map(role == null ? 6 : 7);
        w.bulk("server").bulk("redis");
        w.bulk("version").bulk(ServerInfo.REDIS_VERSION);
        w.bulk("proto").integer(proto);
        w.bulk("id").integer(c.id);
        w.bulk("mode").bulk(host.mode());
        if (role != null) w.bulk("role").bulk(role);
        w.bulk("modules").array(0);
    }
}
