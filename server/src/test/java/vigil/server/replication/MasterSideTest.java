package vigil.server.replication;

import org.junit.jupiter.api.Test;
import vigil.client.BlockingClient;
import vigil.resp.RespValue;
import vigil.server.support.RedisProcess;
import vigil.server.support.TestNode;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vigil.server.replication.ReplicaTestKit.*;

/**
 * The master side with real sockets: a Vigil replica of a Vigil master, and Redis 7.0 as a
 * replica of Vigil (skipped visibly without Debian's redis-server): full sync of every type over
 * several dbs, the write stream, and partial resync after CLIENT KILL TYPE replica.
 */
class MasterSideTest {

    private static String digest(BlockingClient c) throws Exception {
        return c.call("DEBUG", "DIGEST").asString();
    }

    private static void cutAndContinue(BlockingClient m, BlockingClient r, String tag, long partialBefore) throws Exception {
        assertEquals(1L, ((RespValue.Int) m.call("CLIENT", "KILL", "TYPE", "replica")).value());
        writes(m, tag, 50);
        await("partial resync", () -> Long.parseLong(info(m, "stats").get("sync_partial_ok")) == partialBefore + 1);
        awaitInSync(m, r);
        assertSameData(m, r);
        assertEquals(digest(m), digest(r));
    }

    @Test
    void vigilReplicaOfVigilFullSyncStreamAndPartialResync() throws Exception {
        try (TestNode master = TestNode.start(); TestNode replica = TestNode.start()) {
            BlockingClient m = master.raw(), r = replica.raw();
            populate(m, "pre:");
            assertEquals("0", info(m, "replication").get("master_repl_offset"));
            r.call("REPLICAOF", "127.0.0.1", Integer.toString(master.port()));
            awaitInSync(m, r);
            assertSameData(m, r);
            assertEquals(digest(m), digest(r));
            assertEquals(info(m, "replication").get("master_replid"), info(r, "replication").get("master_replid"));

            writes(m, "w1:", 200);
            awaitInSync(m, r);
            assertSameData(m, r);
            assertEquals(digest(m), digest(r));

            cutAndContinue(m, r, "w2:", 0);
            cutAndContinue(m, r, "w3:", 1);
            Map<String, String> stats = info(m, "stats");
            assertEquals("1", stats.get("sync_full"));
            // the replica's first PSYNC offered its own history (as Redis's replicationCacheMasterUsingMyself): refused once
            assertEquals("1", stats.get("sync_partial_err"));

            Map<String, String> repl = info(m, "replication");
            assertEquals("1", repl.get("connected_slaves"));
            await("ack caught up", () -> info(m, "replication").get("slave0")
                    .endsWith("offset=" + info(m, "replication").get("master_repl_offset") + ",lag=0"));
            assertEquals("ip=127.0.0.1,port=" + replica.port() + ",state=online,offset=" + info(m, "replication").get("master_repl_offset") + ",lag=0",
                    info(m, "replication").get("slave0"));
            assertEquals("1", repl.get("repl_backlog_active"));
            assertEquals("1048576", repl.get("repl_backlog_size"));
            assertEquals("1", repl.get("repl_backlog_first_byte_offset"));
            List<RespValue> role = items(m.call("ROLE"));
            assertEquals("master", role.get(0).asString());
            List<RespValue> replicas = items(role.get(2));
            assertEquals(1, replicas.size());
            assertEquals(List.of("127.0.0.1", Integer.toString(replica.port())), strings(replicas.get(0)).subList(0, 2));
        }
    }

    @Test
    void linkCutRepeatedlyUnderAConcurrentWriteLoadResyncsPartially() throws Exception {
        try (TestNode master = TestNode.start(); TestNode replica = TestNode.start()) {
            BlockingClient m = master.raw(), r = replica.raw(), admin = master.raw();
            populate(m, "pre:");
            r.call("REPLICAOF", "127.0.0.1", Integer.toString(master.port()));
            awaitInSync(m, r);
            java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
            java.util.concurrent.atomic.AtomicReference<Exception> failed = new java.util.concurrent.atomic.AtomicReference<>();
            Thread load = new Thread(() -> {
                try {
                    for (int i = 0; !stop.get(); i++) writes(m, "load" + i + ":", 5);
                } catch (Exception e) {
                    failed.set(e);
                }
            });
            load.start();
            for (int cut = 1; cut <= 4; cut++) {
                long before = Long.parseLong(info(admin, "stats").get("sync_partial_ok"));
                await("replica online", () -> info(admin, "replication").getOrDefault("slave0", "").contains("state=online"));
                long off = Long.parseLong(info(admin, "replication").get("master_repl_offset"));
                await("load through the live link", () -> Long.parseLong(info(admin, "replication").get("master_repl_offset")) > off + 2000);
                admin.call("CLIENT", "KILL", "TYPE", "replica");
                await("partial resync " + before, () -> Long.parseLong(info(admin, "stats").get("sync_partial_ok")) > before);
            }
            stop.set(true);
            load.join();
            if (failed.get() != null) throw failed.get();
            awaitInSync(admin, r);
            assertSameData(admin, r);
            assertEquals("1", info(admin, "stats").get("sync_full"));
        }
    }

    @Test
    void pingsGoIntoTheStreamEveryPeriod() throws Exception {
        try (TestNode master = TestNode.start("repl-ping-replica-period", "1"); TestNode replica = TestNode.start()) {
            BlockingClient m = master.raw(), r = replica.raw();
            m.call("SET", "k", "v");
            r.call("REPLICAOF", "127.0.0.1", Integer.toString(master.port()));
            awaitInSync(m, r);
            long before = Long.parseLong(info(m, "replication").get("master_repl_offset"));
            await("a PING in the stream", () -> Long.parseLong(info(m, "replication").get("master_repl_offset")) >= before + 14);
            awaitInSync(m, r);
        }
    }

    @Test
    void unknownIdOrOffsetOutsideTheBacklogGetsAFullResync() throws Exception {
        try (TestNode master = TestNode.start()) {
            BlockingClient m = master.raw();
            m.call("SET", "a", "1");
            BlockingClient c = master.raw();
            assertEquals("OK", c.call("REPLCONF", "listening-port", "1234").asString());
            assertEquals("OK", c.call("REPLCONF", "capa", "eof", "capa", "psync2").asString());
            assertEquals("ERR syntax error", c.call("REPLCONF", "foo").asString());
            assertEquals("ERR Unrecognized REPLCONF option: foo", c.call("REPLCONF", "foo", "bar").asString());
            String reply = c.call("PSYNC", "0123456789012345678901234567890123456789", "5").asString();
            assertTrue(reply.startsWith("FULLRESYNC "), reply);
            assertEquals("1", info(m, "stats").get("sync_partial_err"));
            assertEquals("1", info(m, "stats").get("sync_full"));
        }
    }

    @Test
    void redisReplicaOfVigilFullSyncThenPartialAfterLinkBreak() throws Exception {
        try (TestNode master = TestNode.start();
             RedisProcess redis = RedisProcess.start("--enable-debug-command", "yes")) {
            BlockingClient m = master.raw(), r = redis.raw();
            populate(m, "pre:");
            assertEquals("OK", r.call("REPLICAOF", "127.0.0.1", Integer.toString(master.port())).asString());
            awaitInSync(m, r);
            assertSameData(m, r);
            assertEquals(digest(m), digest(r));
            writes(m, "w1:", 200);
            awaitInSync(m, r);
            assertSameData(m, r);
            assertEquals(digest(m), digest(r));
            cutAndContinue(m, r, "w2:", 0);
            // cut from Redis's side
            r.call("CLIENT", "KILL", "TYPE", "master");
            writes(m, "w3:", 50);
            await("partial resync from Redis", () -> "2".equals(info(m, "stats").get("sync_partial_ok")));
            awaitInSync(m, r);
            assertSameData(m, r);
            assertEquals("1", info(m, "stats").get("sync_full"));
        }
    }
}
