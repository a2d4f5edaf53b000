package vigil.server.persistence;

import java.io.OutputStream;

/**
 * An OutputStream that fills fixed-size chunks and hands each full one to {@link #ship}: the
 * RDB writer runs on the keyspace thread, and whoever consumes the chunks (a disk thread for
 * BGSAVE, replica sockets for a full sync) takes them whole instead of byte by byte.
 */
public abstract class ChunkedOutputStream extends OutputStream {
    protected byte[] buf;
    protected int len;

    protected ChunkedOutputStream(int chunkSize) {
        buf = new byte[chunkSize];
    }

    /** Hands on buf[0, len) and leaves buf/len ready for more bytes (a fresh or reused array, len 0). */
    protected abstract void ship();

    @Override
    public void write(int b) {
        if (len == buf.length) ship();
        buf[len++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int n) {
        while (n > 0) {
            if (len == buf.length) ship();
            int k = Math.min(n, buf.length - len);
            System.arraycopy(b, off, buf, len, k);
            len += k;
            off += k;
            n -= k;
        }
    }
}
