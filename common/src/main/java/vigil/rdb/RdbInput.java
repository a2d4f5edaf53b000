package vigil.rdb;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The byte level of RDB reading over any InputStream (a file or a replica socket): buffered,
 * counting the offset and keeping the running CRC-64 of everything consumed, with RDB's length
 * and string decodings. Every short read becomes an RdbFormatException that says where and what
 * was expected; claimed lengths are never trusted for allocation (data is read in chunks), so a
 * corrupt length cannot exhaust the heap.
 */
final class RdbInput {
    private static final int CHUNK = 1 << 20;
    private final InputStream in;
    private final byte[] buf = new byte[64 * 1024];
    private int pos;
    private int lim;
    private long base;   // stream offset of buf[0]
    private long crc;    // CRC of everything before buf[0]
    private int crcPos;  // bytes of buf already folded into crc

    RdbInput(InputStream in) {
        this.in = in;
    }

    long offset() {
        return base + pos;
    }

    /** CRC-64 of every byte consumed so far. */
    long crc() {
        crc = Crc64.update(crc, buf, crcPos, pos - crcPos);
        crcPos = pos;
        return crc;
    }

    RdbFormatException error(String message) {
        return new RdbFormatException(offset(), message);
    }

    private boolean fill() throws IOException {
        crc();
        base += lim;
        pos = lim = crcPos = 0;
        int n = in.read(buf, 0, buf.length);
        if (n <= 0) return false;
        lim = n;
        return true;
    }

    int u8(String expected) throws IOException {
        if (pos == lim && !fill()) throw error("unexpected end of file, expected " + expected);
        return buf[pos++] & 0xff;
    }

    /** True at end of stream (nothing more to read). */
    boolean atEnd() throws IOException {
        return pos == lim && !fill();
    }

    void readFully(byte[] dst, int off, int len, String expected) throws IOException {
        while (len > 0) {
            if (pos == lim && !fill()) throw error("unexpected end of file, expected " + expected + " (" + len + " more bytes)");
            int n = Math.min(len, lim - pos);
            System.arraycopy(buf, pos, dst, off, n);
            pos += n;
            off += n;
            len -= n;
        }
    }

    /** Reads len bytes, growing the array chunk by chunk so a lying length fails at end of file, not in the allocator. */
    byte[] bytes(long len, String expected) throws IOException {
        if (len < 0 || len > Integer.MAX_VALUE - 16) throw error("length " + len + " too large for " + expected);
        int n = (int) len;
        byte[] out = new byte[Math.min(n, CHUNK)];
        int got = 0;
        while (got < n) {
            if (got == out.length) out = Arrays.copyOf(out, (int) Math.min(n, (long) out.length * 2));
            int step = out.length - got;
            readFully(out, got, step, expected);
            got += step;
        }
        return out;
    }

    long le(int n, String expected) throws IOException {
        long v = 0;
        for (int i = 0; i < n; i++) v |= (long) u8(expected) << (8 * i);
        return v;
    }

    /** Set by {@link #length} when the value read was a special string encoding (0..3), not a length. */
    boolean encoded;

    /** rdbLoadLenByRef: a length, or (with encoded set) a special encoding number. */
    long length(String expected) throws IOException {
        int b = u8(expected);
        encoded = false;
        switch (b >> 6) {
            case 0:
                return b & 0x3f;
            case 1:
                return ((b & 0x3f) << 8) | u8(expected);
            case 3:
                encoded = true;
                return b & 0x3f;
            default:
                if (b == 0x80) {
                    long v = 0;
                    for (int i = 0; i < 4; i++) v = (v << 8) | u8(expected);
                    return v;
                }
                if (b == 0x81) {
                    long v = 0;
                    for (int i = 0; i < 8; i++) v = (v << 8) | u8(expected);
                    return v;
                }
                throw error("invalid length encoding 0x" + Integer.toHexString(b) + " for " + expected);
        }
    }

    /** A plain length (no special encodings allowed). */
    long count(String expected) throws IOException {
        long at = offset();
        long n = length(expected);
        if (encoded) throw new RdbFormatException(at, "expected " + expected + " but found a string encoding");
        return n;
    }

    /** rdbGenericLoadStringObject: raw, int8/16/32 or LZF; integers come back as decimal bytes. */
    byte[] string(String expected) throws IOException {
        long at = offset();
        long n = length(expected);
        if (!encoded) return bytes(n, expected);
        switch ((int) n) {
            case 0:
                return Ints.toBytes((byte) le(1, expected));
            case 1:
                return Ints.toBytes((short) le(2, expected));
            case 2:
                return Ints.toBytes((int) le(4, expected));
            case 3: {
                long clen = count("LZF compressed length of " + expected);
                long ulen = count("LZF original length of " + expected);
                byte[] c = bytes(clen, "LZF data of " + expected);
                // an LZF back reference of 3 bytes expands to at most 264: anything beyond is a lie
                if (ulen == 0 || ulen > clen * 90 + 64 || ulen > Integer.MAX_VALUE - 16) {
                    throw new RdbFormatException(at, "implausible LZF lengths " + clen + " -> " + ulen + " for " + expected);
                }
                byte[] out = Lzf.decompress(c, c.length, (int) ulen);
                if (out == null) throw new RdbFormatException(at, "corrupt LZF data for " + expected);
                return out;
            }
            default:
                throw new RdbFormatException(at, "unknown string encoding " + n + " for " + expected);
        }
    }

    /** A type-3 zset score: one length byte (253 nan, 254 +inf, 255 -inf) then ASCII. */
    double stringDouble(String expected) throws IOException {
        long at = offset();
        int len = u8(expected);
        if (len == 253) return Double.NaN;
        if (len == 254) return Double.POSITIVE_INFINITY;
        if (len == 255) return Double.NEGATIVE_INFINITY;
        byte[] b = bytes(len, expected);
        Double d = Scores.parse(b);
        if (d == null) throw new RdbFormatException(at, "invalid double '" + new String(b, java.nio.charset.StandardCharsets.ISO_8859_1) + "' for " + expected);
        return d;
    }

    double binaryDouble(String expected) throws IOException {
        return Double.longBitsToDouble(le(8, expected));
    }
}
