package vigil.resp.server.pubsub;

import vigil.resp.server.session.Session;
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
import java.util.function.Consumer;
import java.util.function.ObjIntConsumer;

/**
 * Channel, pattern and shard-channel subscriptions and message delivery, RESP2 arrays or RESP3
 * pushes (the node's PUBLISH, SPUBLISH and keyspace notifications; the sentinel's events). Owned
 * by the server's event loop. A message for another client goes into its reply buffer and the
 * server's delivery hook gets it out (the node flushes at the end of the event-loop turn, so a
 * publisher never waits for its subscribers).
 */
public final class Subscriptions<S extends Session> {
    /** Regular channels or shard channels: the two namespaces with their reply words. */
    public enum Kind {
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

    private final ObjIntConsumer<S> deliver;
    private final Map<ByteKey, Set<S>> channels = new HashMap<>();
    private final Map<ByteKey, Set<S>> shardChannels = new HashMap<>();
    private final Map<ByteKey, Set<S>> patterns = new LinkedHashMap<>();

    /** {@code deliver}: gets a subscriber's reply buffer, now holding a message, to its socket. */
    public Subscriptions(Consumer<S> deliver) {
        this((r, mark) -> deliver.accept(r));
    }

    /**
     * {@code deliver} also gets where the message starts in the subscriber's reply buffer (the
     * node's zero-loss mode queues it behind the subscriber's held replies).
     */
    public Subscriptions(ObjIntConsumer<S> deliver) {
        this.deliver = deliver;
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
        Set<S> subs = channels.get(new ByteKey(channel));
        if (subs != null) {
            for (S r : subs) {
                int mark = r.out.size();
                r.out.push(3).bulk(Kind.CHANNEL.message).bulk(channel).bulk(message);
                deliver(r, mark);
                receivers++;
            }
        }
        if (!patterns.isEmpty()) {
            for (Map.Entry<ByteKey, Set<S>> e : patterns.entrySet()) {
                byte[] pattern = e.getKey().bytes;
                if (!Bytes.globMatch(pattern, channel, false)) continue;
                for (S r : e.getValue()) {
                    int mark = r.out.size();
                    r.out.push(4).bulk(PMESSAGE).bulk(pattern).bulk(channel).bulk(message);
                    deliver(r, mark);
                    receivers++;
                }
            }
        }
        return receivers;
    }

    /** SPUBLISH: delivers to the shard channel's subscribers only. */
    public long publishShard(byte[] channel, byte[] message) {
        Set<S> subs = shardChannels.get(new ByteKey(channel));
        if (subs == null) return 0;
        for (S r : subs) {
            int mark = r.out.size();
            r.out.push(3).bulk(Kind.SHARD.message).bulk(channel).bulk(message);
            deliver(r, mark);
        }
        return subs.size();
    }

    private void deliver(S r, int mark) {
        deliver.accept(r, mark);
    }

    // ---- subscriptions (each call writes the confirmation reply Redis sends) ----

    public void subscribe(S c, byte[] channel, Kind kind) {
        ByteKey k = new ByteKey(channel);
        Set<ByteKey> mine = kind == Kind.SHARD ? c.shardChannels : c.channels;
        if (mine.add(k)) {
            index(kind).computeIfAbsent(k, x -> new LinkedHashSet<>()).add(c);
        }
        confirm(c, kind.subscribe, channel, count(c, kind));
    }

    public void unsubscribe(S c, byte[] channel, Kind kind, boolean notify) {
        ByteKey k = new ByteKey(channel);
        Set<ByteKey> mine = kind == Kind.SHARD ? c.shardChannels : c.channels;
        if (mine.remove(k)) removeFrom(index(kind), k, c);
        if (notify) confirm(c, kind.unsubscribe, channel, count(c, kind));
    }

    /** UNSUBSCRIBE / SUNSUBSCRIBE without arguments: every channel, or a null one when there is none. */
    public void unsubscribeAll(S c, Kind kind, boolean notify) {
        Set<ByteKey> mine = kind == Kind.SHARD ? c.shardChannels : c.channels;
        if (mine.isEmpty()) {
            if (notify) confirm(c, kind.unsubscribe, null, count(c, kind));
            return;
        }
        for (ByteKey k : new ArrayList<>(mine)) unsubscribe(c, k.bytes, kind, notify);
    }

    public void psubscribe(S c, byte[] pattern) {
        ByteKey k = new ByteKey(pattern);
        if (c.patterns.add(k)) patterns.computeIfAbsent(k, x -> new LinkedHashSet<>()).add(c);
        confirm(c, PSUBSCRIBE, pattern, c.subscriptionCount());
    }

    public void punsubscribe(S c, byte[] pattern, boolean notify) {
        ByteKey k = new ByteKey(pattern);
        if (c.patterns.remove(k)) removeFrom(patterns, k, c);
        if (notify) confirm(c, PUNSUBSCRIBE, pattern, c.subscriptionCount());
    }

    public void punsubscribeAll(S c, boolean notify) {
        if (c.patterns.isEmpty()) {
            if (notify) confirm(c, PUNSUBSCRIBE, null, c.subscriptionCount());
            return;
        }
        for (ByteKey k : new ArrayList<>(c.patterns)) punsubscribe(c, k.bytes, notify);
    }

    /** Drops every subscription silently (disconnect, RESET). */
    public void forget(S c) {
        unsubscribeAll(c, Kind.CHANNEL, false);
        unsubscribeAll(c, Kind.SHARD, false);
        punsubscribeAll(c, false);
    }

    // ---- PUBSUB introspection ----

    public List<byte[]> channelNames(byte[] pattern, boolean shard) {
        List<byte[]> out = new ArrayList<>();
        for (ByteKey k : (shard ? shardChannels : channels).keySet()) {
            if (pattern == null || Bytes.globMatch(pattern, k.bytes, false)) out.add(k.bytes);
        }
        return out;
    }

    public int subscribers(byte[] channel, boolean shard) {
        Set<S> s = (shard ? shardChannels : channels).get(new ByteKey(channel));
        return s == null ? 0 : s.size();
    }

    private Map<ByteKey, Set<S>> index(Kind kind) {
        return kind == Kind.SHARD ? shardChannels : channels;
    }

    private static int count(Session c, Kind kind) {
        return kind == Kind.SHARD ? c.shardChannels.size() : c.subscriptionCount();
    }

    private void removeFrom(Map<ByteKey, Set<S>> index, ByteKey k, S c) {
        Set<S> s = index.get(k);
        if (s == null) return;
        s.remove(c);
        if (s.isEmpty()) index.remove(k);
    }

    private static void confirm(Session c, byte[] kind, byte[] name, long count) {
        c.out.push(3).bulk(kind);
        if (name == null) c.out.nullBulk();
        else c.out.bulk(name);
        c.out.integer(count);
    }
}
