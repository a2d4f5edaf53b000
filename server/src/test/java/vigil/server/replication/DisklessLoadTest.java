package vigil.server.replication;

import org.junit.jupiter.api.Test;
import vigil.client.BlockingClient;
import vigil.server.support.TestNode;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static vigil.server.replication.ReplicaTestKit.*;

/**
 * repl-diskless-load: with "disabled" the old data is flushed and clients get -LOADING while the
 * payload loads; with "swapdb" they keep reading the old data (INFO async_loading:1, only
 * no_async_loading commands are refused) until the new data replaces it, and a payload that
 * fails to load leaves the old data in place. The load is held on a latch to look inside it.
 */
class DisklessLoadTest {

    /** Installs a loader that waits for the latch (or fails when fail is set) before parsing. */
    private static void holdLoads(TestNode replica, CountDownLatch release, boolean fail) throws Exception {
        replica.node.onLoop(() -> {
            PayloadLoader real = new StagedRdbLoader(replica.node.server().config.databases, replica.node.server().encodingLimits);
            replica.node.assembly().replication.replica().setLoader(in -> {
                try {
                    if (!release.await(30, TimeUnit.SECONDS)) throw new IOException("latch never released");
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
                if (fail) throw new IOException("deliberately broken payload");
                return real.read(in);
            });
            return null;
        });
    }

    private static String persistence(BlockingClient c, String field) throws Exception {
        return info(c, "persistence").get(field);
    }

    @Test
    void swapdbServesTheOldDataWhileThePayloadLoads() throws Exception {
        try (TestNode m = TestNode.start(); TestNode r = TestNode.start("repl-diskless-load", "swapdb")) {
            BlockingClient cm = m.raw(), cr = r.raw();
            cm.call("SET", "new", "2");
            cr.call("SET", "old", "1");
            CountDownLatch release = new CountDownLatch(1);
            holdLoads(r, release, false);
            cr.call("REPLICAOF", "127.0.0.1", Integer.toString(m.port()));
            await("async loading", () -> "1".equals(persistence(cr, "async_loading")));
            assertEquals("0", persistence(cr, "loading"));
            assertEquals("1", cr.call("GET", "old").asString());
            assertNull(cr.call("GET", "new").asString());
            assertEquals("LOADING Redis is loading the dataset in memory", cr.call("SAVE").asString());
            cm.call("SET", "during", "3");   // held while loading, applied after the swap
            release.countDown();
            awaitInSync(cm, cr);
            assertNull(cr.call("GET", "old").asString());
            assertEquals("2", cr.call("GET", "new").asString());
            assertEquals("3", cr.call("GET", "during").asString());
            assertEquals("0", persistence(cr, "async_loading"));
        }
    }

    @Test
    void disabledFlushesAndAnswersLoadingWhileThePayloadLoads() throws Exception {
        try (TestNode m = TestNode.start(); TestNode r = TestNode.start()) {
            BlockingClient cm = m.raw(), cr = r.raw();
            cm.call("SET", "new", "2");
            cr.call("SET", "old", "1");
            CountDownLatch release = new CountDownLatch(1);
            holdLoads(r, release, false);
            cr.call("REPLICAOF", "127.0.0.1", Integer.toString(m.port()));
            await("loading", () -> "1".equals(persistence(cr, "loading")));
            assertEquals("0", persistence(cr, "async_loading"));
            assertEquals("LOADING Redis is loading the dataset in memory", cr.call("GET", "old").asString());
            release.countDown();
            awaitInSync(cm, cr);
            assertNull(cr.call("GET", "old").asString());
            assertEquals("2", cr.call("GET", "new").asString());
        }
    }

    @Test
    void swapdbKeepsTheOldDataWhenThePayloadFailsToLoad() throws Exception {
        try (TestNode m = TestNode.start(); TestNode r = TestNode.start("repl-diskless-load", "swapdb")) {
            BlockingClient cm = m.raw(), cr = r.raw();
            cm.call("SET", "new", "2");
            cr.call("SET", "old", "1");
            CountDownLatch release = new CountDownLatch(1);
            holdLoads(r, release, true);
            cr.call("REPLICAOF", "127.0.0.1", Integer.toString(m.port()));
            await("async loading", () -> "1".equals(persistence(cr, "async_loading")));
            release.countDown();
            await("load failed", () -> "0".equals(persistence(cr, "async_loading")));
            assertEquals("1", cr.call("GET", "old").asString());   // the failed load did not touch the old data
            r.node.onLoop(() -> {
                r.node.assembly().replication.replica().setLoader(new StagedRdbLoader(r.node.server().config.databases, r.node.server().encodingLimits));
                return null;
            });
            awaitInSync(cm, cr);   // the next attempt loads
            assertEquals("2", cr.call("GET", "new").asString());
            assertNull(cr.call("GET", "old").asString());
        }
    }
}
