package vigil.server.pubsub;

import vigil.server.VigilServer;
import vigil.server.client.Client;
import vigil.util.ByteKey;
import vigil.util.Bytes;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Channel, pattern and shard-channel subscriptions and message delivery (PUBLISH, SPUBLISH,
 * keyspace notifications, sentinel hellos). Owned by the keyspace thread. A message for another
 * client goes into its reply buffer and the client is marked for flushing at the end of the
 * event-loop turn, so a publisher never waits for its subscribers.
 */
public final class PubSub {
    /** Regular channels or shard channels: the two namespaces with their reply words. */
    enum Kind {
        CHANNEL("subscribe", "unsubscribe", "message"),
        SHARD("ssubscribe", "sunsubscribe", "smessage");

        final byte[] subscribe;
        final byte[] unsubscribe;
        final byte[] message;

        Kind(String sub, String unsub, String message) {
            this.subscribe = sub.getBytes(StandardCharsets.US_ASCII);
            this.unsubscribe = unsub.getBytes(StandardCharsets.US_ASCII);
            this.message = message.getBytes(StandardCharsets.US_ASCII);
        }
    }

    private static final byte[] PSUBSCRIBE = Bytes.of("psubscribe");
    private static final byte[] PUNSUBSCRIBE = Bytes.of("punsubscribe");
    private static final byte[] PMESSAGE = Bytes.of("pmessage");

    private final VigilServer server;
    /** Keyspace notifications: commands call {@code server.pubsub.notifications.notify(...)}. */
    public final KeyspaceNotifications notifications;
    private final Map<ByteKey, Set<Client>> channels = new HashMap<>();
    private final Map<ByteKey, Set<Client>> shardChannels = new HashMap<>();
    private final Map<ByteKey, Set<Client>> patterns = new LinkedHashMap<>();

    public PubSub(VigilServer server) {
        this.server = server;
        this.notifications = new KeyspaceNotifications(server);
        server.onClientRemoved(this::forget);
        server.onClientReset(this::forget);
    }

    /** Channels with at least one subscriber (INFO stats pubsub_channels). */
    public int channelCount() {
        return channels.size();
    }

    /** Distinct patterns subscribed (INFO stats pubsub_patterns). */
    public int patternCount() {
        return patterns.size();
    }

    /** Shard channels with at least one subscriber (INFO stats pubsubshard_channels). */
    public int shardChannelCount() {
        return shardChannels.size();
    }

    /** Delivers a message; returns the number of receivers (PUBLISH's reply). */
    public long publish(byte[] channel, byte[] message) {
        long receivers = 0;
        Set<Client> subs = channels.get(new ByteKey(channel));
        if (subs != null) {
            for (Client r : subs) {
                r.out.push(3).bulk(Kind.CHANNEL.message).bulk(channel).bulk(message);
                deliver(r);
                receivers++;
            }
        }
        if (!patterns.isEmpty()) {
            for (Map.Entry<ByteKey, Set<Client>> e : patterns.entrySet()) {
                byte[] pattern = e.getKey().bytes;
                if (!Bytes.globMatch(pattern, channel, false)) continue;
                for (Client r : e.getValue()) {
                    r.out.push(4).bulk(PMESSAGE).bulk(pattern).bulk(channel).bulk(message);
                    deliver(r);
                    receivers++;
                }
            }
        }
        return receivers;
    }

    /** SPUBLISH: delivers to the shard channel's subscribers only. */
    public long publishShard(byte[] channel, byte[] message) {
        Set<Client> subs = shardChannels.get(new ByteKey(channel));
        if (subs == null) return 0;
        for (Client r : subs) {
            r.out.push(3).bulk(Kind.SHARD.message).bulk(channel).bulk(message);
            deliver(r);
        }
        return subs.size();
    }

    private void deliver(Client r) {
        server.markPendingWrite(r);
    }

    // ---- subscriptions (each call writes the confirmation reply Redis sends) ----

    void subscribe(Client c, byte[] channel, Kind kind) {
        ByteKey k = new ByteKey(channel);
        Set<ByteKey> mine = kind == Kind.SHARD ? c.shardChannels : c.channels;
        if (mine.add(k)) {
            index(kind).computeIfAbsent(k, x -> new LinkedHashSet<>()).add(c);
        }
        confirm(c, kind.subscribe, channel, count(c, kind));
    }

    void unsubscribe(Client c, byte[] channel, Kind kind, boolean notify) {
        ByteKey k = new ByteKey(channel);
        Set<ByteKey> mine = kind == Kind.SHARD ? c.shardChannels : c.channels;
        if (mine.remove(k)) removeFrom(index(kind), k, c);
        if (notify) confirm(c, kind.unsubscribe, channel, count(c, kind));
    }

    /** UNSUBSCRIBE / SUNSUBSCRIBE without arguments: every channel, or a null one when there is none. */
    void unsubscribeAll(Client c, Kind kind, boolean notify) {
        Set<ByteKey> mine = kind == Kind.SHARD ? c.shardChannels : c.channels;
        if (mine.isEmpty()) {
            if (notify) confirm(c, kind.unsubscribe, null, count(c, kind));
            return;
        }
        for (ByteKey k : new ArrayList<>(mine)) unsubscribe(c, k.bytes, kind, notify);
    }

    void psubscribe(Client c, byte[] pattern) {
        ByteKey k = new ByteKey(pattern);
        if (c.patterns.add(k)) patterns.computeIfAbsent(k, x -> new LinkedHashSet<>()).add(c);
        confirm(c, PSUBSCRIBE, pattern, c.subscriptionCount());
    }

    void punsubscribe(Client c, byte[] pattern, boolean notify) {
        ByteKey k = new ByteKey(pattern);
        if (c.patterns.remove(k)) removeFrom(patterns, k, c);
        if (notify) confirm(c, PUNSUBSCRIBE, pattern, c.subscriptionCount());
    }

    void punsubscribeAll(Client c, boolean notify) {
        if (c.patterns.isEmpty()) {
            if (notify) confirm(c, PUNSUBSCRIBE, null, c.subscriptionCount());
            return;
        }
        for (ByteKey k : new ArrayList<>(c.patterns)) punsubscribe(c, k.bytes, notify);
    }

    /** Drops every subscription silently (disconnect, RESET). */
    private void forget(Client c) {
        unsubscribeAll(c, Kind.CHANNEL, false);
        unsubscribeAll(c, Kind.SHARD, false);
        punsubscribeAll(c, false);
    }

    // ---- PUBSUB introspection ----

    List<byte[]> channelNames(byte[] pattern, boolean shard) {
        List<byte[]> out = new ArrayList<>();
        for (ByteKey k : (shard ? shardChannels : channels).keySet()) {
            if (pattern == null || Bytes.globMatch(pattern, k.bytes, false)) out.add(k.bytes);
        }
        return out;
    }

    int subscribers(byte[] channel, boolean shard) {
        Set<Client> s = (shard ? shardChannels : channels).get(new ByteKey(channel));
        return s == null ? 0 : s.size();
    }

    private Map<ByteKey, Set<Client>> index(Kind kind) {
        return kind == Kind.SHARD ? shardChannels : channels;
    }

    private static int count(Client c, Kind kind) {
        return kind == Kind.SHARD ? c.shardChannels.size() : c.subscriptionCount();
    }

    private static void removeFrom(Map<ByteKey, Set<Client>> index, ByteKey k, Client c) {
        Set<Client> s = index.get(k);
        if (s == null) return;
        s.remove(c);
        if (s.isEmpty()) index.remove(k);
    }

    private static void confirm(Client c, byte[] kind, byte[] name, long count) {
        c.out.push(3).bulk(kind);
        if (name == null) c.out.nullBulk();
        else c.out.bulk(name);
        c.out.integer(count);
    }
}
