package vigil.server.client;

import vigil.server.node.Client;
import vigil.resp.server.command.CommandFlag;
import vigil.resp.server.command.CommandSpec;
import vigil.server.node.VigilServer;
import vigil.resp.server.command.CommandFlag;
import vigil.resp.server.command.CommandSpec;
import vigil.server.net.NodeServer;

import java.util.ArrayList;
import java.util.List;

/**
 * CLIENT PAUSE / UNPAUSE. While paused, a command that must wait (every command in ALL mode,
 * writes and EXECs of queued writes in WRITE mode) is held: the client is suspended and its
 * socket stops reading, so its later commands stay in order behind it. When the pause ends (the
 * cron notices the deadline, or UNPAUSE) the held commands run in arrival order and each client
 * goes on with its buffered input. Replica links are never paused, as in Redis.
 */
public final class ClientPause {
    public enum Mode { NONE, WRITE, ALL }

    private record Held(Client client, byte[][] argv) { }

    private final VigilServer server;
    private final List<Held> held = new ArrayList<>();
    private Mode mode = Mode.NONE;
    private long endMs;
    /** FAILOVER's own write pause (PAUSE_DURING_FAILOVER): CLIENT UNPAUSE does not end it. */
    private boolean failoverPause;

    public ClientPause(VigilServer server) {
        this.server = server;
    }

    /** freeClient: a held client whose connection is gone is dropped. */
    public void forget(Client c) {
        held.removeIf(h -> h.client == c);
    }

    public Mode mode() {
        return mode;
    }

    /** Pauses until {@code endMs}; a longer or stronger pause wins over the current one. */
    void pause(long endMs, Mode m) {
        if (m.ordinal() > mode.ordinal()) mode = m;
        if (endMs > this.endMs) this.endMs = endMs;
    }

    /** FAILOVER pauses writes while it runs, and resumes them (held writes then run) when it ends. */
    public void pauseForFailover(boolean on) {
        failoverPause = on;
        if (!on && mode == Mode.NONE && !held.isEmpty()) server.scheduler.runLater(this::runHeld);
    }

    /** Ends the pause; the held commands run in a later turn of the event loop, as in Redis. */
    void unpause() {
        mode = Mode.NONE;
        endMs = 0;
        if (held.isEmpty()) return;
        server.scheduler.runLater(this::runHeld);
    }

    private void runHeld() {
        if (mode != Mode.NONE || failoverPause || held.isEmpty()) return;
        List<Held> run = new ArrayList<>(held);
        held.clear();
        for (Held h : run) {
            Client c = h.client;
            if (c.closed) continue;
            c.suspended = false;
            c.conn.setReading(true);
            server.dispatcher.process(c, h.argv);
            server.processInput(c);   // its buffered commands, then the flush
        }
    }

    /** clientsCron's part: a pause past its end time ends, and held commands run. */
    public void checkDeadline() {
        if (mode != Mode.NONE && server.clock.getAsLong() >= endMs) unpause();
        runHeld();
    }

    /** blockPostponeClient: holds the command while the pause lasts; true when it took it. */
    public boolean postpone(Client c, CommandSpec<Client> cmd, byte[][] argv) {
        if (mode == Mode.NONE && !failoverPause) return false;
        if (mode != Mode.NONE && server.clock.getAsLong() >= endMs) {
            unpause();
            if (!failoverPause) return false;
        }
        if (c.isInternal() || (c.flags & (Client.FLAG_REPLICA | Client.FLAG_MASTER)) != 0) return false;
        if (mode != Mode.ALL && !mayReplicate(c, cmd)) return false;
        c.suspended = true;
        c.conn.setReading(false);
        held.add(new Held(c, argv));
        return true;
    }

    private boolean mayReplicate(Client c, CommandSpec<Client> cmd) {
        if (cmd.isWrite() || cmd.has(CommandFlag.MAY_REPLICATE)) return true;
        if (cmd.parent == null && cmd.name.equals("exec")) {
            for (byte[][] q : c.queued) {
                CommandSpec<Client> s = server.commands.lookup(q[0]);
                if (s == null) continue;
                if (!s.subcommands.isEmpty() && q.length > 1) {
                    CommandSpec<Client> sub = s.subcommands.get(vigil.util.Bytes.lower(q[1]));
                    if (sub != null) s = sub;
                }
                if (s.isWrite() || s.has(CommandFlag.MAY_REPLICATE)) return true;
            }
        }
        return false;
    }

    /** Clients currently held (INFO's blocked_clients counts them, as Redis counts BLOCKED_POSTPONE). */
    public int heldCount() {
        return held.size();
    }
}
