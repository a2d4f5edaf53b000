package vigil.server.client;

import vigil.server.node.Client;
import vigil.resp.server.command.CommandFlag;
import vigil.resp.server.command.CommandSpec;
import vigil.resp.server.command.CommandTable;
import vigil.server.node.VigilServer;
import vigil.util.Bytes;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * MONITOR: clients that receive every executed command as
 * {@code +<secs>.<micros> [<db> <ip:port>] "cmd" "arg" ...}, quoted as Redis's sdscatrepr does.
 * As in Redis 7.0 a command is shown after it ran (so SELECT shows its new db and EXEC follows
 * its queued commands), admin commands are not shown, and AUTH / HELLO AUTH secrets are
 * redacted. QUIT, RESET or a disconnect end monitor mode.
 */
public final class Monitors {
    private static final byte[] REDACTED = Bytes.of("(redacted)");

    private final VigilServer server;
    private final Set<Client> monitors = new LinkedHashSet<>();

    public Monitors(VigilServer server) {
        this.server = server;
    }

    void register(CommandTable<Client> t) {
        t.add("monitor", 1, "admin noscript loading stale", 0, 0, 0, "server", (c, argv) -> start(c));
    }

    /** An executed command goes to every monitor (replicationFeedMonitors). */
    public void executed(Client c, CommandSpec cmd, byte[][] argv) {
        if (!monitors.isEmpty()) feed(c, cmd, argv);
    }

    public int count() {
        return monitors.size();
    }

    private void start(Client c) {
        if (c.inMulti) {
            c.out.error("ERR MONITOR isn't allowed for DENY BLOCKING client");
            return;
        }
        if (c.monitor || (c.flags & Client.FLAG_REPLICA) != 0) return;   // Redis ignores it silently
        c.monitor = true;
        monitors.add(c);
        c.out.ok();
    }

    /** QUIT, RESET or a disconnect: the client leaves monitor mode. */
    public void stop(Client c) {
        if (monitors.remove(c)) c.monitor = false;
    }

    void feed(Client c, CommandSpec<Client> cmd, byte[][] argv) {
        if (c.isInternal() || cmd.has(CommandFlag.ADMIN) || cmd.has(CommandFlag.SKIP_MONITOR)) return;
        byte[] line = format(Instant.now(), c.db.id, c.conn.remoteAddress(), redact(cmd, argv));
        for (Client m : monitors) {
            if (m.closed) continue;
            m.out.raw(line);
            server.markPendingWrite(m);
        }
    }

    /** AUTH's arguments and HELLO's AUTH user and password are shown as "(redacted)". */
    static byte[][] redact(CommandSpec<Client> cmd, byte[][] argv) {
        String name = cmd.parent == null ? cmd.name : cmd.parent.name;
        if (name.equals("auth")) {
            byte[][] out = argv.clone();
            for (int i = 1; i < out.length; i++) out[i] = REDACTED;
            return out;
        }
        if (name.equals("hello")) {
            byte[][] out = argv.clone();
            for (int i = 2; i < out.length; i++) {
                if (Bytes.is(out[i], "auth") && i + 2 < out.length) {
                    out[i + 1] = REDACTED;
                    out[i + 2] = REDACTED;
                    i += 2;
                } else if (Bytes.is(out[i], "setname")) {
                    i++;
                }
            }
            return out;
        }
        return argv;
    }

    /** The whole status line, "+...\r\n". */
    static byte[] format(Instant when, int db, String peer, byte[][] argv) {
        ByteArrayOutputStream b = new ByteArrayOutputStream(64);
        String head = String.format("+%d.%06d [%d %s] ", when.getEpochSecond(), when.getNano() / 1000, db, peer);
        b.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < argv.length; i++) {
            if (i > 0) b.write(' ');
            repr(b, argv[i]);
        }
        b.write('\r');
        b.write('\n');
        return b.toByteArray();
    }

    /** sdscatrepr: a double-quoted, escaped form of arbitrary bytes. */
    static void repr(ByteArrayOutputStream b, byte[] s) {
        b.writeBytes(vigil.resp.Repr.of(s).getBytes(StandardCharsets.US_ASCII));
    }
}
