package vigil.sentinel.server;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vigil.resp.RespWriter;
import vigil.resp.server.client.ClientCommands;
import vigil.resp.server.command.CommandCommand;
import vigil.resp.server.command.CommandSpec;
import vigil.resp.server.command.CommandTable;
import vigil.resp.server.command.Replies;
import vigil.resp.server.connection.ConnectionCommands;
import vigil.resp.server.pubsub.PubSubCommands;
import vigil.resp.server.session.Session;
import vigil.sentinel.core.MasterState;
import vigil.util.Bytes;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import static vigil.util.Bytes.str;

/**
 * Redis 7.0's sentinel-mode command set: the shared connection commands, CLIENT and
 * SUBSCRIBE family from the RESP core, SENTINEL, and the commands whose sentinel-mode replies
 * are the sentinel's own: ROLE, INFO, PUBLISH (hellos only), SHUTDOWN, COMMAND and ACL WHOAMI.
 * Everything else gets Redis's "unknown command" error.
 */
final class SentinelModeCommands {
    private static final Logger log = LoggerFactory.getLogger(SentinelModeCommands.class);
    private static final String ADMIN = "admin";
    private final SentinelServer server;
    private JsonObject docs;

    SentinelModeCommands(SentinelServer server) {
        this.server = server;
    }

    CommandTable<Session> table() {
        CommandTable<Session> t = new CommandTable<>();
        new ConnectionCommands<Session>(server).register(t);
        PubSubCommands.registerSubscribe(t, server.subscriptions);
        t.add("publish", 3, "pubsub loading stale fast", 0, 0, 0, "pubsub", this::publish);
        t.add("role", 1, "noscript loading stale fast", 0, 0, 0, "server", this::role);
        t.add("info", -1, "loading stale", 0, 0, 0, "server", (c, a) -> c.out.bulk(SentinelInfo.render(server, a)));
        t.add("shutdown", -1, "admin noscript loading stale no_multi allow_busy", 0, 0, 0, "server", this::shutdown);
        CommandSpec<Session> acl = t.container("acl", "", "server");
        acl.sub("whoami", 2, "noscript loading stale", (c, a) -> c.out.bulk("default"));
        acl.sub("help", 2, "loading stale", this::aclUnsupported);
        acl.sub("cat", -2, "noscript loading stale", this::aclUnsupported);
        CommandCommand.register(t, this::docs);
        CommandSpec<Session> client = new ClientCommands<>(server, (target, withError) -> false).register(t);
        String cf = "noscript loading stale";
        client.sub("tracking", -3, cf, (c, argv) -> {
            if (Bytes.is(argv[2], "on") || Bytes.is(argv[2], "off")) c.out.ok();
            else c.out.error(Replies.SYNTAX);
        });
        client.sub("caching", 3, cf, (c, argv) -> c.out.error("ERR CLIENT CACHING can be called only when the "
                + "client is in tracking mode with OPTIN or OPTOUT mode enabled"));
        client.sub("pause", -3, "admin noscript loading stale", (c, argv) -> c.out.ok());
        client.sub("unpause", 2, "admin noscript loading stale", (c, argv) -> c.out.ok());
        new SentinelCommands(server).register(t.container("sentinel", ADMIN, "sentinel"));
        return t;
    }

    private void role(Session c, byte[][] argv) {
        Map<String, MasterState> masters = server.host.brain().masters;
        c.out.array(2).bulk("sentinel").array(masters.size());
        for (String n : masters.keySet()) c.out.bulk(n);
    }

    /** PUBLISH in sentinel mode only takes hellos, which feed the brain directly. */
    private void publish(Session c, byte[][] argv) {
        if (!str(argv[1]).equals("__sentinel__:hello")) {
            c.out.error("ERR Only HELLO messages are accepted by Sentinel instances.");
            return;
        }
        server.host.brain().onHello(str(argv[2]), server.host.now());
        server.host.runActions();
        c.out.integer(1);
    }

    private void shutdown(Session c, byte[][] argv) {
        for (int i = 1; i < argv.length; i++) {
            String a = str(argv[i]).toLowerCase(Locale.ROOT);
            if (!List.of("nosave", "save", "now", "force", "abort").contains(a)) {
                c.out.error("ERR syntax error");
                return;
            }
            if (a.equals("abort")) {
                c.out.error("ERR No shutdown in progress.");
                return;
            }
        }
        log.warn("User requested shutdown...");
        try {
            server.host.flushConfig();
        } catch (java.io.IOException e) {
            log.warn("Error flushing the sentinel config on shutdown: {}", e.getMessage());
        }
        c.closeAfterReply = true;
        server.host.shutdown();
    }

    private void aclUnsupported(Session c, byte[][] argv) {
        c.out.error("ERR ACL " + str(argv[1]).toUpperCase(Locale.ROOT) + " is not supported by Vigil's sentinel");
    }

    // ------------------------------------------------------------------ COMMAND

    /** COMMAND DOCS: Redis 7.0's sentinel-mode docs, kept as redis-sentinel reports them (command-docs.json). */
    private void docs(RespWriter w, CommandSpec<?> s) {
        if (docs == null) docs = new JsonObject(SentinelServer.resource("command-docs.json"));
        JsonObject d = docs.getJsonObject(s.topName());
        if (s.parent != null) d = d.getJsonObject("subcommands").getJsonObject(s.fullName());
        json(w, d);
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
