package vigil.server.replication;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * The full-sync payload on its way from the event loop to the loader's worker thread, so the
 * RDB is parsed while it arrives instead of after the whole of it was spooled. The event loop
 * {@link #offer}s each received chunk (never blocks: a lock-free queue and an unpark), then
 * {@link #end}s or {@link #abort}s; the worker reads it as an InputStream, parking while it is
 * ahead of the network. A consumed chunk is dropped at once, so only the part not parsed yet is
 * held in memory.
 */
final class ChunkPipe extends InputStream {
    private static final byte[] END = new byte[0];
    private static final byte[] ABORT = new byte[0];
    private static final long MAX_IDLE_NANOS = 600_000_000_000L;

    private final ConcurrentLinkedQueue<byte[]> queue = new ConcurrentLinkedQueue<>();
    private volatile Thread reader;
    // reader side only
    private byte[] cur;
    private int pos;
    private boolean ended;

    /** A chunk of the payload (event loop). */
    void offer(byte[] chunk) {
        if (chunk.length > 0) put(chunk);
    }

    /** The payload is complete: the reader sees end of stream after the last chunk. */
    void end() {
        put(END);
    }

    /** The transfer was abandoned: the reader fails with an IOException. */
    void abort() {
        put(ABORT);
    }

    private void put(byte[] b) {
        queue.add(b);
        Thread t = reader;
        if (t != null) LockSupport.unpark(t);
    }

    /** Waits for the next chunk; false at end of stream. */
    private boolean next() throws IOException {
        long idleSince = 0;
        while (cur == null || pos == cur.length) {
            if (ended) return false;
            byte[] b = queue.poll();
            if (b == null) {
                reader = Thread.currentThread();
                if (queue.isEmpty()) LockSupport.parkNanos(this, 50_000_000L);
                if (Thread.interrupted()) throw new IOException("payload reader interrupted");
                long now = System.nanoTime();
                if (idleSince == 0) idleSince = now;
                // the link's repl-timeout aborts a silent transfer long before; this only ends a
                // reader whose event loop is gone (node stopped mid-transfer)
                else if (now - idleSince > MAX_IDLE_NANOS) throw new IOException("no payload bytes for 10 minutes");
                continue;
            }
            if (b == END) {
                ended = true;
                return false;
            }
            if (b == ABORT) throw new IOException("the transfer of the payload was abandoned");
            cur = b;
            pos = 0;
        }
        return true;
    }

    @Override
    public int read() throws IOException {
        return next() ? cur[pos++] & 0xff : -1;
    }

    @Override
    public int read(byte[] dst, int off, int len) throws IOException {
        if (len == 0) return 0;
        if (!next()) return -1;
        int n = Math.min(len, cur.length - pos);
        System.arraycopy(cur, pos, dst, off, n);
        pos += n;
        return n;
    }
}
