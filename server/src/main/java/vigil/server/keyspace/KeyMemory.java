package vigil.server.keyspace;

import java.util.random.RandomGenerator;

/**
 * Byte estimates for keys and the keyspace (MEMORY USAGE, INFO used_memory). The sizes are the
 * HotSpot layouts of a 64-bit JVM with compressed oops and class pointers (12-byte object header,
 * 4-byte references, 8-byte alignment), the layout the bench and production JVMs use. They count
 * what the data holds, not garbage waiting for a collection and not the JVM's own footprint.
 */
public final class KeyMemory {
    /** A {@link Dict.Node}: header, key, value, next, hash, expireAt, accessed, encoding. */
    public static final long NODE = 48;
    /** One bucket slot of a Dict table (a compressed reference). */
    public static final long SLOT = 4;
    /** Keys walked one by one below this count; above it the keyspace estimate is sampled. */
    static final int EXACT_LIMIT = 2048;

    private KeyMemory() {
    }

    /** Bytes of a byte[] of n elements: 16-byte header, rounded up to 8. */
    public static long array(long n) {
        return align(16 + n);
    }

    /** Rounds up to the JVM's 8-byte object alignment. */
    public static long align(long n) {
        return (n + 7) & ~7L;
    }

    /** Elements of a big collection looked at per key in the keyspace estimate. */
    static final int VALUE_SAMPLES = 16;

    /** Bytes of a stored value: a string's array or a collection's own (sampled) estimate. */
    public static long ofValue(Object v, int samples) {
        if (v instanceof byte[] b) return array(b.length);
        if (v instanceof CollectionValue c) return c.estimatedBytes(samples);
        return 0;
    }

    /**
     * MEMORY USAGE's answer: the value, the key's bytes and the entry holding them (and, as in
     * Redis, not the expires entry).
     */
    public static long ofKey(Dict.Node n, int samples) {
        return NODE + SLOT + array(n.key.length) + ofValue(n.value, samples);
    }

    /** One key as it weighs in used_memory: {@link #ofKey} (big values sampled) plus its expires entry when it has one. */
    static long inKeyspace(Dict.Node n) {
        return ofKey(n, VALUE_SAMPLES) + (n.expireAt >= 0 ? NODE + SLOT : 0);
    }

    /**
     * An estimate of every key of a database: exact below {@link #EXACT_LIMIT} keys, otherwise the
     * mean of {@code samples} random keys times the key count. Includes both tables' buckets.
     */
    public static long ofDb(Db db, int samples, RandomGenerator rnd) {
        Dict keys = db.dict();
        long tables = SLOT * (keys.buckets() + db.expiresDict().buckets());
        int size = keys.size();
        if (size == 0) return tables;
        if (size <= EXACT_LIMIT) {
            long[] sum = {0};
            keys.forEach(n -> sum[0] += inKeyspace(n));
            return tables + sum[0];
        }
        long sum = 0;
        for (int i = 0; i < samples; i++) sum += inKeyspace(keys.random(rnd));
        return tables + Math.round((double) sum / samples * size);
    }
}
