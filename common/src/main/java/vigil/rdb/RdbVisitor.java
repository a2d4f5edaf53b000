package vigil.rdb;

import java.io.IOException;

/**
 * What {@link RdbReader} and {@link DumpPayload#decode} deliver, in file order. Collections arrive
 * as beginKey, their elements one callback at a time (whatever the on-disk encoding: integers
 * as decimal bytes, scores as doubles), then endKey, so a loader never needs a whole value in
 * memory twice. expireMs is a Unix time in milliseconds, or -1 for no expiry. A collection may
 * arrive empty (Redis skips such keys when loading; so should the caller).
 */
public interface RdbVisitor {
    enum Kind { LIST, SET, HASH, ZSET }

    default void version(int rdbVersion) throws IOException {
    }

    default void aux(byte[] name, byte[] value) throws IOException {
    }

    /** One function library (FUNCTION2 opcode): its code, as FUNCTION LOAD takes it. */
    default void function(byte[] code) throws IOException {
    }

    default void selectDb(int db) throws IOException {
    }

    default void resizeDb(long size, long expires) throws IOException {
    }

    /** LRU idle time (seconds) or LFU counter of the key that follows. */
    default void idle(long seconds) throws IOException {
    }

    default void freq(int counter) throws IOException {
    }

    void string(byte[] key, long expireMs, byte[] value) throws IOException;

    /** sizeHint: the number of elements (pairs for hashes and zsets) when the encoding says, else -1. */
    void beginKey(Kind kind, byte[] key, long expireMs, long sizeHint) throws IOException;

    void listElement(byte[] element) throws IOException;

    void setMember(byte[] member) throws IOException;

    void hashField(byte[] field, byte[] value) throws IOException;

    void zsetMember(byte[] member, double score) throws IOException;

    void endKey() throws IOException;

    /** End of file; checksumVerified is false when the file carries no checksum (zero, or version below 5). */
    default void finish(boolean checksumVerified) throws IOException {
    }
}
