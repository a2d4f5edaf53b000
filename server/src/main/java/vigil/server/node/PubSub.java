package vigil.server.node;

import vigil.resp.server.pubsub.Subscriptions;

/**
 * The node's pub/sub: the shared {@link Subscriptions} (a message for another client is flushed
 * at the end of the event-loop turn) and keyspace notifications. The commands (SUBSCRIBE, PUBLISH,
 * ...) are {@code vigil.server.pubsub.PublishCommands}.
 */
public final class PubSub {
    public final Subscriptions<Client> subscriptions;
    /** Keyspace notifications: commands call {@code server.pubsub.notifications.notify(...)}. */
    public final KeyspaceNotifications notifications;

    /** Zero-loss mode: a message may have to wait behind the subscriber's held replies (set by the assembly). */
    private java.util.function.ObjIntConsumer<Client> pushed = (c, mark) -> { };

    public PubSub(VigilServer server) {
        this.subscriptions = new Subscriptions<>((c, mark) -> {
            pushed.accept(c, mark);
            server.markPendingWrite(c);
        });
        this.notifications = new KeyspaceNotifications(server);
    }

    /** {@code hook(client, mark)}: a message now sits in the client's reply buffer from {@code mark}. */
    public void onPushed(java.util.function.ObjIntConsumer<Client> hook) {
        this.pushed = hook;
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
}
