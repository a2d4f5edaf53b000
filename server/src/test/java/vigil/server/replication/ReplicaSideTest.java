package vigil.server.replication;

import org.junit.jupiter.api.Test;
import vigil.client.BlockingClient;
import vigil.resp.RequestDecoder;
import vigil.resp.RespValue;
import vigil.server.node.VigilServer;
import vigil.server.support.RedisProcess;
import vigil.server.support.TestNode;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vigil.server.replication.ReplicaTestKit.*;

/**
 * The replica role's observable details against Redis 7.0: INFO replication's fields beside a
 * Redis replica's, ACKs (WAIT), -LOADING while a payload loads, the forwarded stream for
 * sub-replicas, PSYNC2 continuation after REPLICAOF to a promoted sibling.
 */
class ReplicaSideTest {
    static final String[] MASTER = ReplicaOfRedisTest.MASTER;

    static List<String> fieldNames(BlockingClient c) throws Exception {
        List<String> names = new ArrayList<>();
        for (String line : c.call("INFO", "replication").asString().split("\r\n")) {
            int i = line.indexOf(':');
            if (i > 0) names.add(line.substring(0, i));
        }
        return names;
    }

    /** A Vigil replica's fields less its own last one (zero-loss mode's min_replicas_ack), which must come last. */
    static List<String> redisFieldNames(BlockingClient c) throws Exception {
        List<String> names = fieldNames(c);
        assertEquals("min_replicas_ack", names.get(names.size() - 1));
        return names.subList(0, names.size() - 1);
    }

    @Test
    void infoReplicationFieldsMatchARedisReplica() throws Exception {
        try (RedisProcess redis = RedisProcess.start(MASTER);
             RedisProcess sibling = RedisProcess.start("--replicaof", "127.0.0.1", "0");
             TestNode vigil = TestNode.start()) {
            BlockingClient m = redis.raw(), s = sibling.raw(), r = vigil.raw();
            int dead = RedisProcess.freePort();
            s.call("REPLICAOF", "127.0.0.1", Integer.toString(dead));
            r.call("REPLICAOF", "127.0.0.1", Integer.toString(dead));
            assertEquals(fieldNames(s), redisFieldNames(r));   // link down, never up
            assertEquals("-1", info(r, "replication").get("master_link_down_since_seconds"));
            assertEquals("-1", items(r.call("ROLE")).get(4).asString());

            s.call("REPLICAOF", "127.0.0.1", Integer.toString(redis.port));
            r.call("REPLICAOF", "127.0.0.1", Integer.toString(redis.port));
            m.call("SET", "k", "v");
            awaitInSync(m, s);
            awaitInSync(m, r);
            assertEquals(fieldNames(s), redisFieldNames(r));   // link up
            assertEquals(info(s, "replication").get("slave_repl_offset"), info(r, "replication").get("slave_repl_offset"));
            assertEquals(info(s, "replication").get("slave_read_repl_offset"), info(r, "replication").get("slave_read_repl_offset"));
            assertEquals(strings(s.call("ROLE")).subList(0, 4), strings(r.call("ROLE")).subList(0, 4));
        }
    }

    @Test
    void acksReachTheMasterAndGetackIsAnsweredAtOnce() throws Exception {
        try (RedisProcess redis = RedisProcess.start(MASTER); TestNode vigil = TestNode.start()) {
            BlockingClient m = redis.raw(), r = vigil.raw();
            r.call("REPLICAOF", "127.0.0.1", Integer.toString(redis.port));
            awaitInSync(m, r);
            m.call("SET", "a", "1");
            long t0 = System.nanoTime();
            assertEquals(1L, ((RespValue.Int) m.call("WAIT", "1", "5000")).value());
            assertTrue(System.nanoTime() - t0 < TimeUnit.MILLISECONDS.toNanos(900), "WAIT answered by a GETACK, not the periodic ACK");
            await("periodic ACK carries the offset", () -> {
                Map<String, String> i = info(m, "replication");
                return i.get("slave0").contains("offset=" + i.get("master_repl_offset") + ",");
            });
        }
    }

    @Test
    void clientsGetLoadingWhileThePayloadIsParsed() throws Exception {
        try (RedisProcess redis = RedisProcess.start(MASTER); TestNode vigil = TestNode.start()) {
            BlockingClient m = redis.raw(), r = vigil.raw();
            populate(m, "l:");
            CountDownLatch release = new CountDownLatch(1);
            VigilServer server = vigil.node.server();
            vigil.node.onLoop(() -> {
                PayloadLoader real = new StagedRdbLoader(server.config.databases, server.encodingLimits);
                vigil.node.assembly().replication.replica().setLoader(in -> {
                    PayloadLoader.Staged staged = real.read(in);
                    try {
                        release.await(20, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return staged;
                });
                return null;
            });
            r.call("REPLICAOF", "127.0.0.1", Integer.toString(redis.port));
            await("-LOADING", () -> "LOADING Redis is loading the dataset in memory".equals(r.call("GET", "x").asString()));
            assertEquals("1", info(r, "replication").get("master_sync_in_progress"));
            assertEquals("sync", items(r.call("ROLE")).get(3).asString());
            m.call("SET", "during", "load");   // buffered, applied after the payload
            release.countDown();
            awaitInSync(m, r);
            assertSameData(m, r);
        }
    }

    @Test
    void appliedStreamIsForwardedByteExactAndNotPropagatedAgain() throws Exception {
        try (RedisProcess redis = RedisProcess.start(MASTER); TestNode vigil = TestNode.start()) {
            BlockingClient m = redis.raw(), r = vigil.raw();
            VigilServer server = vigil.node.server();
            ByteArrayOutputStream forwarded = new ByteArrayOutputStream();
            List<String> fed = Collections.synchronizedList(new ArrayList<>());
            long[] lastOffset = {0};
            vigil.node.onLoop(() -> {
                server.propagation.setFeed((db, argv) -> fed.add(new String(argv[0])));
                vigil.node.assembly().replication.replica().setListener((chunk, offset) -> {
                    synchronized (forwarded) {
                        forwarded.writeBytes(chunk);
                        lastOffset[0] = offset;
                    }
                });
                return null;
            });
            r.call("REPLICAOF", "127.0.0.1", Integer.toString(redis.port));
            awaitInSync(m, r);
            long start = Long.parseLong(info(m, "replication").get("master_repl_offset"));
            synchronized (forwarded) {
                forwarded.reset();
            }
            writes(m, "fw:", 20);
            awaitInSync(m, r);
            long end = Long.parseLong(info(m, "replication").get("master_repl_offset"));
            List<byte[][]> cmds;
            synchronized (forwarded) {
                assertEquals(end - start, forwarded.size());
                assertEquals(end, lastOffset[0]);
                cmds = RequestDecoder.decodeAll(forwarded.toByteArray());
            }
            assertTrue(cmds.stream().anyMatch(a -> new String(a[0]).equalsIgnoreCase("set")));
            assertTrue(fed.isEmpty(), "a replica's own feed stays silent: " + fed);
            r.call("REPLICAOF", "NO", "ONE");
            r.call("SET", "mine", "1");
            await("promoted node propagates its writes", () -> fed.contains("SET"));
        }
    }

    @Test
    void replicaofToAPromotedSiblingContinuesPartially() throws Exception {
        try (RedisProcess redis = RedisProcess.start(MASTER); RedisProcess sibling = RedisProcess.start(MASTER);
             TestNode vigil = TestNode.start()) {
            BlockingClient m = redis.raw(), s = sibling.raw(), r = vigil.raw();
            populate(m, "p:");
            s.call("REPLICAOF", "127.0.0.1", Integer.toString(redis.port));
            r.call("REPLICAOF", "127.0.0.1", Integer.toString(redis.port));
            writes(m, "p2:", 20);
            awaitInSync(m, s);
            awaitInSync(m, r);
            String oldId = info(m, "replication").get("master_replid");
            s.call("REPLICAOF", "NO", "ONE");
            r.call("REPLICAOF", "127.0.0.1", Integer.toString(sibling.port));
            s.call("SET", "after", "promotion");
            awaitInSync(s, r);
            assertEquals("1", info(s, "stats").get("sync_partial_ok"));
            assertEquals("0", info(s, "stats").get("sync_full"));
            Map<String, String> ri = info(r, "replication");
            assertEquals(info(s, "replication").get("master_replid"), ri.get("master_replid"));
            assertEquals(oldId, ri.get("master_replid2"));
            assertSameData(s, r);
        }
    }

    @Test
    void linkCutRepeatedlyUnderAContinuousWriteLoadResyncsPartially() throws Exception {
        try (RedisProcess redis = RedisProcess.start(MASTER); TestNode vigil = TestNode.start()) {
            BlockingClient m = redis.raw(), r = vigil.raw();
            populate(m, "load:");
            r.call("REPLICAOF", "127.0.0.1", Integer.toString(redis.port));
            awaitInSync(m, r);
            java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
            java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
            Thread writer = new Thread(() -> {
                try (BlockingClient w = redis.raw()) {
                    for (int round = 0; !stop.get(); round++) writes(w, "r" + round + ":", 20);
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            writer.start();
            try {
                for (int cut = 0; cut < 4; cut++) {
                    Thread.sleep(150);
                    if (cut % 2 == 0) m.call("CLIENT", "KILL", "TYPE", "replica");
                    else r.call("CLIENT", "KILL", "TYPE", "master");
                    String expected = Integer.toString(cut + 1);
                    await("partial resync #" + expected, () -> expected.equals(info(m, "stats").get("sync_partial_ok")));
                    awaitLinkUp(r);
                }
            } finally {
                stop.set(true);
                writer.join(20_000);
            }
            assertEquals(null, failure.get());
            awaitInSync(m, r);
            assertSameData(m, r);
            Map<String, String> stats = info(m, "stats");
            assertEquals("1", stats.get("sync_full"));
            assertEquals("4", stats.get("sync_partial_ok"));
        }
    }
}
