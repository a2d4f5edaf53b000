package vigil.sentinel.server;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vigil.resp.server.dispatch.CommandFront;
import vigil.resp.server.net.SocketConnection;
import vigil.resp.server.session.Session;
import vigil.util.Bytes;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * One client of the sentinel: decodes its requests and runs them through the shared command
 * front (QUIT first, as Redis 7.0's processCommand does, then lookup, subcommand, arity, NOAUTH
 * and the RESP2 pub/sub context), writing the replies of a whole read with one socket write.
 */
final class SentinelConnection extends Session {
    private static final Logger log = LoggerFactory.getLogger(SentinelConnection.class);

    private final SentinelServer server;
    private final NetSocket socket;

    SentinelConnection(SentinelServer server, long id, NetSocket socket) {
        super(id, new SocketConnection(socket), System.currentTimeMillis());
        this.server = server;
        this.socket = socket;
        this.authenticated = server.requirepass().isEmpty();
        socket.handler(this::onData);
        socket.closeHandler(v -> {
            closed = true;
            server.removed(this);
        });
        socket.exceptionHandler(e -> log.debug("client {} error: {}", id, e.getMessage()));
    }

    private void onData(Buffer buf) {
        if (closed) return;
        server.stats.netInputBytes += buf.length();
        in.append(buf);
        runRequests(this::execute);
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

    /** processCommand. */
    private void execute(byte[][] argv) {
        server.stats.commandsProcessed++;
        lastInteraction = System.currentTimeMillis();
        if (Bytes.is(argv[0], "quit")) {
            out.ok();
            closeAfterReply = true;
            return;
        }
        int mark = out.size();
        CommandFront.Verdict<SentinelConnection> verdict = server.front().resolve(this, argv);
        String err = verdict.admitted() ? server.front().admit(this, verdict.cmd(), argv) : verdict.error();
        if (err != null) {
            out.error(err);
        } else {
            lastCommand = verdict.cmd().fullName();
            try {
                verdict.cmd().handler.execute(this, argv);
            } catch (RuntimeException e) {
                log.warn("command {} failed", lastCommand, e);
                out.error("ERR " + e);
            }
        }
        if (out.size() > mark && out.byteAt(mark) == '-') server.stats.errorReplies++;
        applyReplyMode(mark);
    }

    /** Redis's addReplyHelp from a help text resource: each line a status reply. */
    void help(String command) {
        String[] lines = resource(command + "-help.txt").split("\n");
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
}
