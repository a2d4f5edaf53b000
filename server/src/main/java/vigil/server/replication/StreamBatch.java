package vigil.server.replication;

import java.util.Arrays;

/**
 * The replication stream produced during one event-loop turn, for the online replicas. Each
 * write is RESP-encoded once, straight into this growable buffer (no per-command arrays); at the
 * end of the turn the whole batch goes to every online replica in one socket write, as Redis
 * writes its replicas' output buffers in beforeSleep, instead of one write and flush per command
 * per replica.
 */
final class StreamBatch {
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
        int size = 16;
        for (byte[] a : argv) size += a.length + 16;
        ensure(size);
        header('*', argv.length);
        for (byte[] a : argv) {
            header('$', a.length);
            System.arraycopy(a, 0, buf, len, a.length);
            len += a.length;
            buf[len++] = '\r';
            buf[len++] = '\n';
        }
    }

    /** Appends {@code *2 $6 SELECT $n <db>}. */
    void appendSelect(int db) {
        ensure(40);
        header('*', 2);
        header('$', 6);
        for (int i = 0; i < 6; i++) buf[len++] = (byte) "SELECT".charAt(i);
        buf[len++] = '\r';
        buf[len++] = '\n';
        header('$', digits(db));
        number(db);
        buf[len++] = '\r';
        buf[len++] = '\n';
    }

    private void header(char type, int n) {
        buf[len++] = (byte) type;
        number(n);
        buf[len++] = '\r';
        buf[len++] = '\n';
    }

    private void number(int n) {
        int d = digits(n);
        for (int i = len + d - 1; i >= len; i--) {
            buf[i] = (byte) ('0' + n % 10);
            n /= 10;
        }
        len += d;
    }

    private static int digits(int n) {
        int d = 1;
        while (n >= 10) {
            n /= 10;
            d++;
        }
        return d;
    }

    private void ensure(int n) {
        if (len + n > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
    }
}
