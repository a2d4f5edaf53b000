package vigil.server.replication;

import vigil.resp.RespCommand;
import org.junit.jupiter.api.Test;
import vigil.client.BlockingClient;
import vigil.server.support.TestNode;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vigil.server.replication.ReplicaTestKit.*;

/**
 * repl-diskless-sync-delay / repl-diskless-sync-max-replicas (a diskless sync waits for more
 * replicas, or starts once max-replicas are waiting) and repl-backlog-ttl (a master alone frees
 * its backlog and starts a new history; a replica keeps its backlog).
 */
class DisklessDelayAndBacklogTtlTest {

    private static String slave(BlockingClient m, int i) throws Exception {
        return info(m, "replication").getOrDefault("slave" + i, "");
    }

    @Test
    void disklessSyncWaitsForTheDelay() throws Exception {
        try (TestNode m = TestNode.start("repl-diskless-sync-delay", "2"); TestNode r = TestNode.start()) {
            BlockingClient cm = m.raw(), cr = r.raw();
            cm.call("SET", "k", "v");
            long start = System.currentTimeMillis();
            cr.call("REPLICAOF", "127.0.0.1", Integer.toString(m.port()));
            await("replica waiting", () -> slave(cm, 0).contains("state=wait_bgsave"));
            Thread.sleep(1000);   // deliberately inside the 2 s delay: nothing may have started
            assertTrue(slave(cm, 0).contains("state=wait_bgsave"), slave(cm, 0));
            awaitInSync(cm, cr);
            assertTrue(System.currentTimeMillis() - start >= 2000);
            assertEquals("v", cr.call("GET", "k").asString());
        }
    }

    @Test
    void disklessSyncStartsOnceMaxReplicasAreWaiting() throws Exception {
        try (TestNode m = TestNode.start("repl-diskless-sync-delay", "60", "repl-diskless-sync-max-replicas", "2");
             TestNode a = TestNode.start(); TestNode b = TestNode.start()) {
            BlockingClient cm = m.raw(), ca = a.raw(), cb = b.raw();
            cm.call("SET", "k", "v");
            ca.call("REPLICAOF", "127.0.0.1", Integer.toString(m.port()));
            await("first replica waiting", () -> slave(cm, 0).contains("state=wait_bgsave"));
            Thread.sleep(500);   // one replica of two: still waiting (delay is 60 s)
            assertTrue(slave(cm, 0).contains("state=wait_bgsave"));
            cb.call("REPLICAOF", "127.0.0.1", Integer.toString(m.port()));
            awaitInSync(cm, ca);   // well before the 60 s delay
            awaitInSync(cm, cb);
            assertEquals("2", info(cm, "stats").get("sync_full"));
            assertEquals("v", cb.call("GET", "k").asString());
        }
    }

    @Test
    void replicaWithoutEofCapaIsNotDelayed() throws Exception {
        try (TestNode m = TestNode.start("repl-diskless-sync-delay", "60")) {
            BlockingClient cm = m.raw();
            cm.call("SET", "k", "v");
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", m.port())) {
                s.getOutputStream().write(RespCommand.encode("SYNC".getBytes()));
                s.setSoTimeout(10_000);
                int first;
                do {
                    first = s.getInputStream().read();
                } while (first == '\n');
                assertEquals('$', first);   // the disk-style payload came without waiting 60 s
            }
        }
    }

    @Test
    void masterWithoutReplicasFreesItsBacklogAfterTheTtl() throws Exception {
        try (TestNode m = TestNode.start("repl-backlog-ttl", "1"); TestNode r = TestNode.start("repl-backlog-ttl", "1")) {
            BlockingClient cm = m.raw(), cr = r.raw();
            cr.call("REPLICAOF", "127.0.0.1", Integer.toString(m.port()));
            awaitInSync(cm, cr);
            cm.call("SET", "k", "v");
            awaitInSync(cm, cr);
            Map<String, String> before = info(cm, "replication");
            assertEquals("1", before.get("repl_backlog_active"));
            Thread.sleep(2500);   // past the ttl while the replica is connected: nothing freed
            assertEquals("1", info(cm, "replication").get("repl_backlog_active"));
            long t0 = System.currentTimeMillis();
            cr.call("REPLICAOF", "NO", "ONE");   // the master is alone now; the old replica is a master without replicas too
            await("backlog freed", () -> "0".equals(info(cm, "replication").get("repl_backlog_active")));
            assertTrue(System.currentTimeMillis() - t0 >= 1000);
            Map<String, String> after = info(cm, "replication");
            assertNotEquals(before.get("master_replid"), after.get("master_replid"));
            assertEquals("0000000000000000000000000000000000000000", after.get("master_replid2"));
            assertEquals("-1", after.get("second_repl_offset"));
            assertEquals(before.get("master_repl_offset"), after.get("master_repl_offset"));
        }
    }

    @Test
    void replicaNeverFreesItsBacklog() throws Exception {
        try (TestNode m = TestNode.start(); TestNode r = TestNode.start("repl-backlog-ttl", "1")) {
            BlockingClient cm = m.raw(), cr = r.raw();
            cr.call("REPLICAOF", "127.0.0.1", Integer.toString(m.port()));
            awaitInSync(cm, cr);
            cm.call("SET", "k", "v");
            awaitInSync(cm, cr);
            assertEquals("1", info(cr, "replication").get("repl_backlog_active"));
            Thread.sleep(2500);   // past the ttl with no sub-replica
            assertEquals("1", info(cr, "replication").get("repl_backlog_active"));
        }
    }
}
