package vigil.rdb;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The DUMP / RESTORE serialization (createDumpPayload / verifyDumpPayload in Redis 7.0): the
 * value's RDB type byte and body exactly as in an RDB file, then the RDB version as 2
 * little-endian bytes, then the CRC-64 of all of that as 8 little-endian bytes. Uses the same
 * encoder and decoder as RDB files.
 */
public final class DumpPayload {
    private DumpPayload() {
    }

    @FunctionalInterface
    private interface Body {
        void write(ValueEncoder enc, RdbOutput out) throws IOException;
    }

    private static byte[] encode(boolean compress, Body body) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            RdbOutput out = new RdbOutput(bytes, compress);
            body.write(new ValueEncoder(), out);
            out.writeLE(RdbTypes.VERSION, 2);
            out.writeLE(out.crc(), 8);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);   // a ByteArrayOutputStream does not fail
        }
    }

    /** compress: rdbcompression, which Redis applies to DUMP too. */
    public static byte[] string(byte[] value, boolean compress) {
        return encode(compress, (enc, out) -> enc.string(out, null, value));
    }

    public static byte[] list(Iterable<byte[]> elements, boolean compress) {
        return encode(compress, (enc, out) -> enc.list(out, null, elements));
    }

    public static byte[] set(Iterable<byte[]> members, boolean compress) {
        return encode(compress, (enc, out) -> enc.set(out, null, members));
    }

    public static byte[] hash(Iterable<RdbWriter.Field> fields, boolean compress) {
        return encode(compress, (enc, out) -> enc.hash(out, null, fields));
    }

    public static byte[] zset(Iterable<RdbWriter.Scored> members, boolean compress) {
        return encode(compress, (enc, out) -> enc.zset(out, null, members));
    }

    /**
     * verifyDumpPayload: at least 10 bytes, an RDB version Redis 7.0 knows (at most 10), and a
     * matching CRC-64. False means RESTORE's "ERR DUMP payload version or checksum are wrong".
     */
    public static boolean verify(byte[] payload) {
        int len = payload.length;
        if (len < 10) return false;
        int version = (payload[len - 10] & 0xff) | (payload[len - 9] & 0xff) << 8;
        if (version > RdbTypes.VERSION) return false;
        long crc = 0;
        for (int i = 0; i < 8; i++) crc |= (long) (payload[len - 8 + i] & 0xff) << (8 * i);
        return Crc64.of(payload, 0, len - 8) == crc;
    }

    /**
     * Decodes a verified payload's value and delivers it to the visitor under key, with no expiry
     * (RESTORE takes the TTL separately). Throws RdbFormatException when the payload fails
     * {@link #verify} or its body is malformed ("Bad data format"). Like Redis, bytes after the
     * value and before the footer are ignored.
     */
    public static void decode(byte[] key, byte[] payload, RdbVisitor visitor) throws IOException {
        if (!verify(payload)) throw new RdbFormatException(0, "DUMP payload version or checksum are wrong");
        RdbInput in = new RdbInput(new ByteArrayInputStream(payload, 0, payload.length - 10));
        int type = in.u8("a value type");
        if (!ValueDecoder.isValueType(type)) throw new RdbFormatException(0, "unknown value type " + type);
        ValueDecoder.read(in, type, key, -1, visitor);
    }
}
