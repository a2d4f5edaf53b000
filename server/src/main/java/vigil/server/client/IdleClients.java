package vigil.server.client;

import vigil.server.node.Client;
import vigil.server.node.VigilServer;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code timeout} directive: a cron hook that closes clients idle for longer than that many
 * seconds, except those Redis spares (replica links and monitors, our master, clients waiting
 * on a blocking command or a pause, subscribers). Checked once a second, like clientsCron.
 */
public final class IdleClients {
    private final VigilServer server;
    /** The timeout directive, in seconds (0: never). */
    private final java.util.function.LongSupplier timeoutSeconds;
    private long lastCheckMs;

    public IdleClients(VigilServer server, java.util.function.LongSupplier timeoutSeconds) {
        this.server = server;
        this.timeoutSeconds = timeoutSeconds;
    }

    /** clientsCronHandleTimeout, once a second. */
    public void check() {
        long timeoutMs = timeoutSeconds.getAsLong() * 1000L;
        if (timeoutMs <= 0) return;
        long now = server.clock.getAsLong();
        if (now - lastCheckMs < 1000) return;
        lastCheckMs = now;
        List<Client> idle = new ArrayList<>();
        for (Client c : server.clients.values()) {
            if (exempt(c)) continue;
            if (now - c.lastInteraction > timeoutMs) idle.add(c);
        }
        for (Client c : idle) {
            c.conn.close();
            server.removeClient(c);
        }
    }

    static boolean exempt(Client c) {
        return c.isInternal() || c.monitor || c.suspended
                || (c.flags & (Client.FLAG_REPLICA | Client.FLAG_MASTER)) != 0
                || c.subscriptionCount() > 0 || !c.shardChannels.isEmpty();
    }
}
