package vigil.server.replication;

import org.junit.jupiter.api.Test;
import vigil.client.BlockingClient;
import vigil.server.support.RedisProcess;

import vigil.server.support.TestNode;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vigil.server.replication.ReplicaTestKit.*;

/**
 * INFO stats byte counters around replication, as Redis 7.0: a replica counts what its master
 * sends in total_net_repl_input_bytes (also part of total_net_input_bytes), a master counts
 * what it sends its replicas in total_net_repl_output_bytes (part of total_net_output_bytes).
 */
class ReplicationNetStatsTest {
    private static final int INFO_STATS_BYTES = "*2\r\n$4\r\nINFO\r\n$5\r\nstats\r\n".length();

    private static long stat(Map<String, String> s, String name) {
        return Long.parseLong(s.get(name));
    }

    private static long offset(BlockingClient m) throws Exception {
        return Long.parseLong(info(m, "replication").get("master_repl_offset"));
    }

    @Test
    void replicaCountsTheStreamAsReplicationInput() throws Exception {
        try (TestNode m = TestNode.start("repl-ping-replica-period", "3600"); TestNode r = TestNode.start()) {
            BlockingClient cm = m.raw(), cr = r.raw();
            populate(cm, "p:");
            cr.call("REPLICAOF", "127.0.0.1", Integer.toString(m.port()));
            awaitInSync(cm, cr);
            Map<String, String> r0 = info(cr, "stats"), m0 = info(cm, "stats");
            long o0 = offset(cm);
            assertTrue(stat(r0, "total_net_repl_input_bytes") > 1000, "payload counted");
            assertTrue(stat(r0, "total_net_input_bytes") > stat(r0, "total_net_repl_input_bytes"));

            writes(cm, "w:", 40);
            assertEquals(1L, ((vigil.resp.RespValue.Int) cm.call("WAIT", "1", "0")).value());
            long o1 = offset(cm);
            Map<String, String> r1 = info(cr, "stats"), m1 = info(cm, "stats");
            long stream = o1 - o0;
            assertEquals(stream, stat(r1, "total_net_repl_input_bytes") - stat(r0, "total_net_repl_input_bytes"));
            // the replica's own clients sent only the second INFO stats meanwhile
            assertEquals(INFO_STATS_BYTES, (stat(r1, "total_net_input_bytes") - stat(r1, "total_net_repl_input_bytes"))
                    - (stat(r0, "total_net_input_bytes") - stat(r0, "total_net_repl_input_bytes")));
            assertEquals(stream, stat(m1, "total_net_repl_output_bytes") - stat(m0, "total_net_repl_output_bytes"));
            assertTrue(stat(m1, "total_net_output_bytes") - stat(m1, "total_net_repl_output_bytes") >= 0);
            assertEquals(0, stat(m1, "total_net_repl_input_bytes"));
            assertTrue(stat(r1, "total_net_output_bytes") > 0, "ACKs are the master client's output");
        }
    }

    @Test
    void redisReplicaCountsTheSameStreamBytes() throws Exception {
        RedisProcess.assumeAvailable();
        try (TestNode m = TestNode.start("repl-ping-replica-period", "3600"); RedisProcess redis = RedisProcess.start();
             TestNode r = TestNode.start()) {
            BlockingClient cm = m.raw(), cred = redis.raw(), cr = r.raw();
            cred.call("REPLICAOF", "127.0.0.1", Integer.toString(m.port()));
            cr.call("REPLICAOF", "127.0.0.1", Integer.toString(m.port()));
            awaitInSync(cm, cred);
            awaitInSync(cm, cr);
            long red0 = stat(info(cred, "stats"), "total_net_repl_input_bytes"), vig0 = stat(info(cr, "stats"), "total_net_repl_input_bytes");
            writes(cm, "w:", 30);
            assertEquals(2L, ((vigil.resp.RespValue.Int) cm.call("WAIT", "2", "0")).value());
            long red1 = stat(info(cred, "stats"), "total_net_repl_input_bytes"), vig1 = stat(info(cr, "stats"), "total_net_repl_input_bytes");
            assertEquals(red1 - red0, vig1 - vig0);
            assertTrue(vig1 - vig0 > 0);
        }
    }
}
