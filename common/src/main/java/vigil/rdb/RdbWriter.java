package vigil.rdb;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes an RDB version 10 stream as Redis 7.0's rdbSaveRio does, to any OutputStream (a file or
 * a replica socket) without ever holding the whole file: header, aux fields, functions, per
 * database SELECTDB + RESIZEDB, per key an optional EXPIRETIME_MS then the value (encoded by
 * {@link ValueEncoder}), and the EOF opcode with the CRC-64 of everything before it (or zero when
 * rdbchecksum is off). Collections are taken as Iterables and walked at most twice.
 */
public final class RdbWriter {
    public static final long NO_EXPIRE = -1;

    /** One hash field. */
    public record Field(byte[] name, byte[] value) {
    }

    /** One sorted-set member. */
    public record Scored(byte[] member, double score) {
    }

    private final RdbOutput out;
    private final ValueEncoder values = new ValueEncoder();
    private boolean finished;

    /** compress: rdbcompression (LZF for strings longer than 20 bytes). */
    public RdbWriter(OutputStream out, boolean compress) {
        this.out = new RdbOutput(out, compress);
    }

    /** Overrides the encoding limits (Redis's set-max-intset-entries, hash-/zset-max-listpack-*); defaults are Redis's. */
    public RdbWriter limits(int setMaxIntsetEntries, int hashMaxListpackEntries, int hashMaxListpackValue,
                            int zsetMaxListpackEntries, int zsetMaxListpackValue) {
        values.setMaxIntsetEntries = setMaxIntsetEntries;
        values.hashMaxListpackEntries = hashMaxListpackEntries;
        values.hashMaxListpackValue = hashMaxListpackValue;
        values.zsetMaxListpackEntries = zsetMaxListpackEntries;
        values.zsetMaxListpackValue = zsetMaxListpackValue;
        return this;
    }

    /** "REDIS0010". */
    public RdbWriter header() throws IOException {
        out.write(("REDIS" + String.format("%04d", RdbTypes.VERSION)).getBytes(StandardCharsets.US_ASCII));
        return this;
    }

    public RdbWriter aux(byte[] name, byte[] value) throws IOException {
        out.writeByte(RdbTypes.OP_AUX);
        out.writeString(name);
        out.writeString(value);
        return this;
    }

    public RdbWriter aux(String name, String value) throws IOException {
        return aux(name.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
    }

    public RdbWriter aux(String name, long value) throws IOException {
        return aux(name, Long.toString(value));
    }

    /**
     * The aux fields Redis 7.0 writes (rdbSaveInfoAuxFields), in its order: redis-ver,
     * redis-bits, ctime (seconds), used-mem, then only when there is replication info (replId
     * not null: a full sync, or a save that carries it) repl-stream-db, repl-id, repl-offset,
     * and always aof-base.
     */
    public RdbWriter standardAux(String redisVer, long ctimeSeconds, long usedMem, int replStreamDb,
                                 String replId, long replOffset, boolean aofBase) throws IOException {
        aux("redis-ver", redisVer);
        aux("redis-bits", 64);
        aux("ctime", ctimeSeconds);
        aux("used-mem", usedMem);
        if (replId != null) {
            aux("repl-stream-db", replStreamDb);
            aux("repl-id", replId);
            aux("repl-offset", replOffset);
        }
        aux("aof-base", aofBase ? 1 : 0);
        return this;
    }

    /** One function library (FUNCTION2 opcode), its code as FUNCTION LOAD takes it. */
    public RdbWriter function(byte[] code) throws IOException {
        out.writeByte(RdbTypes.OP_FUNCTION2);
        out.writeString(code);
        return this;
    }

    public RdbWriter selectDb(int db) throws IOException {
        out.writeByte(RdbTypes.OP_SELECTDB);
        out.writeLength(db);
        return this;
    }

    public RdbWriter resizeDb(long size, long expires) throws IOException {
        out.writeByte(RdbTypes.OP_RESIZEDB);
        out.writeLength(size);
        out.writeLength(expires);
        return this;
    }

    private void expire(long expireMs) throws IOException {
        if (expireMs == NO_EXPIRE) return;
        out.writeByte(RdbTypes.OP_EXPIRETIME_MS);
        out.writeLE(expireMs, 8);
    }

    public RdbWriter string(byte[] key, long expireMs, byte[] value) throws IOException {
        expire(expireMs);
        values.string(out, key, value);
        return this;
    }

    /** A list, head to tail. Must not be empty. */
    public RdbWriter list(byte[] key, long expireMs, Iterable<byte[]> elements) throws IOException {
        expire(expireMs);
        values.list(out, key, elements);
        return this;
    }

    /** A set of distinct members. Must not be empty. */
    public RdbWriter set(byte[] key, long expireMs, Iterable<byte[]> members) throws IOException {
        expire(expireMs);
        values.set(out, key, members);
        return this;
    }

    /** A hash of distinct fields. Must not be empty. */
    public RdbWriter hash(byte[] key, long expireMs, Iterable<Field> fields) throws IOException {
        expire(expireMs);
        values.hash(out, key, fields);
        return this;
    }

    /** A sorted set of distinct members, in any order; no NaN scores. Must not be empty. */
    public RdbWriter zset(byte[] key, long expireMs, Iterable<Scored> members) throws IOException {
        expire(expireMs);
        values.zset(out, key, members);
        return this;
    }

    /** Bytes written so far (including any still buffered). */
    public long bytesWritten() {
        return out.count();
    }

    /** Pushes buffered bytes to the stream (for a replica socket mid-transfer). */
    public void flush() throws IOException {
        out.flush();
    }

    /**
     * EOF opcode and the 8-byte little-endian CRC-64 of everything before it, or 8 zero bytes
     * when checksum is false (Redis's rdbchecksum no); then flushes. Does not close the stream.
     */
    public void finish(boolean checksum) throws IOException {
        if (finished) throw new IllegalStateException("already finished");
        finished = true;
        out.writeByte(RdbTypes.OP_EOF);
        long crc = checksum ? out.crc() : 0;
        out.writeLE(crc, 8);
        out.flush();
    }

    ValueEncoder encoder() {
        return values;
    }
}
