package vigil.server.replication;

import vigil.resp.RespCommand;
import org.junit.jupiter.api.Test;
import vigil.client.BlockingClient;
import vigil.server.support.RedisProcess;
import vigil.server.support.TestNode;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vigil.server.replication.ReplicaTestKit.*;

/**
 * client-output-buffer-limit replica for ONLINE replicas: the stream bytes queued on a replica's
 * socket count; a replica that stops reading is dropped once over the hard limit (and syncs
 * again when it comes back), while a replica that keeps up is untouched.
 */
class ReplicaOutputLimitTest {
    private static final String VALUE = "x".repeat(10_000);

    private static void load(BlockingClient c, String tag, int n) throws Exception {
        for (int i = 0; i < n; i++) c.call("SET", tag + (i % 50), VALUE);
    }

    @Test
    void replicaThatStopsReadingIsDroppedOverTheHardLimit() throws Exception {
        try (TestNode m = TestNode.start("client-output-buffer-limit", "replica 2mb 0 0", "repl-diskless-sync", "no");
             TestNode healthy = TestNode.start(); Socket stuck = new Socket()) {
            BlockingClient cm = m.raw(), ch = healthy.raw();
            ch.call("REPLICAOF", "127.0.0.1", Integer.toString(m.port()));
            awaitInSync(cm, ch);
            stuck.setReceiveBufferSize(4096);
            stuck.connect(new java.net.InetSocketAddress("127.0.0.1", m.port()));
            OutputStream out = stuck.getOutputStream();
            out.write(RespCommand.encode("REPLCONF".getBytes(), "listening-port".getBytes(), "1".getBytes()));
            out.write(RespCommand.encode("PSYNC".getBytes(), "?".getBytes(), "-1".getBytes()));
            out.flush();
            await("two replicas online", () -> info(cm, "replication").getOrDefault("slave1", "").contains("state=online"));
            long full = Long.parseLong(info(cm, "stats").get("sync_full"));

            // 30 MB of stream, far more than the kernel buffers and the limit, paced by the healthy
            // replica (in sync every 1 MB) so that only the stuck one can fall 2 MB behind.
            for (int batch = 0; batch < 30; batch++) {
                load(cm, "k", 100);
                awaitInSync(cm, ch);
            }
            await("stuck replica dropped", () -> "1".equals(info(cm, "replication").get("connected_slaves")));
            assertTrue(info(cm, "replication").get("slave0").contains("port=" + healthy.port()));
            awaitInSync(cm, ch);
            assertEquals(full, Long.parseLong(info(cm, "stats").get("sync_full")));   // the healthy one never resynced
            assertSameData(cm, ch);
            // the dropped connection ends: after its buffered bytes the stuck socket sees EOF
            stuck.setSoTimeout(10_000);
            InputStream in = stuck.getInputStream();
            byte[] buf = new byte[65536];
            long got = 0;
            int n;
            while ((n = in.read(buf)) >= 0) got += n;
            assertTrue(got < 30_000_000L, "received " + got);
        }
    }

    @Test
    void stoppedRedisReplicaIsDroppedAndSyncsAgainWhenResumed() throws Exception {
        RedisProcess.assumeAvailable();
        try (TestNode m = TestNode.start("client-output-buffer-limit", "replica 1mb 0 0");
             RedisProcess redis = RedisProcess.start()) {
            BlockingClient cm = m.raw(), cr = redis.raw();
            cr.call("REPLICAOF", "127.0.0.1", Integer.toString(m.port()));
            awaitInSync(cm, cr);
            long full = Long.parseLong(info(cm, "stats").get("sync_full"));
            signal("STOP", redis.pid());
            try {
                load(cm, "k", 3000);
                await("stopped replica dropped", () -> "0".equals(info(cm, "replication").get("connected_slaves")));
            } finally {
                signal("CONT", redis.pid());
            }
            awaitInSync(cm, cr);
            assertTrue(Long.parseLong(info(cm, "stats").get("sync_full")) > full);
            assertEquals(Arrays.asList(cm.call("GET", "k7").asString()), Arrays.asList(cr.call("GET", "k7").asString()));
            assertEquals(cm.call("DBSIZE").asString(), cr.call("DBSIZE").asString());
        }
    }

    private static void signal(String sig, long pid) throws Exception {
        assertEquals(0, new ProcessBuilder("kill", "-" + sig, Long.toString(pid)).inheritIO().start().waitFor());
    }
}
