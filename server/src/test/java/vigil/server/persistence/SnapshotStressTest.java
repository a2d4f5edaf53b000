package vigil.server.persistence;

import vigil.server.snapshot.SnapshotSink;
import vigil.server.snapshot.SnapshotHandle;
import vigil.server.snapshot.Snapshot;
import org.junit.jupiter.api.Test;
import vigil.client.BlockingClient;
import vigil.server.node.VigilServer;
import vigil.server.keyspace.CollectionValue;
import vigil.server.support.TestNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node with 200k keys of every type, snapshotted in the event loop's own slices while a client
 * sends a random write load through a socket: the snapshot must equal a fingerprint of the
 * keyspace taken in the same event-loop task that started it. Prints the numbers
 * docs/snapshots.md quotes (slices, time, values copied).
 */
class SnapshotStressTest {
    static final int KEYS = 200_000;

    @Test
    void snapshotOf200kKeysUnderARandomWriteLoadEqualsTheKeyspaceAtItsStart() throws Exception {
        try (TestNode node = TestNode.start()) {
            VigilServer server = node.node.server();
            BlockingClient filler = node.raw();
            int[] perDb = {KEYS / 2, KEYS / 4, KEYS / 4};   // the load reaches dbs before and after the walk does
            for (int db = 0; db < perDb.length; db++) {
                filler.call("select", Integer.toString(db));
                List<String[]> fill = new WriteLoad(1, perDb[db], false).fill(perDb[db]);
                for (int i = 0; i < fill.size(); i += 5000) {
                    List<String[]> batch = fill.subList(i, Math.min(fill.size(), i + 5000));
                    for (String[] c : batch) filler.send(c);
                    for (int j = 0; j < batch.size(); j++) filler.read();
                }
            }
            assertEquals(KEYS, (long) node.node.onLoop(() -> server.keyspace.totalKeys()));

            // 1. The walk alone, with a sink that only reads each value: the cost of slicing itself.
            CountDownLatch walked = new CountDownLatch(1);
            AtomicLong startNanos = new AtomicLong();
            SnapshotHandle plain = node.node.onLoop(() -> {
                startNanos.set(System.nanoTime());
                return server.persistence.startSnapshot(new CountingSink(), walked::countDown);
            });
            assertTrue(walked.await(60, TimeUnit.SECONDS));
            long plainMillis = (System.nanoTime() - startNanos.get()) / 1_000_000;
            assertEquals(Snapshot.State.DONE, plain.state());
            assertEquals(KEYS, plain.keysEmitted());

            // 2. Under a write load, with the fingerprinting sink, compared to the keyspace at the start.
            RecordingSink sink = new RecordingSink();
            CountDownLatch done = new CountDownLatch(1);
            AtomicBoolean finished = new AtomicBoolean();
            long gcBefore = gcMillis();
            Object[] started = node.node.onLoop(() -> {
                Map<Integer, Map<String, String>> expected = RecordingSink.capture(server.keyspace);
                long t0 = System.nanoTime();
                SnapshotHandle h = server.persistence.startSnapshot(sink, () -> {
                    finished.set(true);
                    done.countDown();
                });
                return new Object[]{expected, h, t0};
            });
            @SuppressWarnings("unchecked")
            Map<Integer, Map<String, String>> expected = (Map<Integer, Map<String, String>>) started[0];
            SnapshotHandle h = (SnapshotHandle) started[1];
            long sent = 0;
            long worstBatchMicros = 0;
            try (BlockingClient load = new BlockingClient("127.0.0.1", node.port(), 10_000)) {
                WriteLoad w = new WriteLoad(7, KEYS / 2, false);
                while (!finished.get() && sent < 400_000) {
                    List<String[]> batch = new ArrayList<>();
                    for (int i = 0; i < 50; i++) batch.add(w.next());
                    long b0 = System.nanoTime();
                    for (String[] c : batch) load.send(c);
                    for (int i = 0; i < batch.size(); i++) load.read();
                    worstBatchMicros = Math.max(worstBatchMicros, (System.nanoTime() - b0) / 1000);
                    sent += batch.size();
                }
            }
            assertTrue(done.await(120, TimeUnit.SECONDS));
            long loadMillis = (System.nanoTime() - (long) started[2]) / 1_000_000;
            long gcDuring = gcMillis() - gcBefore;
            sink.assertContent(expected);
            assertEquals(KEYS, h.keysEmitted());
            assertTrue(sent >= 50, "the load overlapped the snapshot");
            System.out.printf("snapshot of %d keys, no load, counting sink: %d ms wall, %.1f ms in %d slices, max slice %.2f ms, mean %.3f ms%n",
                    KEYS, plainMillis, plain.totalSliceNanos() / 1e6, plain.slices(), plain.maxSliceNanos() / 1e6,
                    plain.totalSliceNanos() / 1e6 / plain.slices());
            System.out.printf("snapshot of %d keys under load, fingerprinting sink: %d ms wall, %.1f ms in %d slices, max slice %.2f ms; "
                            + "%d commands during it (worst 50-command pipeline %.1f ms); values captured before the walk %d, "
                            + "peak bytes held for later dbs %d; GC time in the JVM meanwhile %d ms%n",
                    KEYS, loadMillis, h.totalSliceNanos() / 1e6, h.slices(), h.maxSliceNanos() / 1e6, sent, worstBatchMicros / 1e3,
                    h.valuesCopied(), h.copiedBytesPeak(), gcDuring);
        }
    }

    static long gcMillis() {
        long t = 0;
        for (var gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) t += Math.max(0, gc.getCollectionTime());
        return t;
    }

    /** Reads each value's size, as a serializer must at least. */
    static final class CountingSink implements SnapshotSink {
        long elements;

        @Override
        public void begin(int dbCount) {
        }

        @Override
        public void beginDb(int dbIndex, int size, int expiresSize) {
        }

        @Override
        public void key(int dbIndex, byte[] key, Object value, long expireAtMs) {
            elements += value instanceof CollectionValue c ? c.size() : ((byte[]) value).length;
        }

        @Override
        public void endDb(int dbIndex) {
        }

        @Override
        public void end() {
        }
    }
}
