package vigil.server.replication;

import org.junit.jupiter.api.Test;
import vigil.client.BlockingClient;
import vigil.server.support.SentinelProcess;
import vigil.server.support.TestNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vigil.server.replication.ReplicaTestKit.*;

/**
 * Interop: three Redis 7.0 sentinels (Debian's redis-sentinel) supervise three Vigil nodes. They
 * discover the replicas and each other through Vigil's INFO and pub/sub, fail over when the
 * master dies (Vigil accepts Redis Sentinel's MULTI / REPLICAOF / CONFIG REWRITE / CLIENT KILL
 * transaction), repoint the other replica, and turn the old master into a replica when it returns.
 */
class RedisSentinelOverVigilTest {

    @Test
    void redisSentinelsFailOverVigilNodes() throws Exception {
        SentinelProcess.assumeAvailable();
        TestNode master = TestNode.start();
        int masterPort = master.port();
        List<SentinelProcess> sentinels = new ArrayList<>();
        try (TestNode r1 = TestNode.start("replica-priority", "10"); TestNode r2 = TestNode.start("replica-priority", "20")) {
            BlockingClient cm = master.raw(), c1 = r1.raw(), c2 = r2.raw();
            c1.call("REPLICAOF", "127.0.0.1", Integer.toString(masterPort));
            c2.call("REPLICAOF", "127.0.0.1", Integer.toString(masterPort));
            populate(cm, "before:");
            awaitInSync(cm, c1);
            awaitInSync(cm, c2);

            String conf = "sentinel monitor mymaster 127.0.0.1 " + masterPort + " 2\n"
                    + "sentinel down-after-milliseconds mymaster 1000\n"
                    + "sentinel failover-timeout mymaster 10000\n"
                    + "sentinel parallel-syncs mymaster 1\n";
            for (int i = 0; i < 3; i++) sentinels.add(SentinelProcess.start(conf));
            for (SentinelProcess s : sentinels) {
                try (BlockingClient c = s.raw()) {
                    await("sentinel on " + s.port + " knows 2 replicas and 2 peers", () -> {
                        Map<String, String> m = fields(items(c.call("SENTINEL", "MASTER", "mymaster")));
                        return "2".equals(m.get("num-slaves")) && "2".equals(m.get("num-other-sentinels"));
                    });
                }
            }

            master.close(); // the master dies: its port refuses connections from now on

            // The lower replica-priority wins: r1.
            for (SentinelProcess s : sentinels) {
                try (BlockingClient c = s.raw()) {
                    awaitLong("sentinel on " + s.port + " names r1 as master", () ->
                            strings(c.call("SENTINEL", "GET-MASTER-ADDR-BY-NAME", "mymaster"))
                                    .equals(List.of("127.0.0.1", Integer.toString(r1.port()))));
                }
            }
            // Sentinel's promotion kills the normal clients (CLIENT KILL TYPE normal): reconnect.
            c1 = r1.raw();
            assertEquals("master", items(c1.call("ROLE")).get(0).asString());
            awaitLong("r2 replicates from r1", () -> replicatesFrom(r2.port(), r1.port()));
            c2 = r2.raw(); // reconfiguring r2 killed its clients too
            writes(c1, "after:", 50);
            awaitInSync(c1, c2);
            assertSameData(c1, c2);

            // The old master comes back on its port, empty: the sentinels make it a replica of r1.
            try (TestNode back = TestNode.start("port", Integer.toString(masterPort))) {
                awaitLong("old master converted to a replica of r1", () -> replicatesFrom(back.port(), r1.port()));
                BlockingClient cb = back.raw();
                awaitInSync(c1, cb);
                assertSameData(c1, cb);
            }
            for (SentinelProcess s : sentinels) {
                long switches = s.log().lines().filter(l -> l.contains("+switch-master")).count();
                assertEquals(1, switches, "one failover only, sentinel " + s.port + ":\n" + s.log());
            }
        } catch (AssertionError e) {
            for (SentinelProcess s : sentinels) System.err.println("---- sentinel " + s.port + "\n" + s.log());
            throw e;
        } finally {
            for (SentinelProcess s : sentinels) s.close();
            master.close();
        }
    }

    /** A fresh connection each time: the sentinel's CLIENT KILL TYPE normal may cut any client of a node it reconfigures. */
    private static boolean replicatesFrom(int port, int masterPort) throws Exception {
        try (BlockingClient probe = new BlockingClient("127.0.0.1", port, 5000)) {
            Map<String, String> i = info(probe, "replication");
            return Integer.toString(masterPort).equals(i.get("master_port")) && "up".equals(i.get("master_link_status"));
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static Map<String, String> fields(List<vigil.resp.RespValue> flat) {
        Map<String, String> m = new java.util.HashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) m.put(flat.get(i).asString(), flat.get(i + 1).asString());
        return m;
    }

    /** Failovers and conversions take several of Sentinel's periods: a longer deadline than {@code await}. */
    private static void awaitLong(String what, Check check) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (!check.ok()) {
            assertTrue(System.currentTimeMillis() < deadline, "timed out waiting for " + what);
            Thread.sleep(50);
        }
    }
}
