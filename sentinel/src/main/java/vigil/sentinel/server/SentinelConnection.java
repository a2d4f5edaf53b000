package vigil.sentinel.server;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vigil.resp.ProtocolException;
import vigil.resp.RequestDecoder;
import vigil.resp.RespWriter;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * One client of the sentinel: decodes its requests and runs them in Redis 7.0's processCommand
 * order (QUIT, lookup, unknown subcommand, arity, NOAUTH, the RESP2 pub/sub context), writing the
 * replies of a whole read with one socket write.
 */
final class SentinelConnection {
    private static final Logger log = LoggerFactory.getLogger(SentinelConnection.class);

    final SentinelServer server;
    final long id;
    final NetSocket socket;
    final RequestDecoder in = new RequestDecoder();
    final RespWriter out = new RespWriter();
    final String addr;
    final String laddr;
    final long createdAt = System.currentTimeMillis();
    long lastInteraction = createdAt;
    String name = "";
    String lastCommand = "NULL";
    boolean authenticated;
    /** CLIENT REPLY: 0 on, 1 off, 2 skip the next reply, 3 SKIP was just asked (becomes 2 after it). */
    int replyMode;
    final Set<String> channels = new LinkedHashSet<>();
    final Set<String> patterns = new LinkedHashSet<>();
    private boolean closeAfterReply;
    private boolean closed;

    SentinelConnection(SentinelServer server, long id, NetSocket socket) {
        this.server = server;
        this.id = id;
        this.socket = socket;
        this.addr = format(socket.remoteAddress());
        this.laddr = format(socket.localAddress());
        this.authenticated = server.requirepass == null;
        socket.handler(this::onData);
        socket.closeHandler(v -> {
            closed = true;
            server.removed(this);
        });
        socket.exceptionHandler(e -> log.debug("client {} error: {}", id, e.getMessage()));
    }

    private static String format(SocketAddress a) {
        if (a == null) return "?:0";
        String h = a.hostAddress();
        if (h != null && h.contains(":")) h = "[" + h + "]";
        return h + ":" + a.port();
    }

    boolean subscribed() {
        return !channels.isEmpty() || !patterns.isEmpty();
    }

    private void onData(Buffer buf) {
        if (closed) return;
        server.stats.netInputBytes += buf.length();
        in.append(buf);
        try {
            byte[][] argv;
            while (!closeAfterReply && (argv = in.next()) != null) {
                lastInteraction = System.currentTimeMillis();
                execute(argv);
            }
        } catch (ProtocolException e) {
            out.error(e.getMessage());
            closeAfterReply = true;
        }
        flush();
        if (closeAfterReply) close();
    }

    void flush() {
        if (out.isEmpty() || closed) return;
        byte[] b = out.drain();
        server.stats.netOutputBytes += b.length;
        socket.write(Buffer.buffer(b));
    }

    void close() {
        if (closed) return;
        closed = true;
        flush();
        socket.close();
        server.removed(this);
    }

    void closeAfterReply() {
        closeAfterReply = true;
    }

    /** processCommand. */
    void execute(byte[][] argv) {
        server.stats.commandsProcessed++;
        String name = str(argv[0]).toLowerCase(Locale.ROOT);
        int mark = out.size();
        boolean skip = replyMode == 2;
        if (name.equals("quit")) {
            out.ok();
            closeAfterReply = true;
            return;
        }
        CommandTable.Spec spec = server.commands().lookup(name);
        if (spec == null) {
            StringBuilder args = new StringBuilder();
            for (int i = 1; i < argv.length && args.length() < 128; i++) {
                String a = str(argv[i]);
                int room = 128 - args.length();
                args.append('\'').append(a, 0, Math.min(a.length(), room)).append("' ");
            }
            String shown = str(argv[0]);
            error("ERR unknown command '" + (shown.length() > 128 ? shown.substring(0, 128) : shown)
                    + "', with args beginning with: " + args);
        } else {
            if (!spec.subs.isEmpty() && argv.length >= 2) {
                CommandTable.Spec sub = spec.subs.get(str(argv[1]).toLowerCase(Locale.ROOT));
                if (sub == null) {
                    String s = str(argv[1]);
                    error("ERR unknown subcommand '" + (s.length() > 128 ? s.substring(0, 128) : s) + "'. Try "
                            + str(argv[0]).toUpperCase(Locale.ROOT) + " HELP.");
                    spec = null;
                } else {
                    spec = sub;
                }
            }
            if (spec != null) run(spec, argv);
        }
        if (replyMode == 1 || skip) {
            out.truncate(mark);
            if (skip && replyMode == 2) replyMode = 0;
        }
        if (replyMode == 3) replyMode = 2;
    }

    private void run(CommandTable.Spec spec, byte[][] argv) {
        if ((spec.arity > 0 && argv.length != spec.arity) || argv.length < -spec.arity) {
            error("ERR wrong number of arguments for '" + spec.fullName + "' command");
            return;
        }
        if (!authenticated && !spec.has("no_auth")) {
            error("NOAUTH Authentication required.");
            return;
        }
        String top = spec.fullName.contains("|") ? spec.fullName.substring(0, spec.fullName.indexOf('|')) : spec.fullName;
        if (subscribed() && !out.resp3() && !(top.equals("ping") || top.equals("subscribe") || top.equals("psubscribe")
                || top.equals("unsubscribe") || top.equals("punsubscribe"))) {
            error("ERR Can't execute '" + spec.fullName + "': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET"
                    + " are allowed in this context");
            return;
        }
        lastCommand = spec.fullName;
        try {
            spec.handler.run(this, argv);
        } catch (RuntimeException e) {
            log.warn("command {} failed", spec.fullName, e);
            error("ERR " + e);
        }
    }

    void error(String msg) {
        server.stats.errorReplies++;
        out.error(msg);
    }

    /** Redis's addReplyHelp: the first line, then each line of the help text, then "HELP / Prints this help.". */
    void help(String command) {
        String text = resource(command + "-help.txt");
        String[] lines = text.split("\n");
        out.array(lines.length);
        for (String l : lines) out.simple(l);
    }

    static String resource(String name) {
        try (InputStream is = SentinelConnection.class.getResourceAsStream(name)) {
            if (is == null) throw new IllegalStateException("missing resource " + name);
            return new String(is.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String str(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
