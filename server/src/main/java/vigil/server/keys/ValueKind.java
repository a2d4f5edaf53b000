package vigil.server.keys;

import vigil.server.config.EncodingLimits;
import vigil.server.keyspace.Dict;

/**
 * What the generic key commands need to know about one type of value (string now; lists, sets,
 * hashes, sorted sets and streams register their own kind in {@link ValueKinds} when they come):
 * its TYPE name, Redis's type code (DEBUG DIGEST mixes it in), its OBJECT ENCODING, how COPY
 * duplicates it, how DEBUG DIGEST folds it, and its RDB serialized length (DEBUG OBJECT).
 */
public interface ValueKind {
    /** TYPE's reply: "string", "list", "set", "zset", "hash", "stream". */
    String typeName();

    /** Redis's OBJ_* code: string 0, list 1, set 2, zset 3, hash 4, stream 6. */
    int typeCode();

    /** OBJECT ENCODING's reply for this key's value. */
    String encoding(Dict.Node node);

    /** An independent copy for COPY (collections must deep-copy; immutable values may return themselves). */
    Object copy(Object value);

    /**
     * Folds the value into a key's 20-byte digest the way Redis's xorObjectDigest does for this
     * type (after the type code, which the caller mixes in), using {@link ValueDigest#mix} and
     * {@link ValueDigest#xor}.
     */
    void digest(byte[] digest, Object value);

    /**
     * Bytes the value takes in an RDB file (DEBUG OBJECT serializedlength), as the node with these
     * limits would encode it.
     */
    long serializedLength(Object value, EncodingLimits limits);

    /** What DEBUG OBJECT adds after lru_seconds_idle (lists: the quicklist's ql_* fields). */
    default String debugExtra(Object value, EncodingLimits limits) {
        return "";
    }
}
