package vigil.server.replication;

import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Transaction;
import vigil.client.BlockingClient;
import vigil.resp.RespCommand;
import vigil.resp.RespValue;
import vigil.config.ConfFile;
import vigil.server.Node;
import vigil.server.config.ServerConfig;
import vigil.server.support.RedisProcess;
import vigil.server.support.TestNode;

import java.io.ByteArrayOutputStream;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vigil.server.replication.ReplicaTestKit.await;
import static vigil.server.replication.ReplicaTestKit.awaitInSync;
import static vigil.server.replication.ReplicaTestKit.info;

/** Zero-loss mode (min-replicas-ack) on the node, over real sockets, and the stream-before-replies order. */
class ZeroLossTest {
    static final String NOREPLICAS = "NOREPLICAS Not enough good replicas to write.";

    static long offset(BlockingClient c) throws Exception {
        return Long.parseLong(info(c, "replication").get("master_repl_offset"));
    }

    static void awaitOnline(BlockingClient master, int replicas) throws Exception {
        await(replicas + " online replica(s)", () -> {
            Map<String, String> i = info(master, "replication");
            for (int n = 0; n < replicas; n++) {
                String line = i.get("slave" + n);
                if (line == null || !line.contains("state=online")) return false;
            }
            return true;
        });
    }

    static byte[] pipeline(String[]... commands) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (String[] c : commands) b.writeBytes(RespCommand.encode(c));
        return b.toByteArray();
    }

    /** Nothing arrives on {@code c} within 100 ms (its replies are held). */
    static void assertNothingYet(BlockingClient c) throws Exception {
        c.setTimeout(100);
        assertThrows(SocketTimeoutException.class, c::read);
        c.setTimeout(10_000);
    }

    @Test
    void aWriteIsAnsweredOnlyOnceTheVigilReplicaHasIt() throws Exception {
        try (TestNode master = TestNode.start("min-replicas-ack", "1"); TestNode replica = TestNode.start()) {
            BlockingClient m = master.raw(), r = replica.raw();
            r.call("REPLICAOF", "127.0.0.1", Integer.toString(master.port()));
            awaitInSync(m, r);
            Jedis j = master.jedis();
            long start = System.nanoTime();
            for (int i = 0; i < 100; i++) {
                assertEquals("OK", j.set("k" + i, "v" + i));
                // acknowledged means the replica holds it: no waiting for the replica here
                assertEquals("v" + i, r.call("GET", "k" + i).asString());
            }
            // the replica ACKs each batch (and GETACK asks): far from one ACK per second
            assertTrue(System.nanoTime() - start < 20_000_000_000L, "100 acknowledged writes took too long");
            Transaction t = j.multi();
            t.incr("counter");
            t.rpush("list", "a", "b");
            assertEquals(List.of(1L, 2L), t.exec());
            assertEquals("1", r.call("GET", "counter").asString());
            assertEquals("2", r.call("LLEN", "list").asString());
            assertEquals("v1", j.get("k1"));   // reads are served as usual

            Map<String, String> mi = info(m, "replication");
            assertEquals("1", mi.get("min_replicas_ack"));
            assertEquals("5000", mi.get("min_replicas_ack_timeout"));
            long acked = Long.parseLong(mi.get("acked_repl_offset"));
            assertTrue(acked > 0 && acked <= Long.parseLong(mi.get("master_repl_offset")), mi.toString());
            j.set("after", "x");
            assertTrue(Long.parseLong(info(m, "replication").get("acked_repl_offset")) > acked, "acked_repl_offset advances");
            Map<String, String> ri = info(r, "replication");
            assertEquals("0", ri.get("min_replicas_ack"));   // the replica's own setting
            assertFalse(ri.containsKey("acked_repl_offset"));
        }
    }

    @Test
    void aSilentReplicaMakesTheWriteAnswerNoackAfterTheTimeoutWithThePipelineInOrder() throws Exception {
        try (TestNode master = TestNode.start("min-replicas-ack", "1", "min-replicas-ack-timeout", "400")) {
            BlockingClient a = master.raw(), b = master.raw();
            try (FakeReplica replica = new FakeReplica(master.port())) {
                awaitOnline(b, 1);
                long sent = System.nanoTime();
                a.sendRaw(pipeline(new String[]{"SET", "a", "1"}, new String[]{"GET", "a"}, new String[]{"PING"}));
                await("the write applied", () -> "1".equals(b.call("GET", "a").asString()));   // another client at once
                assertNothingYet(a);
                RespValue noack = a.read();
                assertInstanceOf(RespValue.Error.class, noack);
                assertEquals("NOACK write may or may not have been applied: not acknowledged by 1 replica(s) within 400 ms",
                        noack.asString());
                assertTrue(System.nanoTime() - sent >= 390_000_000L, "answered before the timeout");
                assertEquals("1", a.read().asString());    // the pipelined read comes after, in order
                assertEquals("PONG", a.read().asString());
                assertEquals("1", a.call("GET", "a").asString());   // the write stays applied

                // the raw replica ACKs the write's offset: the reply is released
                a.send("SET", "b", "2");
                assertNothingYet(a);
                replica.ack(offset(b));
                assertEquals("OK", a.read().asString());

                // EXEC is held as a whole until its transaction is acknowledged (here: never)
                assertEquals("OK", a.call("MULTI").asString());
                assertEquals("QUEUED", a.call("INCR", "n").asString());
                assertEquals("QUEUED", a.call("INCR", "n").asString());
                a.send("EXEC");
                assertNothingYet(a);
                assertTrue(a.read().asString().startsWith("NOACK write may or may not have been applied"));
                assertEquals("2", b.call("GET", "n").asString());
                String errors = b.call("INFO", "errorstats").asString();
                assertTrue(errors.contains("errorstat_NOACK:count=2"), errors);
            }
        }
    }

    @Test
    void aPipelineOfWritesIsAcknowledgedTogetherAndABlockingCommandWaitsForItsTurn() throws Exception {
        try (TestNode master = TestNode.start("min-replicas-ack", "1", "min-replicas-ack-timeout", "0")) {
            BlockingClient a = master.raw(), b = master.raw();
            try (FakeReplica replica = new FakeReplica(master.port())) {
                awaitOnline(b, 1);
                String[][] commands = new String[19][];
                for (int i = 0; i < 16; i++) commands[i] = new String[]{"SET", "p" + i, Integer.toString(i)};
                commands[16] = new String[]{"LPUSH", "l", "x"};
                commands[17] = new String[]{"BLPOP", "l", "0"};
                commands[18] = new String[]{"GET", "p15"};
                a.sendRaw(pipeline(commands));
                // every write of the pipeline ran before any acknowledgement (they wait together)
                await("the pipelined writes applied", () -> "15".equals(b.call("GET", "p15").asString())
                        && "1".equals(b.call("LLEN", "l").asString()));
                assertNothingYet(a);
                assertEquals("1", b.call("LLEN", "l").asString());   // BLPOP waits for its turn: nothing popped
                replica.ack(offset(b));
                for (int i = 0; i < 16; i++) assertEquals("OK", a.read().asString());
                assertEquals("1", a.read().asString());
                // now BLPOP ran: it popped (a write), so its reply waits for the next acknowledgement
                await("BLPOP ran", () -> "0".equals(b.call("LLEN", "l").asString()));
                assertNothingYet(a);
                replica.ack(offset(b));
                assertEquals(List.of("l", "x"), ReplicaTestKit.strings(a.read()));
                assertEquals("15", a.read().asString());
            }
        }
    }

    @Test
    void aBlockedClientServedByAnotherClientsWriteWaitsForTheAcknowledgementToo() throws Exception {
        try (TestNode master = TestNode.start("min-replicas-ack", "1", "min-replicas-ack-timeout", "1500")) {
            BlockingClient a = master.raw(), b = master.raw(), c = master.raw();
            try (FakeReplica replica = new FakeReplica(master.port())) {
                awaitOnline(c, 1);
                // Not acknowledged: the pop ran (the element is gone) but its reply is -NOACK, as the push's.
                a.send("BLPOP", "l", "0");
                await("BLPOP blocked", () -> c.call("INFO", "clients").asString().contains("blocked_clients:1"));
                b.send("LPUSH", "l", "x");
                await("the pop ran", () -> "0".equals(c.call("LLEN", "l").asString())
                        && c.call("INFO", "clients").asString().contains("blocked_clients:0"));
                assertNothingYet(a);
                assertTrue(a.read().asString().startsWith("NOACK write may or may not have been applied"));
                assertTrue(b.read().asString().startsWith("NOACK write may or may not have been applied"));

                // Acknowledged: released with the element.
                a.send("BLPOP", "l", "0");
                await("BLPOP blocked again", () -> c.call("INFO", "clients").asString().contains("blocked_clients:1"));
                b.send("LPUSH", "l", "y");
                await("the second pop ran", () -> c.call("INFO", "clients").asString().contains("blocked_clients:0"));
                assertNothingYet(a);
                replica.ack(offset(c));
                assertEquals(List.of("l", "y"), ReplicaTestKit.strings(a.read()));
                assertEquals("1", b.read().asString());
                assertEquals("PONG", a.call("PING").asString());   // the client reads again
            }
        }
    }

    @Test
    void aResp3MessageWaitsBehindTheSubscribersHeldReply() throws Exception {
        try (TestNode master = TestNode.start("min-replicas-ack", "1", "min-replicas-ack-timeout", "1500")) {
            BlockingClient a = master.raw(), b = master.raw();
            try (FakeReplica replica = new FakeReplica(master.port())) {
                awaitOnline(b, 1);
                a.call("HELLO", "3");
                assertEquals(List.of("subscribe", "ch", "1"), ReplicaTestKit.strings(a.call("SUBSCRIBE", "ch")));
                a.send("SET", "k", "v");
                await("the write applied", () -> "v".equals(b.call("GET", "k").asString()));
                b.send("PUBLISH", "ch", "hello");   // PUBLISH propagates: its own reply is held too
                assertNothingYet(a);   // the message (delivered at once) does not overtake the held reply
                assertTrue(a.read().asString().startsWith("NOACK write may or may not have been applied"));
                assertEquals(List.of("message", "ch", "hello"), ReplicaTestKit.strings(a.read()));
                assertTrue(b.read().asString().startsWith("NOACK write may or may not have been applied"));
            }
        }
    }

    @Test
    void heldRepliesGetAnErrorWhenTheNodeStopsBeingAMaster() throws Exception {
        try (TestNode master = TestNode.start("min-replicas-ack", "1", "min-replicas-ack-timeout", "0")) {
            BlockingClient a = master.raw(), b = master.raw();
            try (FakeReplica replica = new FakeReplica(master.port())) {
                awaitOnline(b, 1);
                a.send("SET", "x", "1");
                assertNothingYet(a);   // timeout 0: waits forever
                assertEquals("OK", b.call("REPLICAOF", "127.0.0.1", Integer.toString(RedisProcess.freePort())).asString());
                RespValue v = a.read();
                assertInstanceOf(RespValue.Error.class, v);
                assertEquals("NOACK write may or may not have been applied: this node stopped being a master before enough replicas acknowledged it",
                        v.asString());
                assertEquals("1", a.call("GET", "x").asString());   // the client is served again
                assertEquals("1", info(b, "replication").get("min_replicas_ack"));   // a replica shows its own setting
            }
        }
    }

    @Test
    void withoutEnoughOnlineReplicasWritesAreRefusedBeforeTheyRun() throws Exception {
        try (TestNode master = TestNode.start("min-replicas-ack", "1")) {
            BlockingClient c = master.raw();
            assertEquals(NOREPLICAS, c.call("SET", "a", "1").asString());
            assertEquals(null, c.call("GET", "a").asString());   // not applied; reads are served
            assertEquals("OK", c.call("MULTI").asString());
            assertEquals(NOREPLICAS, c.call("SET", "a", "1").asString());
            assertEquals("EXECABORT Transaction discarded because of previous errors.", c.call("EXEC").asString());
            assertEquals("0", info(c, "replication").get("acked_repl_offset"));
            assertEquals("0", info(c, "replication").get("min_replicas_ack_join_delay"));   // off by default
            assertEquals(List.of("min-replicas-ack", "1"), ReplicaTestKit.strings(c.call("CONFIG", "GET", "min-replicas-ack")));
            assertEquals(List.of("min-replicas-ack-timeout", "5000"),
                    ReplicaTestKit.strings(c.call("CONFIG", "GET", "min-replicas-ack-timeout")));
            assertTrue(c.call("CONFIG", "SET", "min-replicas-ack-timeout", "-1").asString().startsWith("ERR CONFIG SET failed"));
            assertTrue(c.call("CONFIG", "SET", "min-replicas-ack", "x").asString().startsWith("ERR CONFIG SET failed"));
            assertEquals("OK", c.call("CONFIG", "SET", "min-replicas-ack", "0").asString());
            assertEquals("OK", c.call("SET", "a", "1").asString());   // n = 0: asynchronous, as Redis
        }
    }

    @Test
    void theDirectivesAreReadFromTheConfFileAndRewritten() throws Exception {
        Path dir = Files.createTempDirectory("vigil-zeroloss");
        Path conf = dir.resolve("node.conf");
        ServerConfig config = vigil.server.support.TestConfs.load(conf, "port 0\nbind 127.0.0.1\nsave \"\"\ndir " + ConfFile.quote(dir.toString()) + "\nmin-replicas-ack 2\nmin-replicas-ack-join-delay 30000\n");
        assertEquals(2, config.minReplicasAck);
        assertEquals(30000, config.minReplicasAckJoinDelay);
        try (Node n = Node.start(config); BlockingClient c = new BlockingClient("127.0.0.1", n.port(), 10_000)) {
            assertEquals("30000", info(c, "replication").get("min_replicas_ack_join_delay"));
            assertEquals("OK", c.call("CONFIG", "SET", "min-replicas-ack", "1", "min-replicas-ack-timeout", "250",
                    "min-replicas-ack-join-delay", "45000").asString());
            assertTrue(c.call("CONFIG", "SET", "min-replicas-ack-join-delay", "-1").asString().startsWith("ERR CONFIG SET failed"));
            assertTrue(c.call("CONFIG", "SET", "min-replicas-ack-join-delay", "soon").asString().startsWith("ERR CONFIG SET failed"));
            assertEquals(List.of("min-replicas-ack-join-delay", "45000"),
                    ReplicaTestKit.strings(c.call("CONFIG", "GET", "min-replicas-ack-join-delay")));
            assertEquals("OK", c.call("CONFIG", "REWRITE").asString());
        }
        String text = Files.readString(conf);
        assertTrue(text.contains("\nmin-replicas-ack 1\n"), text);          // in place
        assertTrue(text.contains("\nmin-replicas-ack-timeout 250\n"), text);  // appended
        assertTrue(text.contains("\nmin-replicas-ack-join-delay 45000\n"), text);
        ServerConfig reread = new ServerConfig();
        reread.load(ConfFile.read(conf));
        assertEquals(1, reread.minReplicasAck);
        assertEquals(250, reread.minReplicasAckTimeout);
        assertEquals(45000, reread.minReplicasAckJoinDelay);
    }

    @Test
    void aRedisReplicaAcknowledgesThroughGetack() throws Exception {
        RedisProcess.assumeAvailable();
        try (TestNode master = TestNode.start(); RedisProcess redis = RedisProcess.start()) {
            BlockingClient m = master.raw(), r = new BlockingClient("127.0.0.1", redis.port, 10_000);
            try (r) {
                r.call("REPLICAOF", "127.0.0.1", Integer.toString(master.port()));
                awaitInSync(m, r);
                awaitOnline(m, 1);
                m.call("CONFIG", "SET", "min-replicas-ack", "1");
                Jedis j = master.jedis();
                long start = System.nanoTime();
                for (int i = 0; i < 30; i++) {
                    assertEquals("OK", j.set("k" + i, "v" + i));
                    assertEquals("v" + i, r.call("GET", "k" + i).asString());
                }
                // Redis 7.0 ACKs once a second on its own: 30 writes in well under 30 s means GETACK answered
                long ms = (System.nanoTime() - start) / 1_000_000;
                assertTrue(ms < 15_000, "30 writes took " + ms + " ms");
                Map<String, String> mi = info(m, "replication");
                long getack = RespCommand.encode("REPLCONF", "GETACK", "*").length;
                // every write acknowledged; the last GETACK too once the replica's periodic ACK came (Redis answers
                // a GETACK with the offset before it)
                long end = Long.parseLong(mi.get("master_repl_offset")), acked = Long.parseLong(mi.get("acked_repl_offset"));
                assertTrue(acked >= end - getack && acked <= end, mi.toString());
            }
        }
    }

    @Test
    void theStreamLeavesForTheReplicasBeforeTheReplyOfTheWrite() throws Exception {
        try (TestNode master = TestNode.start()) {
            BlockingClient c = master.raw();
            try (FakeReplica replica = new FakeReplica(master.port())) {
                awaitOnline(c, 1);
                StringBuilder stream = new StringBuilder();
                for (int i = 0; i < 300; i++) {
                    String key = "key:" + i + ":";
                    assertEquals("OK", c.call("SET", key, "v").asString());
                    // the write was handed to the replica's socket before the reply to ours
                    stream.append(replica.available());
                    assertTrue(stream.indexOf(key) >= 0, "reply to write " + i + " arrived before the stream carried it");
                }
            }
        }
    }
}
