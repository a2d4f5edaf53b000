package vigil.server.node;

import vigil.resp.server.command.CommandTable;
import vigil.resp.server.pubsub.PubSubCommands;
import vigil.resp.server.pubsub.Subscriptions;
/**
 * The node's pub/sub: the shared {@link Subscriptions} (a message for another client is flushed
 * at the end of the event-loop turn), keyspace notifications, and PUBLISH / SPUBLISH, which the
 * node propagates to its replicas.
 */
public final class PubSub {
    public final Subscriptions<Client> subscriptions;
    /** Keyspace notifications: commands call {@code server.pubsub.notifications.notify(...)}. */
    public final KeyspaceNotifications notifications;

    public PubSub(VigilServer server) {
        this.subscriptions = new Subscriptions<>(server::markPendingWrite);
        this.notifications = new KeyspaceNotifications(server);
    }

    public int channelCount() {
        return subscriptions.channelCount();
    }

    public int patternCount() {
        return subscriptions.patternCount();
    }

    public int shardChannelCount() {
        return subscriptions.shardChannelCount();
    }

    /** Drops every subscription silently (disconnect, RESET). */
    public void forget(Client c) {
        subscriptions.forget(c);
    }

    /** Delivers a message; returns the number of receivers (PUBLISH's reply). */
    public long publish(byte[] channel, byte[] message) {
        return subscriptions.publish(channel, message);
    }

    public static void register(CommandTable<Client> t, VigilServer server) {
        Subscriptions<Client> ps = server.pubsub.subscriptions;
        PubSubCommands.registerSubscribe(t, ps);
        t.add("publish", 3, "pubsub loading stale fast", 0, 0, 0, "pubsub", (c, argv) -> {
            c.out.integer(ps.publish(argv[1], argv[2]));
            server.dispatcher.forcePropagation();   // replicas' subscribers get it too (publishCommand)
        });
        PubSubCommands.registerShardAndIntrospection(t, ps);
        t.add("spublish", 3, "pubsub loading stale fast", 1, 1, 1, "pubsub", (c, argv) -> {
            c.out.integer(ps.publishShard(argv[1], argv[2]));
            server.dispatcher.forcePropagation();
        });
    }
}
