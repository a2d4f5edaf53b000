package vigil.server.replication;

import vigil.resp.RespCommand;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The replication stream produced during one event-loop turn, for the online replicas. Each
 * write is RESP-encoded once, straight into this growable buffer (no per-command arrays); at the
 * end of the turn the whole batch goes to every online replica in one socket write, as Redis
 * writes its replicas' output buffers in beforeSleep, instead of one write and flush per command
 * per replica.
 */
final class StreamBatch {
    private static final byte[] SELECT = "SELECT".getBytes(StandardCharsets.US_ASCII);

    private byte[] buf = new byte[16 * 1024];
    private int len;

    int length() {
        return len;
    }

    boolean isEmpty() {
        return len == 0;
    }

    /** The bytes from {@code from} to the end (a copy: the socket keeps it). */
    byte[] copy(int from) {
        return Arrays.copyOfRange(buf, from, len);
    }

    /** The internal array (valid up to {@link #length}; only until the next append). */
    byte[] array() {
        return buf;
    }

    void clear() {
        len = 0;
        if (buf.length > 1 << 20) buf = new byte[16 * 1024];   // do not keep a burst's buffer
    }

    void append(byte[] b, int off, int n) {
        ensure(n);
        System.arraycopy(b, off, buf, len, n);
        len += n;
    }

    /** Appends argv as a RESP array of bulk strings. */
    void appendCommand(byte[][] argv) {
        ensure(RespCommand.length(argv));
        len = RespCommand.write(argv, buf, len);
    }

    /** Appends {@code *2 $6 SELECT $n <db>}. */
    void appendSelect(int db) {
        appendCommand(new byte[][]{SELECT, Integer.toString(db).getBytes(StandardCharsets.US_ASCII)});
    }

    private void ensure(int n) {
        if (len + n > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
    }
}
