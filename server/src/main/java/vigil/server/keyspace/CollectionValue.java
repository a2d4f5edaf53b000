package vigil.server.keyspace;

/**
 * A value that is not a string: lists, hashes, sets and sorted sets implement it. Strings are
 * stored as bare {@code byte[]} (no wrapper, for memory), so a node's value is either a
 * {@code byte[]} or a CollectionValue.
 */
public interface CollectionValue {
    /** TYPE's answer: "list", "hash", "set" or "zset". */
    String typeName();

    /** OBJECT ENCODING's answer, with Redis's names: listpack, quicklist, hashtable, intset, skiplist. */
    String encoding();

    /** An estimate of the bytes this value holds (MEMORY USAGE, INFO used_memory). */
    long estimatedBytes();

    /**
     * The estimate with at most {@code samples} elements of a big (non-packed) encoding looked at
     * and the rest extrapolated, as MEMORY USAGE's SAMPLES (Integer.MAX_VALUE: look at all).
     */
    default long estimatedBytes(int samples) {
        return estimatedBytes();
    }

    int size();

    /** A deep copy (COPY, snapshots). */
    CollectionValue copy();

    /** TYPE for any stored value. */
    static String typeOf(Object value) {
        if (value instanceof byte[]) return "string";
        if (value instanceof CollectionValue c) return c.typeName();
        return "none";
    }
}
