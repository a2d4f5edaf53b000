package vigil.sentinel.server;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vigil.resp.RespWriter;
import vigil.sentinel.core.MasterState;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static vigil.sentinel.server.SentinelConnection.str;

/**
 * The sentinel's non-SENTINEL commands: PING, AUTH, HELLO, ROLE, INFO, PUBLISH (hellos only),
 * SHUTDOWN, COMMAND and ACL WHOAMI, with Redis 7.0's sentinel-mode replies.
 */
final class ConnectionCommands {
    private static final Logger log = LoggerFactory.getLogger(ConnectionCommands.class);
    private final SentinelServer server;
    private JsonObject docs;

    ConnectionCommands(SentinelServer server) {
        this.server = server;
    }

    void ping(SentinelConnection c, byte[][] argv) {
        if (argv.length > 2) {
            c.error("ERR wrong number of arguments for 'ping' command");
            return;
        }
        if (c.subscribed() && !c.out.resp3()) {
            c.out.array(2).bulk("pong").bulk(argv.length == 2 ? argv[1] : new byte[0]);
        } else if (argv.length == 2) {
            c.out.bulk(argv[1]);
        } else {
            c.out.simple("PONG");
        }
    }

    void auth(SentinelConnection c, byte[][] argv) {
        if (argv.length > 3) {
            c.error("ERR syntax error");
            return;
        }
        String user = argv.length == 3 ? str(argv[1]) : "default";
        String pass = str(argv[argv.length - 1]);
        if (argv.length == 2 && server.requirepass == null) {
            c.error("ERR AUTH <password> called without any password configured for the default user. "
                    + "Are you sure your configuration is correct?");
            return;
        }
        if (!checkPassword(user, pass)) {
            c.error("WRONGPASS invalid username-password pair or user is disabled.");
            return;
        }
        c.authenticated = true;
        c.out.ok();
    }

    /** The default user: nopass without requirepass, else that password (compared in constant time). */
    private boolean checkPassword(String user, String pass) {
        if (!user.equals("default")) return false;
        if (server.requirepass == null) return true;
        return MessageDigest.isEqual(pass.getBytes(StandardCharsets.UTF_8),
                server.requirepass.getBytes(StandardCharsets.UTF_8));
    }

    void hello(SentinelConnection c, byte[][] argv) {
        int ver = 0;
        int next = 1;
        if (argv.length >= 2) {
            Long v = Numbers.parseLong(argv[1]);
            if (v == null) {
                c.error("ERR Protocol version is not an integer or out of range");
                return;
            }
            next = 2;
            if (v < 2 || v > 3) {
                c.error("NOPROTO unsupported protocol version");
                return;
            }
            ver = v.intValue();
        }
        String user = null, pass = null, name = null;
        for (int j = next; j < argv.length; j++) {
            int more = argv.length - j - 1;
            String opt = str(argv[j]);
            if (opt.equalsIgnoreCase("AUTH") && more >= 2) {
                user = str(argv[j + 1]);
                pass = str(argv[j + 2]);
                j += 2;
            } else if (opt.equalsIgnoreCase("SETNAME") && more >= 1) {
                name = str(argv[j + 1]);
                j++;
            } else {
                c.error("ERR Syntax error in HELLO option '" + opt + "'");
                return;
            }
        }
        if (user != null) {
            if (!checkPassword(user, pass)) {
                c.error("WRONGPASS invalid username-password pair or user is disabled.");
                return;
            }
            c.authenticated = true;
        }
        if (!c.authenticated) {
            c.error("NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> "
                    + "option can be used to authenticate the client and select "
                    + "the RESP protocol version at the same time");
            return;
        }
        if (name != null) {
            if (!ClientCommands.validName(name)) {
                c.error("ERR Client names cannot contain spaces, newlines or special characters.");
                return;
            }
            c.name = name;
        }
        if (ver != 0) c.out.setProto(ver);
        RespWriter w = c.out;
        w.map(6);
        w.bulk("server").bulk("redis");
        w.bulk("version").bulk(SentinelInfo.REDIS_VERSION);
        w.bulk("proto").integer(c.out.proto());
        w.bulk("id").integer(c.id);
        w.bulk("mode").bulk("sentinel");
        w.bulk("modules").array(0);
    }

    void role(SentinelConnection c, byte[][] argv) {
        Map<String, MasterState> masters = server.host.brain().masters;
        c.out.array(2).bulk("sentinel").array(masters.size());
        for (String n : masters.keySet()) c.out.bulk(n);
    }

    void info(SentinelConnection c, byte[][] argv) {
        List<String> sections = new ArrayList<>();
        for (int i = 1; i < argv.length; i++) sections.add(str(argv[i]));
        c.out.bulk(SentinelInfo.render(server, sections));
    }

    /** PUBLISH in sentinel mode only takes hellos, which feed the brain directly. */
    void publish(SentinelConnection c, byte[][] argv) {
        if (!str(argv[1]).equals("__sentinel__:hello")) {
            c.error("ERR Only HELLO messages are accepted by Sentinel instances.");
            return;
        }
        server.host.brain().onHello(str(argv[2]), server.host.now());
        server.host.runActions();
        c.out.integer(1);
    }

    void shutdown(SentinelConnection c, byte[][] argv) {
        for (int i = 1; i < argv.length; i++) {
            String a = str(argv[i]).toLowerCase(Locale.ROOT);
            if (!List.of("nosave", "save", "now", "force", "abort").contains(a)) {
                c.error("ERR syntax error");
                return;
            }
            if (a.equals("abort")) {
                c.error("ERR No shutdown in progress.");
                return;
            }
        }
        log.warn("User requested shutdown...");
        try {
            server.host.flushConfig();
        } catch (java.io.IOException e) {
            log.warn("Error flushing the sentinel config on shutdown: {}", e.getMessage());
        }
        c.closeAfterReply();
        server.host.shutdown();
    }

    void aclWhoami(SentinelConnection c, byte[][] argv) {
        c.out.bulk("default");
    }

    void aclUnsupported(SentinelConnection c, byte[][] argv) {
        c.error("ERR ACL " + str(argv[1]).toUpperCase(Locale.ROOT) + " is not supported by Vigil's sentinel");
    }

    // ------------------------------------------------------------------ COMMAND

    void command(SentinelConnection c, byte[][] argv) {
        List<CommandTable.Spec> all = server.commands().all();
        c.out.array(all.size());
        for (CommandTable.Spec s : all) spec(c.out, s);
    }

    void commandCount(SentinelConnection c, byte[][] argv) {
        c.out.integer(server.commands().all().size());
    }

    void commandList(SentinelConnection c, byte[][] argv) {
        String pattern = null;
        if (argv.length == 5 && str(argv[2]).equalsIgnoreCase("filterby") && str(argv[3]).equalsIgnoreCase("pattern")) {
            pattern = str(argv[4]);
        } else if (argv.length != 2) {
            c.error("ERR syntax error");
            return;
        }
        List<String> names = new ArrayList<>();
        for (CommandTable.Spec s : server.commands().all()) {
            names.add(s.fullName);
            for (CommandTable.Spec sub : s.subs.values()) names.add(sub.fullName);
        }
        if (pattern != null) {
            String p = pattern;
            names.removeIf(n -> !vigil.util.Glob.matchNoCase(p, n));
        }
        c.out.array(names.size());
        for (String n : names) c.out.bulk(n);
    }

    void commandInfo(SentinelConnection c, byte[][] argv) {
        if (argv.length == 2) {
            command(c, argv);
            return;
        }
        c.out.array(argv.length - 2);
        for (int i = 2; i < argv.length; i++) {
            CommandTable.Spec s = server.commands().lookupFull(str(argv[i]));
            if (s == null) c.out.nullArray();
            else spec(c.out, s);
        }
    }

    /** No sentinel-mode command takes keys: Redis's COMMAND GETKEYS answers with one of three errors. */
    void commandGetKeys(SentinelConnection c, byte[][] argv) {
        CommandTable.Spec top = server.commands().lookup(str(argv[2]));
        int argc = argv.length - 2;
        CommandTable.Spec s = top;
        if (s != null && !s.subs.isEmpty() && argc >= 2) s = s.subs.get(str(argv[3]).toLowerCase(Locale.ROOT));
        if (s == null) {
            c.error("ERR Invalid command specified");
        } else if ((top.arity > 0 && argc != top.arity) || argc < -top.arity) {
            // Redis 7.0 checks the container's arity here, not the subcommand's
            c.error("ERR Invalid number of arguments specified for command");
        } else {
            c.error("ERR The command has no key arguments");
        }
    }

    private static void spec(RespWriter w, CommandTable.Spec s) {
        w.array(10);
        w.bulk(s.fullName);
        w.integer(s.arity);
        w.set(s.flags.size());
        for (String f : s.flags) w.simple(f);
        w.integer(0).integer(0).integer(0);
        w.set(s.acl.size());
        for (String a : s.acl) w.simple(a);
        w.set(s.tips.size());
        for (String t : s.tips) w.bulk(t);
        w.set(0);
        if (s.subs.isEmpty()) {
            w.set(0);
            return;
        }
        w.array(s.subs.size());
        for (CommandTable.Spec sub : s.subs.values()) spec(w, sub);
    }

    void commandDocs(SentinelConnection c, byte[][] argv) {
        if (docs == null) docs = new JsonObject(SentinelConnection.resource("command-docs.json"));
        List<String> names = new ArrayList<>();
        if (argv.length == 2) names.addAll(docs.fieldNames());
        else for (int i = 2; i < argv.length; i++) if (docs.containsKey(str(argv[i]).toLowerCase(Locale.ROOT))) names.add(str(argv[i]).toLowerCase(Locale.ROOT));
        c.out.map(names.size());
        for (String n : names) {
            c.out.bulk(n);
            json(c.out, docs.getJsonObject(n));
        }
    }

    private static void json(RespWriter w, Object v) {
        if (v instanceof JsonObject o) {
            w.map(o.size());
            for (Map.Entry<String, Object> e : o) {
                w.bulk(e.getKey());
                if (e.getKey().equals("flags") || e.getKey().equals("doc_flags") || e.getKey().equals("history")) {
                    JsonArray a = (JsonArray) e.getValue();
                    w.set(a.size());
                    for (Object f : a) {
                        if (f instanceof JsonArray) json(w, f);
                        else w.simple(String.valueOf(f));
                    }
                } else {
                    json(w, e.getValue());
                }
            }
        } else if (v instanceof JsonArray a) {
            w.array(a.size());
            for (Object x : a) json(w, x);
        } else if (v instanceof Number n) {
            w.integer(n.longValue());
        } else {
            w.bulk(String.valueOf(v));
        }
    }
}
