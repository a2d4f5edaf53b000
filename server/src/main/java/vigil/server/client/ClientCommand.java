package vigil.server.client;

import vigil.resp.server.client.ClientInfo;

import vigil.resp.server.session.ReplyMode;
import vigil.server.VigilServer;
import vigil.resp.server.command.CommandSpec;
import vigil.resp.server.command.CommandTable;
import vigil.resp.server.command.Replies;
import vigil.resp.server.session.ClientNames;
import vigil.server.pubsub.PubSubCommands;
import vigil.util.Bytes;

import java.util.ArrayList;
import java.util.List;

/**
 * CLIENT and its subcommands as Redis 7.0 has them (networking.c clientCommand), plus MONITOR
 * and the idle-client timeout. Client tracking (TRACKING, CACHING) is not implemented;
 * TRACKINGINFO reports tracking off and GETREDIR -1.
 */
public final class ClientCommand {
    /** Unblocks a client blocked on a blocking command (installed by the blocking-commands service). */
    public interface Unblocker {
        /** Returns whether the client was blocked and is now unblocked. */
        boolean unblock(Client target, boolean withError);
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

    private ClientCommand() {
    }

    public static void register(CommandTable<Client> t, VigilServer server) {
        ClientPause pause = new ClientPause(server);
        server.registerService(ClientPause.class, pause);
        new IdleClients(server);
        Monitors.register(t, server);

        CommandSpec<Client> client = t.container("client", "", "connection");
        client.sub("id", 2, "noscript loading stale", 0, 0, 0, (c, argv) -> c.out.integer(c.id));
        client.sub("info", 2, "noscript loading stale", 0, 0, 0,
                (c, argv) -> c.out.verbatim(ClientInfo.line(c, server.clock.getAsLong(), argv, "client|info") + "\n"));
        client.sub("list", -2, "admin noscript loading stale", 0, 0, 0, (c, argv) -> list(server, c, argv));
        client.sub("setname", 3, "noscript loading stale", 0, 0, 0, (c, argv) -> {
            String err = ClientNames.validate(argv[2]);
            if (err != null) {
                c.out.error(err);
                return;
            }
            c.name = Bytes.str(argv[2]);
            c.out.ok();
        });
        client.sub("getname", 2, "noscript loading stale", 0, 0, 0,
                (c, argv) -> c.out.bulk(c.name.isEmpty() ? null : Bytes.of(c.name)));
        client.sub("kill", -3, "admin noscript loading stale", 0, 0, 0, (c, argv) -> ClientKill.kill(server, c, argv));
        client.sub("reply", 3, "noscript loading stale", 0, 0, 0, (c, argv) -> reply(c, argv));
        client.sub("pause", -3, "admin noscript loading stale", 0, 0, 0, (c, argv) -> pause(server, pause, c, argv));
        client.sub("unpause", 2, "admin noscript loading stale", 0, 0, 0, (c, argv) -> {
            pause.unpause();
            c.out.ok();
        });
        client.sub("no-evict", 3, "admin noscript loading stale", 0, 0, 0, (c, argv) -> {
            if (Bytes.is(argv[2], "on")) c.noEvict = true;
            else if (Bytes.is(argv[2], "off")) c.noEvict = false;
            else {
                c.out.error(Replies.SYNTAX);
                return;
            }
            c.out.ok();
        });
        client.sub("unblock", -3, "admin noscript loading stale", 0, 0, 0, (c, argv) -> unblock(server, c, argv));
        client.sub("getredir", 2, "noscript loading stale", 0, 0, 0, (c, argv) -> c.out.integer(-1));
        client.sub("trackinginfo", 2, "noscript loading stale", 0, 0, 0, (c, argv) -> {
            c.out.map(3);
            c.out.bulk("flags").set(1).bulk("off");
            c.out.bulk("redirect").integer(-1);
            c.out.bulk("prefixes").array(0);
        });
        client.sub("help", 2, "loading stale", 0, 0, 0, (c, argv) -> PubSubCommands.help(c, HELP));
    }

    static void list(VigilServer server, Client c, byte[][] argv) {
        ClientInfo.Type type = null;
        List<Client> chosen = new ArrayList<>();
        if (argv.length == 4 && Bytes.is(argv[2], "type")) {
            type = ClientInfo.typeByName(Bytes.str(argv[3]));
            if (type == null) {
                c.out.error("ERR Unknown client type '" + Bytes.str(argv[3]) + "'");
                return;
            }
            for (Client x : server.clients.values()) if (x.type() == type) chosen.add(x);
        } else if (argv.length > 3 && Bytes.is(argv[2], "id")) {
            for (int i = 3; i < argv.length; i++) {
                Long id = Bytes.parseLong(argv[i]);
                if (id == null) {
                    c.out.error("ERR Invalid client ID");
                    return;
                }
                Client x = server.clients.get(id);
                if (x != null) chosen.add(x);
            }
        } else if (argv.length != 2) {
            c.out.error(Replies.SYNTAX);
            return;
        } else {
            chosen.addAll(server.clients.values());
        }
        long now = server.clock.getAsLong();
        StringBuilder sb = new StringBuilder();
        for (Client x : chosen) {
            sb.append(x == c ? ClientInfo.line(x, now, argv, "client|list") : ClientInfo.line(x, now, null, null)).append('\n');
        }
        c.out.verbatim(sb.toString());
    }

    static void reply(Client c, byte[][] argv) {
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

    static void pause(VigilServer server, ClientPause pause, Client c, byte[][] argv) {
        if (argv.length > 4) {
            c.out.error("ERR unknown subcommand or wrong number of arguments for '" + Bytes.str(argv[1]) + "'. Try CLIENT HELP.");
            return;
        }
        ClientPause.Mode mode = ClientPause.Mode.ALL;
        if (argv.length == 4) {
            if (Bytes.is(argv[3], "write")) mode = ClientPause.Mode.WRITE;
            else if (!Bytes.is(argv[3], "all")) {
                c.out.error("ERR CLIENT PAUSE mode must be WRITE or ALL");
                return;
            }
        }
        long timeout = vigil.server.blocking.Timeouts.millis(c, argv[2]);
        if (timeout < 0) return;
        long now = server.clock.getAsLong();
        if (timeout > Long.MAX_VALUE - now) {
            c.out.error("ERR timeout is out of range");
            return;
        }
        pause.pause(now + timeout, mode);
        c.out.ok();
    }

    static void unblock(VigilServer server, Client c, byte[][] argv) {
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
        Client target = server.clients.get(id);
        Unblocker u = server.service(Unblocker.class);
        c.out.integer(target != null && u != null && u.unblock(target, withError) ? 1 : 0);
    }
}
