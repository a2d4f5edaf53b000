package vigil.rdb;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The byte level of RDB writing: a buffer in front of any OutputStream (a file or a replica
 * socket) that keeps the running CRC-64 and byte count, plus RDB's length and string encodings
 * (6/14/32/64-bit lengths, int8/16/32 strings, LZF strings) exactly as rdb.c writes them.
 */
final class RdbOutput {
    private final OutputStream out;
    private final byte[] buf = new byte[64 * 1024];
    private int pos;
    private long crc;
    private long flushed;
    final boolean compress;
    /** This thread's LZF table, taken at the first compressed string (a DUMP often has none). */
    private Lzf.Table lzf;

    RdbOutput(OutputStream out, boolean compress) {
        this.out = out;
        this.compress = compress;
    }

    long crc() {
        return Crc64.update(crc, buf, 0, pos);
    }

    long count() {
        return flushed + pos;
    }

    void drain() throws IOException {
        if (pos == 0) return;
        crc = Crc64.update(crc, buf, 0, pos);
        out.write(buf, 0, pos);
        flushed += pos;
        pos = 0;
    }

    void flush() throws IOException {
        drain();
        out.flush();
    }

    void writeByte(int b) throws IOException {
        if (pos == buf.length) drain();
        buf[pos++] = (byte) b;
    }

    void write(byte[] b, int off, int len) throws IOException {
        if (len > buf.length - pos) {
            drain();
            if (len > buf.length) {
                crc = Crc64.update(crc, b, off, len);
                out.write(b, off, len);
                flushed += len;
                return;
            }
        }
        System.arraycopy(b, off, buf, pos, len);
        pos += len;
    }

    void write(byte[] b) throws IOException {
        write(b, 0, b.length);
    }

    /** Little-endian fixed-width integer of n bytes. */
    void writeLE(long v, int n) throws IOException {
        for (int i = 0; i < n; i++) writeByte((int) (v >>> (8 * i)));
    }

    /** rdbSaveLen: 6-bit, 14-bit, 32-bit or 64-bit big-endian length. */
    void writeLength(long len) throws IOException {
        if (len < (1 << 6)) {
            writeByte((int) len);
        } else if (len < (1 << 14)) {
            writeByte((int) ((len >> 8) | 0x40));
            writeByte((int) len);
        } else if (len <= 0xffffffffL) {
            writeByte(0x80);
            for (int i = 3; i >= 0; i--) writeByte((int) (len >>> (8 * i)));
        } else {
            writeByte(0x81);
            for (int i = 7; i >= 0; i--) writeByte((int) (len >>> (8 * i)));
        }
    }

    /**
     * rdbSaveRawString: strings of up to 11 bytes that are canonical integers fitting in 32 bits
     * are stored as int8/16/32; longer than 20 bytes are LZF-compressed when enabled and when
     * that saves at least 4 bytes; everything else is length + bytes.
     */
    void writeString(byte[] s, int off, int len) throws IOException {
        if (len <= 11) {
            long v = Ints.parseCanonical(s, off, len);
            if (v != Ints.NOT_AN_INT) {
                if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) {
                    writeByte(0xc0);
                    writeLE(v, 1);
                    return;
                } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
                    writeByte(0xc1);
                    writeLE(v, 2);
                    return;
                } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
                    writeByte(0xc2);
                    writeLE(v, 4);
                    return;
                }
            }
        }
        if (compress && len > 20) {
            byte[] in = s;
            if (off != 0) in = java.util.Arrays.copyOfRange(s, off, off + len);
            if (lzf == null) lzf = Lzf.threadTable();
            byte[] c = lzf.out(len - 4);
            int clen = Lzf.compressInto(lzf, c, in, len, len - 4);
            if (clen >= 0) {
                writeByte(0xc3);
                writeLength(clen);
                writeLength(len);
                write(c, 0, clen);
                return;
            }
        }
        writeLength(len);
        write(s, off, len);
    }

    void writeString(byte[] s) throws IOException {
        writeString(s, 0, s.length);
    }

    void writeBinaryDouble(double d) throws IOException {
        writeLE(Double.doubleToRawLongBits(d), 8);
    }
}
