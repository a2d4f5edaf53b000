package vigil.sentinel.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vigil.resp.server.dispatch.CommandFront;
import vigil.resp.server.session.Connection;
import vigil.resp.server.session.Session;
import vigil.util.Bytes;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * One client of the sentinel: its requests run through the shared command front (QUIT first,
 * as Redis 7.0's processCommand does, then lookup, subcommand, arity, NOAUTH and the RESP2
 * pub/sub context); the {@link SentinelServer} reads its socket and writes a whole read's replies at once.
 */
final class SentinelConnection extends Session {
    private static final Logger log = LoggerFactory.getLogger(SentinelConnection.class);

    final SentinelServer server;

    SentinelConnection(SentinelServer server, long id, Connection conn) {
        super(id, conn, System.currentTimeMillis());
        this.server = server;
        this.authenticated = server.requirepass().isEmpty();
    }

    /** processCommand. */
    void execute(byte[][] argv) {
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
