package vigil.server.pubsub;

import vigil.server.VigilServer;
import vigil.server.client.Client;
import vigil.resp.server.command.CommandSpec;
import vigil.resp.server.command.CommandTable;

import java.util.List;

/**
 * SUBSCRIBE, UNSUBSCRIBE, PSUBSCRIBE, PUNSUBSCRIBE, PUBLISH, the shard variants (which in
 * non-cluster mode are a second channel namespace, as in Redis 7.0) and PUBSUB introspection.
 */
public final class PubSubCommands {
    private PubSubCommands() {
    }

    static final String[] HELP = {
            "PUBSUB <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "CHANNELS [<pattern>]",
            "    Return the currently active channels matching a <pattern> (default: '*').",
            "NUMPAT",
            "    Return number of subscriptions to patterns.",
            "NUMSUB [<channel> ...]",
            "    Return the number of subscribers for the specified channels, excluding",
            "    pattern subscriptions(default: no channels).",
            "SHARDCHANNELS [<pattern>]",
            "    Return the currently active shard level channels matching a <pattern> (default: '*').",
            "SHARDNUMSUB [<shardchannel> ...]",
            "    Return the number of subscribers for the specified shard level channel(s)",
            "HELP",
            "    Prints this help.",
    };

    public static void register(CommandTable<Client> t, VigilServer server) {
        PubSub ps = server.pubsub;
        t.add("subscribe", -2, "pubsub noscript loading stale", 0, 0, 0, "pubsub", (c, argv) -> {
            for (int i = 1; i < argv.length; i++) ps.subscribe(c, argv[i], PubSub.Kind.CHANNEL);
        });
        t.add("unsubscribe", -1, "pubsub noscript loading stale", 0, 0, 0, "pubsub", (c, argv) -> {
            if (argv.length == 1) ps.unsubscribeAll(c, PubSub.Kind.CHANNEL, true);
            for (int i = 1; i < argv.length; i++) ps.unsubscribe(c, argv[i], PubSub.Kind.CHANNEL, true);
        });
        t.add("psubscribe", -2, "pubsub noscript loading stale", 0, 0, 0, "pubsub", (c, argv) -> {
            for (int i = 1; i < argv.length; i++) ps.psubscribe(c, argv[i]);
        });
        t.add("punsubscribe", -1, "pubsub noscript loading stale", 0, 0, 0, "pubsub", (c, argv) -> {
            if (argv.length == 1) ps.punsubscribeAll(c, true);
            for (int i = 1; i < argv.length; i++) ps.punsubscribe(c, argv[i], true);
        });
        t.add("publish", 3, "pubsub loading stale fast", 0, 0, 0, "pubsub",
                (c, argv) -> {
                    c.out.integer(ps.publish(argv[1], argv[2]));
                    server.dispatcher.forcePropagation();   // replicas' subscribers get it too (publishCommand)
                });
        t.add("ssubscribe", -2, "pubsub noscript loading stale", 1, -1, 1, "pubsub", (c, argv) -> {
            for (int i = 1; i < argv.length; i++) ps.subscribe(c, argv[i], PubSub.Kind.SHARD);
        });
        t.add("sunsubscribe", -1, "pubsub noscript loading stale", 1, -1, 1, "pubsub", (c, argv) -> {
            if (argv.length == 1) ps.unsubscribeAll(c, PubSub.Kind.SHARD, true);
            for (int i = 1; i < argv.length; i++) ps.unsubscribe(c, argv[i], PubSub.Kind.SHARD, true);
        });
        t.add("spublish", 3, "pubsub loading stale fast", 1, 1, 1, "pubsub",
                (c, argv) -> {
                    c.out.integer(ps.publishShard(argv[1], argv[2]));
                    server.dispatcher.forcePropagation();
                });

        CommandSpec<Client> pubsub = t.container("pubsub", "", "pubsub");
        pubsub.sub("channels", -2, "pubsub loading stale", 0, 0, 0, (c, argv) -> channels(ps, c, argv, false));
        pubsub.sub("shardchannels", -2, "pubsub loading stale", 0, 0, 0, (c, argv) -> channels(ps, c, argv, true));
        pubsub.sub("numsub", -2, "pubsub loading stale", 0, 0, 0, (c, argv) -> numsub(ps, c, argv, false));
        pubsub.sub("shardnumsub", -2, "pubsub loading stale", 0, 0, 0, (c, argv) -> numsub(ps, c, argv, true));
        pubsub.sub("numpat", 2, "pubsub loading stale", 0, 0, 0, (c, argv) -> c.out.integer(ps.patternCount()));
        pubsub.sub("help", 2, "loading stale", 0, 0, 0, (c, argv) -> help(c, HELP));
    }

    private static void channels(PubSub ps, Client c, byte[][] argv, boolean shard) {
        if (argv.length > 3) {
            c.out.error("ERR unknown subcommand or wrong number of arguments for '"
                    + vigil.util.Bytes.str(argv[1]) + "'. Try PUBSUB HELP.");
            return;
        }
        List<byte[]> names = ps.channelNames(argv.length == 3 ? argv[2] : null, shard);
        c.out.array(names.size());
        for (byte[] n : names) c.out.bulk(n);
    }

    private static void numsub(PubSub ps, Client c, byte[][] argv, boolean shard) {
        c.out.array((argv.length - 2) * 2);
        for (int i = 2; i < argv.length; i++) c.out.bulk(argv[i]).integer(ps.subscribers(argv[i], shard));
    }

    /** Redis's addReplyHelp: an array of status lines. */
    public static void help(Client c, String[] lines) {
        c.out.array(lines.length);
        for (String l : lines) c.out.simple(l);
    }
}
