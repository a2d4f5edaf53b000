package vigil.resp.server.client;

import vigil.resp.server.command.CommandSpec;
import vigil.resp.server.command.CommandTable;
import vigil.resp.server.command.Replies;
import vigil.resp.server.session.ClientNames;
import vigil.resp.server.session.ClientType;
import vigil.resp.server.session.ReplyMode;
import vigil.resp.server.session.Session;
import vigil.util.Bytes;

import java.util.ArrayList;
import java.util.List;

/**
 * CLIENT as the node and the sentinel both answer it (networking.c clientCommand): ID, INFO,
 * LIST, SETNAME, GETNAME, KILL, REPLY, NO-EVICT, UNBLOCK, GETREDIR, TRACKINGINFO and HELP. A
 * server adds what only it has (the node's PAUSE; the sentinel's accepted no-ops) to the
 * container {@link #register} returns.
 */
public final class ClientCommands<S extends Session> {
    /** Unblocks a client blocked on a blocking command; true when it was blocked. */
    public interface Unblocker<S> {
        boolean unblock(S target, boolean withError);
    }

    static final String[] HELP = {
            "CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "CACHING (YES|NO)",
            "    Enable/disable tracking of the keys for next command in OPTIN/OPTOUT modes.",
            "GETREDIR",
            "    Return the client ID we are redirecting to when tracking is enabled.",
            "GETNAME",
            "    Return the name of the current connection.",
            "ID",
            "    Return the ID of the current connection.",
            "INFO",
            "    Return information about the current client connection.",
            "KILL <ip:port>",
            "    Kill connection made from <ip:port>.",
            "KILL <option> <value> [<option> <value> [...]]",
            "    Kill connections. Options are:",
            "    * ADDR (<ip:port>|<unixsocket>:0)",
            "      Kill connections made from the specified address",
            "    * LADDR (<ip:port>|<unixsocket>:0)",
            "      Kill connections made to specified local address",
            "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
            "      Kill connections by type.",
            "    * USER <username>",
            "      Kill connections authenticated by <username>.",
            "    * SKIPME (YES|NO)",
            "      Skip killing current connection (default: yes).",
            "LIST [options ...]",
            "    Return information about client connections. Options:",
            "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
            "      Return clients of specified type.",
            "UNPAUSE",
            "    Stop the current client pause, resuming traffic.",
            "PAUSE <timeout> [WRITE|ALL]",
            "    Suspend all, or just write, clients for <timeout> milliseconds.",
            "REPLY (ON|OFF|SKIP)",
            "    Control the replies sent to the current connection.",
            "SETNAME <name>",
            "    Assign the name <name> to the current connection.",
            "UNBLOCK <clientid> [TIMEOUT|ERROR]",
            "    Unblock the specified blocked client.",
            "TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]",
            "         [OPTIN] [OPTOUT] [NOLOOP]",
            "    Control server assisted client side caching.",
            "TRACKINGINFO",
            "    Report tracking status for the current connection.",
            "NO-EVICT (ON|OFF)",
            "    Protect current client connection from eviction.",
            "HELP",
            "    Prints this help.",
    };

    private static final String CF = "noscript loading stale";
    private static final String ADMIN = "admin noscript loading stale";

    private final ClientRegistry<S> registry;
    private final Unblocker<S> unblocker;

    public ClientCommands(ClientRegistry<S> registry, Unblocker<S> unblocker) {
        this.registry = registry;
        this.unblocker = unblocker;
    }

    /** Registers CLIENT with the shared subcommands; returns the container for the server's own. */
    public CommandSpec<S> register(CommandTable<S> t) {
        CommandSpec<S> client = t.container("client", "", "connection");
        client.sub("id", 2, CF, (c, argv) -> c.out.integer(c.id));
        client.sub("info", 2, CF,
                (c, argv) -> c.out.verbatim(ClientInfo.line(c, registry.now(), argv, "client|info") + "\n"));
        client.sub("list", -2, ADMIN, this::list);
        client.sub("setname", 3, CF, (c, argv) -> {
            String err = ClientNames.validate(argv[2]);
            if (err != null) {
                c.out.error(err);
                return;
            }
            c.name = Bytes.str(argv[2]);
            c.out.ok();
        });
        client.sub("getname", 2, CF, (c, argv) -> c.out.bulk(c.name.isEmpty() ? null : Bytes.of(c.name)));
        client.sub("kill", -3, ADMIN, (c, argv) -> ClientKill.kill(registry, c, argv));
        client.sub("reply", 3, CF, ClientCommands::reply);
        client.sub("no-evict", 3, ADMIN, (c, argv) -> {
            if (Bytes.is(argv[2], "on")) c.noEvict = true;
            else if (Bytes.is(argv[2], "off")) c.noEvict = false;
            else {
                c.out.error(Replies.SYNTAX);
                return;
            }
            c.out.ok();
        });
        client.sub("unblock", -3, ADMIN, this::unblock);
        client.sub("getredir", 2, CF, (c, argv) -> c.out.integer(-1));
        client.sub("trackinginfo", 2, CF, (c, argv) -> {
            c.out.map(3);
            c.out.bulk("flags").set(1).bulk("off");
            c.out.bulk("redirect").integer(-1);
            c.out.bulk("prefixes").array(0);
        });
        client.sub("help", 2, "loading stale", (c, argv) -> Replies.help(c.out, HELP));
        return client;
    }

    private void list(S c, byte[][] argv) {
        List<S> chosen = new ArrayList<>();
        if (argv.length == 4 && Bytes.is(argv[2], "type")) {
            ClientType type = ClientType.byName(Bytes.str(argv[3]));
            if (type == null) {
                c.out.error("ERR Unknown client type '" + Bytes.str(argv[3]) + "'");
                return;
            }
            for (S x : registry.clients().values()) if (x.type() == type) chosen.add(x);
        } else if (argv.length > 3 && Bytes.is(argv[2], "id")) {
            for (int i = 3; i < argv.length; i++) {
                Long id = Bytes.parseLong(argv[i]);
                if (id == null) {
                    c.out.error("ERR Invalid client ID");
                    return;
                }
                S x = registry.clients().get(id);
                if (x != null) chosen.add(x);
            }
        } else if (argv.length != 2) {
            c.out.error(Replies.SYNTAX);
            return;
        } else {
            chosen.addAll(registry.clients().values());
        }
        long now = registry.now();
        StringBuilder sb = new StringBuilder();
        for (S x : chosen) {
            sb.append(x == c ? ClientInfo.line(x, now, argv, "client|list") : ClientInfo.line(x, now, null, null)).append('\n');
        }
        c.out.verbatim(sb.toString());
    }

    static void reply(Session c, byte[][] argv) {
        if (Bytes.is(argv[2], "on")) {
            c.replyMode = ReplyMode.ON;
            c.skipNext = false;
            c.out.ok();
        } else if (Bytes.is(argv[2], "off")) {
            c.replyMode = ReplyMode.OFF;
        } else if (Bytes.is(argv[2], "skip")) {
            if (c.replyMode != ReplyMode.OFF) c.replyMode = ReplyMode.SKIP;
        } else {
            c.out.error(Replies.SYNTAX);
        }
    }

    private void unblock(S c, byte[][] argv) {
        if (argv.length > 4) {
            c.out.error("ERR unknown subcommand or wrong number of arguments for '" + Bytes.str(argv[1]) + "'. Try CLIENT HELP.");
            return;
        }
        boolean withError = false;
        if (argv.length == 4) {
            if (Bytes.is(argv[3], "error")) withError = true;
            else if (!Bytes.is(argv[3], "timeout")) {
                c.out.error("ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR");
                return;
            }
        }
        Long id = Bytes.parseLong(argv[2]);
        if (id == null) {
            c.out.error(Replies.NOT_INTEGER);
            return;
        }
        S target = registry.clients().get(id);
        c.out.integer(target != null && unblocker.unblock(target, withError) ? 1 : 0);
    }
}
