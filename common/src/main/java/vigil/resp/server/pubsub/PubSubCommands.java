package vigil.resp.server.pubsub;

import vigil.resp.server.command.CommandSpec;
import vigil.resp.server.command.CommandTable;
import vigil.resp.server.command.Replies;
import vigil.resp.server.pubsub.Subscriptions.Kind;
import vigil.resp.server.session.Session;
import vigil.util.Bytes;

import java.util.List;

/**
 * SUBSCRIBE, UNSUBSCRIBE, PSUBSCRIBE, PUNSUBSCRIBE (the node's and the sentinel's), and the
 * shard variants (which in non-cluster mode are a second channel namespace, as in Redis 7.0) and
 * PUBSUB introspection, which only the node has. PUBLISH is each server's own.
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

    private static final String FLAGS = "pubsub noscript loading stale";

    /** SUBSCRIBE, UNSUBSCRIBE, PSUBSCRIBE, PUNSUBSCRIBE. */
    public static <S extends Session> void registerSubscribe(CommandTable<S> t, Subscriptions<S> ps) {
        t.add("subscribe", -2, FLAGS, 0, 0, 0, "pubsub", (c, argv) -> {
            for (int i = 1; i < argv.length; i++) ps.subscribe(c, argv[i], Kind.CHANNEL);
        });
        t.add("unsubscribe", -1, FLAGS, 0, 0, 0, "pubsub", (c, argv) -> {
            if (argv.length == 1) ps.unsubscribeAll(c, Kind.CHANNEL, true);
            for (int i = 1; i < argv.length; i++) ps.unsubscribe(c, argv[i], Kind.CHANNEL, true);
        });
        t.add("psubscribe", -2, FLAGS, 0, 0, 0, "pubsub", (c, argv) -> {
            for (int i = 1; i < argv.length; i++) ps.psubscribe(c, argv[i]);
        });
        t.add("punsubscribe", -1, FLAGS, 0, 0, 0, "pubsub", (c, argv) -> {
            if (argv.length == 1) ps.punsubscribeAll(c, true);
            for (int i = 1; i < argv.length; i++) ps.punsubscribe(c, argv[i], true);
        });
    }

    /** SSUBSCRIBE, SUNSUBSCRIBE and PUBSUB CHANNELS / SHARDCHANNELS / NUMSUB / SHARDNUMSUB / NUMPAT / HELP. */
    public static <S extends Session> void registerShardAndIntrospection(CommandTable<S> t, Subscriptions<S> ps) {
        t.add("ssubscribe", -2, FLAGS, 1, -1, 1, "pubsub", (c, argv) -> {
            for (int i = 1; i < argv.length; i++) ps.subscribe(c, argv[i], Kind.SHARD);
        });
        t.add("sunsubscribe", -1, FLAGS, 1, -1, 1, "pubsub", (c, argv) -> {
            if (argv.length == 1) ps.unsubscribeAll(c, Kind.SHARD, true);
            for (int i = 1; i < argv.length; i++) ps.unsubscribe(c, argv[i], Kind.SHARD, true);
        });
        CommandSpec<S> pubsub = t.container("pubsub", "", "pubsub");
        pubsub.sub("channels", -2, "pubsub loading stale", (c, argv) -> channels(ps, c, argv, false));
        pubsub.sub("shardchannels", -2, "pubsub loading stale", (c, argv) -> channels(ps, c, argv, true));
        pubsub.sub("numsub", -2, "pubsub loading stale", (c, argv) -> numsub(ps, c, argv, false));
        pubsub.sub("shardnumsub", -2, "pubsub loading stale", (c, argv) -> numsub(ps, c, argv, true));
        pubsub.sub("numpat", 2, "pubsub loading stale", (c, argv) -> c.out.integer(ps.patternCount()));
        pubsub.sub("help", 2, "loading stale", (c, argv) -> Replies.help(c.out, HELP));
    }

    private static void channels(Subscriptions<?> ps, Session c, byte[][] argv, boolean shard) {
        if (argv.length > 3) {
            c.out.error("ERR unknown subcommand or wrong number of arguments for '"
                    + Bytes.str(argv[1]) + "'. Try PUBSUB HELP.");
            return;
        }
        List<byte[]> names = ps.channelNames(argv.length == 3 ? argv[2] : null, shard);
        c.out.array(names.size());
        for (byte[] n : names) c.out.bulk(n);
    }

    private static void numsub(Subscriptions<?> ps, Session c, byte[][] argv, boolean shard) {
        c.out.array((argv.length - 2) * 2);
        for (int i = 2; i < argv.length; i++) c.out.bulk(argv[i]).integer(ps.subscribers(argv[i], shard));
    }
}
