package vigil.server.replication;

/**
 * Redis's replication backlog: a circular buffer of the latest {@code size} bytes of the
 * replication stream, so a replica that lost its link can continue (PSYNC +CONTINUE) from any
 * offset still inside it. Offsets are Redis's: the first byte of the stream is offset 1, and
 * {@link #firstByteOffset} .. {@link #endOffset} are the bytes held.
 */
final class ReplicationBacklog {
    private byte[] buf;
    /** Next write position in buf. */
    private int idx;
    private long histlen;
    /** Offset of the first byte held (repl_backlog_off). */
    private long firstByte;

    /** A backlog whose next byte will be stream offset {@code masterOffset + 1}. */
    ReplicationBacklog(long size, long masterOffset) {
        buf = new byte[(int) Math.min(Integer.MAX_VALUE - 8, Math.max(16, size))];
        firstByte = masterOffset + 1;
    }

    int size() {
        return buf.length;
    }

    long histlen() {
        return histlen;
    }

    long firstByteOffset() {
        return firstByte;
    }

    /** The offset of the last byte held (master_repl_offset when in step with it). */
    long endOffset() {
        return firstByte + histlen - 1;
    }

    void append(byte[] b) {
        append(b, 0, b.length);
    }

    void append(byte[] b, int off, int len) {
        int n = len;
        if (n > buf.length) {   // only the tail fits
            off += n - buf.length;
            firstByte += n - buf.length;
            n = buf.length;
        }
        int k = Math.min(n, buf.length - idx);
        System.arraycopy(b, off, buf, idx, k);
        System.arraycopy(b, off + k, buf, 0, n - k);
        idx = (idx + n) % buf.length;
        histlen += n;
        if (histlen > buf.length) {
            firstByte += histlen - buf.length;
            histlen = buf.length;
        }
    }

    /** True when a replica wanting stream offset {@code from} next can continue from here. */
    boolean covers(long from) {
        return histlen >= 0 && from >= firstByte && from <= firstByte + histlen;
    }

    /** The bytes from offset {@code from} to the end (call only when {@link #covers}). */
    byte[] tail(long from) {
        int n = (int) (firstByte + histlen - from);
        byte[] out = new byte[n];
        int start = (int) Math.floorMod(idx - n, (long) buf.length);
        int k = Math.min(n, buf.length - start);
        System.arraycopy(buf, start, out, 0, k);
        System.arraycopy(buf, 0, out, k, n - k);
        return out;
    }

    /** CONFIG SET repl-backlog-size: keeps what fits of the history. */
    void resize(long size, long masterOffset) {
        int newSize = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(16, size));
        if (newSize == buf.length) return;
        long keep = Math.min(histlen, newSize);
        byte[] old = keep > 0 ? tail(firstByte + histlen - keep) : new byte[0];
        buf = new byte[newSize];
        idx = 0;
        histlen = 0;
        firstByte = masterOffset - old.length + 1;
        append(old);
    }
}
