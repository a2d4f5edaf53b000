package vigil.server.persistence;

import vigil.server.node.BackgroundSaver;
import vigil.server.node.PersistenceState;
import vigil.server.snapshot.SnapshotSink;
import vigil.server.snapshot.SnapshotHandle;
import vigil.server.snapshot.Snapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vigil.rdb.RdbWriter;
import vigil.server.node.VigilServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * BGSAVE without fork: a point-in-time {@link Snapshot} of the keyspace is serialized into RDB
 * bytes slice by slice on the keyspace thread, and a writer thread puts the bytes on disk
 * (temp file, fsync, rename over dbfilename, fsync of the directory), so clients keep being
 * served while the file is written and the only extra memory is the values changed during the
 * save (see docs/snapshots.md) plus the chunks the disk has not taken yet.
 *
 * <p>States: idle, running (snapshot slices feed chunks; the writer drains them), finishing
 * (the writer fsyncs and renames), done (the keyspace thread is told through
 * {@link PersistenceState#backgroundSaveDone}). An abort (FLUSHALL, SHUTDOWN) deletes the temp
 * file and reports nothing, as Redis's killRDBChild does.
 */
public final class SnapshotSaver implements BackgroundSaver {
    private static final Logger log = LoggerFactory.getLogger(SnapshotSaver.class);
    /** Bytes handed to the writer thread at a time. */
    static final int CHUNK = 256 * 1024;

    private SnapshotHandle handle;
    private boolean running;

    @Override
    public boolean start(VigilServer server) {
        Path dir = Path.of(server.config.dir);
        Path tmp = dir.resolve("temp-" + ProcessHandle.current().pid() + "-bg.rdb");
        Path target = dir.resolve(server.config.dbfilename);
        FileChannel ch;
        try {
            ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            // Redis's child fails after BGSAVE has answered "started": report it the same way.
            log.warn("Failed opening the temp RDB file {} for saving: {}", tmp, RdbSave.reason(e));
            long changes = server.dirty;
            running = true;
            server.scheduler.runLater(() -> {
                running = false;
                log.warn("Background saving error");
                server.persistenceState.backgroundSaveDone(false, changes);
            });
            return true;
        }
        ExecutorService disk = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "vigil-bgsave");
            t.setDaemon(true);
            return t;
        });
        DiskStream out = new DiskStream(ch, disk);
        long changesAtStart = server.dirty;
        running = true;
        log.info("Background saving started (no fork: point-in-time snapshot)");
        Sink sink = new Sink(server, out);
        handle = server.persistence.startSnapshot(sink, () -> {
            boolean complete = handle.state() == Snapshot.State.DONE && sink.error == null;
            if (!complete) {
                disk.execute(() -> closeQuietly(ch, tmp));
                disk.shutdown();
                running = false;
                if (handle.failure() != null || sink.error != null) {
                    log.warn("Background saving error: {}", sink.error != null ? sink.error : handle.failure());
                    server.persistenceState.backgroundSaveDone(false, changesAtStart);
                } else {
                    log.warn("Background saving terminated by request");
                }
                return;
            }
            out.close();   // queues the last chunk
            disk.execute(() -> {
                boolean ok = out.error.get() == null;
                try {
                    if (ok) {
                        ch.force(true);
                        ch.close();
                        RdbSave.install(tmp, target);
                    }
                } catch (IOException e) {
                    out.error.compareAndSet(null, e);
                    ok = false;
                }
                if (!ok) closeQuietly(ch, tmp);
                boolean success = ok;
                server.scheduler.runLater(() -> {
                    running = false;
                    // Redis's rdb_last_cow_size is the child's private memory; ours is what this save
                    // held beyond the keyspace: captured values plus chunks waiting for the disk.
                    server.persistenceState.lastCowSize = handle.copiedBytesPeak() + out.queuedPeak;
                    if (success) log.info("Background saving terminated with success");
                    else log.warn("Background saving error: {}", RdbSave.reason(out.error.get()));
                    server.persistenceState.backgroundSaveDone(success, changesAtStart);
                });
            });
            disk.shutdown();
        });
        return true;
    }

    @Override
    public boolean inProgress() {
        return running;
    }

    @Override
    public void abort() {
        if (running && handle != null) handle.abort();
    }

    /** The snapshot's keys, written as RDB into the disk stream. */
    private static final class Sink implements SnapshotSink {
        private final VigilServer server;
        private final DiskStream out;
        private RdbWriter w;
        IOException error;

        Sink(VigilServer server, DiskStream out) {
            this.server = server;
            this.out = out;
        }

        @Override
        public void begin(int dbCount) {
            try {
                w = RdbSave.begin(server, out);
            } catch (IOException e) {
                fail(e);
            }
        }

        @Override
        public void beginDb(int dbIndex, int size, int expiresSize) {
            try {
                w.selectDb(dbIndex);
                w.resizeDb(size, expiresSize);
            } catch (IOException e) {
                fail(e);
            }
        }

        @Override
        public void key(int dbIndex, byte[] key, Object value, long expireAtMs) {
            try {
                ValueEncoding.write(w, key, expireAtMs, value);
            } catch (IOException e) {
                fail(e);
            }
        }

        @Override
        public void endDb(int dbIndex) {
        }

        @Override
        public void end() {
            try {
                w.finish(server.config.rdbchecksum);
            } catch (IOException e) {
                fail(e);
            }
        }

        private void fail(IOException e) {
            error = e;
            throw new UncheckedIOException(e);   // the snapshot aborts on a sink failure
        }
    }

    /**
     * Collects bytes into chunks on the keyspace thread and writes full chunks on the disk
     * thread; a write error is remembered and reported when the save ends.
     */
    static final class DiskStream extends ChunkedOutputStream {
        private final FileChannel ch;
        private final ExecutorService disk;
        final AtomicReference<IOException> error = new AtomicReference<>();
        /** Bytes of chunks handed to the disk thread and not written yet, and their peak (keyspace thread). */
        private final AtomicLong queued = new AtomicLong();
        long queuedPeak;
        /** Chunks the disk thread has written, reused instead of a new 256 KB array per chunk. */
        private final ConcurrentLinkedQueue<byte[]> written = new ConcurrentLinkedQueue<>();
        DiskStream(FileChannel ch, ExecutorService disk) {
            super(CHUNK);
            this.ch = ch;
            this.disk = disk;
        }

        @Override
        protected void ship() {
            byte[] chunk = buf;
            int n = len;
            byte[] free = written.poll();
            buf = free != null ? free : new byte[CHUNK];
            len = 0;
            queuedPeak = Math.max(queuedPeak, queued.addAndGet(chunk.length));
            disk.execute(() -> {
                try {
                    if (error.get() != null) return;
                    ByteBuffer bb = ByteBuffer.wrap(chunk, 0, n);
                    while (bb.hasRemaining()) ch.write(bb);
                } catch (IOException e) {
                    error.compareAndSet(null, e);
                } finally {
                    queued.addAndGet(-chunk.length);
                    written.offer(chunk);   // back to the keyspace thread for reuse
                }
            });
        }

        @Override
        public void flush() {
            // chunks leave when full; the last one leaves on close
        }

        @Override
        public void close() {
            if (len > 0) ship();
        }
    }

    private static void closeQuietly(FileChannel ch, Path tmp) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // already failing
        }
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
            // best effort
        }
    }
}
