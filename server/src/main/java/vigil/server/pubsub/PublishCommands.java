package vigil.server.pubsub;

import vigil.resp.server.command.CommandTable;
import vigil.resp.server.pubsub.PubSubCommands;
import vigil.resp.server.pubsub.Subscriptions;
import vigil.server.node.Client;
import vigil.server.node.VigilServer;

/**
 * The node's pub/sub commands: SUBSCRIBE and the introspection from the RESP core, and PUBLISH /
 * SPUBLISH, which the node propagates to its replicas (publishCommand).
 */
public final class PublishCommands {
    private PublishCommands() {
    }

    /** Sees every PUBLISH run on this node (the replication fence reads sentinel hellos). */
    public interface PublishObserver {
        void published(byte[] channel, byte[] message);
    }

    public static void register(CommandTable<Client> t, VigilServer server, PublishObserver observer) {
        Subscriptions<Client> ps = server.pubsub.subscriptions;
        PubSubCommands.registerSubscribe(t, ps);
        t.add("publish", 3, "pubsub loading stale fast", 0, 0, 0, "pubsub", (c, argv) -> {
            c.out.integer(ps.publish(argv[1], argv[2]));
            server.dispatcher.forcePropagation();   // replicas' subscribers get it too (publishCommand)
            observer.published(argv[1], argv[2]);
        });
        PubSubCommands.registerShardAndIntrospection(t, ps);
        t.add("spublish", 3, "pubsub loading stale fast", 1, 1, 1, "pubsub", (c, argv) -> {
            c.out.integer(ps.publishShard(argv[1], argv[2]));
            server.dispatcher.forcePropagation();
        });
    }
}
