package vigil.server.persistence;

import vigil.server.snapshot.SnapshotSink;
import vigil.server.keys.ValueKind;
import vigil.server.keys.ValueKinds;
import vigil.server.keyspace.Keyspace;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A sink that checks the emission protocol as it goes (begin first, dbs ascending and grouped,
 * each key once, the announced sizes kept, end last) and records every key as a fingerprint
 * taken during the call, as an RDB writer serializes during the call. Protocol violations are
 * collected (never thrown into the node's thread) and checked by {@link #assertContent}.
 */
class RecordingSink implements SnapshotSink {
    /** db index -> key -> fingerprint, the snapshot's content. */
    final Map<Integer, Map<String, String>> content = new TreeMap<>();
    final List<String> events = new ArrayList<>();
    private int currentDb = -1;
    private int lastDb = -1;
    private int announced;
    private int announcedVolatile;
    private int seenVolatile;
    boolean begun;
    boolean ended;
    Throwable abortedWith;
    boolean aborted;
    final List<String> problems = new ArrayList<>();

    private void check(boolean ok, String problem) {
        if (!ok) problems.add(problem);
    }

    @Override
    public void begin(int dbCount) {
        check(!begun, "begin twice");
        begun = true;
        events.add("begin " + dbCount);
    }

    @Override
    public void beginDb(int dbIndex, int size, int expiresSize) {
        check(begun && !ended, "beginDb outside begin/end");
        check(currentDb == -1, "beginDb inside db " + currentDb);
        check(dbIndex > lastDb, "dbs out of order: " + dbIndex + " after " + lastDb);
        check(size > 0, "empty db announced");
        currentDb = dbIndex;
        announced = size;
        announcedVolatile = expiresSize;
        seenVolatile = 0;
        content.put(dbIndex, new TreeMap<>());
        events.add("beginDb " + dbIndex + " " + size + " " + expiresSize);
    }

    @Override
    public void key(int dbIndex, byte[] key, Object value, long expireAtMs) {
        check(currentDb == dbIndex, "key of db " + dbIndex + " emitted inside db " + currentDb);
        if (!content.containsKey(dbIndex)) return;
        String k = new String(key, StandardCharsets.ISO_8859_1);
        String prev = content.get(dbIndex).put(k, fingerprint(value, expireAtMs));
        check(prev == null, "key emitted twice: " + k);
        if (expireAtMs >= 0) seenVolatile++;
        events.add("key " + dbIndex + " " + k);
    }

    @Override
    public void endDb(int dbIndex) {
        check(currentDb == dbIndex, "endDb " + dbIndex + " inside db " + currentDb);
        check(content.containsKey(dbIndex) && announced == content.get(dbIndex).size(), "db " + dbIndex + " size differs from beginDb's " + announced);
        check(announcedVolatile == seenVolatile, "db " + dbIndex + " keys with a TTL: " + seenVolatile + ", announced " + announcedVolatile);
        lastDb = dbIndex;
        currentDb = -1;
        events.add("endDb " + dbIndex);
    }

    @Override
    public void end() {
        check(currentDb == -1, "end inside a db");
        ended = true;
        events.add("end");
    }

    @Override
    public void aborted(Throwable cause) {
        aborted = true;
        abortedWith = cause;
        events.add("aborted");
    }

    /** Type, content digest (Redis's DEBUG DIGEST-VALUE algorithm) and TTL of a value. */
    static String fingerprint(Object value, long expireAtMs) {
        ValueKind kind = ValueKinds.of(value);
        byte[] digest = new byte[20];
        kind.digest(digest, value);
        return kind.typeName() + ":" + HexFormat.of().formatHex(digest) + ":" + expireAtMs;
    }

    /** The keyspace's content now, fingerprinted the same way (empty dbs left out, as the snapshot does). */
    static Map<Integer, Map<String, String>> capture(Keyspace ks) {
        Map<Integer, Map<String, String>> out = new TreeMap<>();
        for (int i = 0; i < ks.size(); i++) {
            if (ks.db(i).size() == 0) continue;
            Map<String, String> m = new TreeMap<>();
            ks.db(i).dict().forEach(n -> m.put(new String(n.key, StandardCharsets.ISO_8859_1), fingerprint(n.value, n.expireAt)));
            out.put(i, m);
        }
        return out;
    }

    /** Asserts the recorded content equals the expected one, naming the first differences. */
    void assertContent(Map<Integer, Map<String, String>> expected) {
        assertEquals(List.of(), problems, "emission protocol");
        assertTrue(ended, "snapshot did not end: " + (aborted ? "aborted " + abortedWith : "still running"));
        if (expected.equals(content)) return;
        StringBuilder sb = new StringBuilder();
        int shown = 0;
        for (int db : new java.util.TreeSet<>(union(expected.keySet(), content.keySet()))) {
            Map<String, String> e = expected.getOrDefault(db, Map.of()), a = content.getOrDefault(db, Map.of());
            for (String k : union(e.keySet(), a.keySet())) {
                if (!java.util.Objects.equals(e.get(k), a.get(k)) && shown++ < 10) {
                    sb.append("\n db ").append(db).append(" key ").append(k).append(": expected ").append(e.get(k)).append(", got ").append(a.get(k));
                }
            }
        }
        fail("snapshot differs from the keyspace at its start:" + sb);
    }

    private static <T> java.util.Set<T> union(java.util.Set<T> a, java.util.Set<T> b) {
        java.util.Set<T> s = new java.util.TreeSet<>(a);
        s.addAll(b);
        return s;
    }
}
