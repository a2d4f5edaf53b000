package vigil.sentinel.server;

import vigil.resp.RespWriter;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The sentinel's own pub/sub: clients SUBSCRIBE to event channels (+switch-master, +sdown...) or
 * PSUBSCRIBE to patterns ("*"), and {@link #publish} delivers each event as Redis does
 * (message / pmessage, pushes in RESP3).
 */
final class SentinelPubSub {
    private final Map<String, Set<SentinelConnection>> channels = new LinkedHashMap<>();
    private final Map<String, Set<SentinelConnection>> patterns = new LinkedHashMap<>();

    int channelCount() {
        return channels.size();
    }

    int patternCount() {
        return patterns.size();
    }

    int subscribedClients() {
        Set<SentinelConnection> all = new LinkedHashSet<>();
        channels.values().forEach(all::addAll);
        patterns.values().forEach(all::addAll);
        return all.size();
    }

    void subscribe(SentinelConnection c, byte[][] argv) {
        for (int i = 1; i < argv.length; i++) {
            String ch = SentinelConnection.str(argv[i]);
            if (c.channels.add(ch)) channels.computeIfAbsent(ch, k -> new LinkedHashSet<>()).add(c);
            confirm(c, "subscribe", ch, c);
        }
    }

    void psubscribe(SentinelConnection c, byte[][] argv) {
        for (int i = 1; i < argv.length; i++) {
            String p = SentinelConnection.str(argv[i]);
            if (c.patterns.add(p)) patterns.computeIfAbsent(p, k -> new LinkedHashSet<>()).add(c);
            confirm(c, "psubscribe", p, c);
        }
    }

    void unsubscribe(SentinelConnection c, byte[][] argv) {
        List<String> names = new ArrayList<>();
        if (argv.length == 1) names.addAll(c.channels);
        else for (int i = 1; i < argv.length; i++) names.add(SentinelConnection.str(argv[i]));
        if (names.isEmpty()) {
            confirm(c, "unsubscribe", null, c);
            return;
        }
        for (String ch : names) {
            if (c.channels.remove(ch)) drop(channels, ch, c);
            confirm(c, "unsubscribe", ch, c);
        }
    }

    void punsubscribe(SentinelConnection c, byte[][] argv) {
        List<String> names = new ArrayList<>();
        if (argv.length == 1) names.addAll(c.patterns);
        else for (int i = 1; i < argv.length; i++) names.add(SentinelConnection.str(argv[i]));
        if (names.isEmpty()) {
            confirm(c, "punsubscribe", null, c);
            return;
        }
        for (String p : names) {
            if (c.patterns.remove(p)) drop(patterns, p, c);
            confirm(c, "punsubscribe", p, c);
        }
    }

    void unsubscribeAll(SentinelConnection c) {
        for (String ch : c.channels) drop(channels, ch, c);
        for (String p : c.patterns) drop(patterns, p, c);
        c.channels.clear();
        c.patterns.clear();
    }

    private static void drop(Map<String, Set<SentinelConnection>> m, String key, SentinelConnection c) {
        Set<SentinelConnection> s = m.get(key);
        if (s == null) return;
        s.remove(c);
        if (s.isEmpty()) m.remove(key);
    }

    private static void confirm(SentinelConnection c, String kind, String name, SentinelConnection who) {
        RespWriter w = c.out;
        w.push(3);
        w.bulk(kind);
        if (name == null) w.nullBulk();
        else w.bulk(name);
        w.integer(who.channels.size() + who.patterns.size());
    }

    /** Delivers to channel subscribers, then pattern subscribers; returns how many received it. */
    int publish(String channel, String message) {
        int n = 0;
        Set<SentinelConnection> subs = channels.get(channel);
        if (subs != null) {
            for (SentinelConnection c : subs) {
                c.out.push(3).bulk("message").bulk(channel).bulk(message);
                c.flush();
                n++;
            }
        }
        for (Map.Entry<String, Set<SentinelConnection>> e : patterns.entrySet()) {
            if (!vigil.util.Glob.match(e.getKey(), channel)) continue;
            for (SentinelConnection c : e.getValue()) {
                c.out.push(4).bulk("pmessage").bulk(e.getKey()).bulk(channel).bulk(message);
                c.flush();
                n++;
            }
        }
        return n;
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
