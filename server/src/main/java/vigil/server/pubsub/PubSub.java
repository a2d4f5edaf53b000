package vigil.server.pubsub;

import vigil.server.VigilServer;

/**
 * Channel and pattern subscriptions and message delivery (PUBLISH, keyspace notifications,
 * sentinel hellos). Owned by the keyspace thread.
 */
public final class PubSub {
    private final VigilServer server;

    public PubSub(VigilServer server) {
        this.server = server;
    }

    /** Channels with at least one subscriber (INFO stats pubsub_channels). */
    public int channelCount() {
        return 0;
    }

    /** Distinct patterns subscribed (INFO stats pubsub_patterns). */
    public int patternCount() {
        return 0;
    }

    /** Delivers a message; returns the number of receivers (PUBLISH's reply). */
    public long publish(byte[] channel, byte[] message) {
        return 0;
    }
}
