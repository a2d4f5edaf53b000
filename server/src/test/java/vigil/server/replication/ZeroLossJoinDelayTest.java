package vigil.server.replication;

import org.junit.jupiter.api.Test;
import vigil.client.BlockingClient;
import vigil.config.ConfFile;
import vigil.server.Node;
import vigil.server.config.ServerConfig;
import vigil.server.support.TestNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vigil.server.replication.ReplicaTestKit.await;
import static vigil.server.replication.ReplicaTestKit.awaitInSync;
import static vigil.server.replication.ReplicaTestKit.info;
import static vigil.server.replication.ZeroLossTest.NOREPLICAS;
import static vigil.server.replication.ZeroLossTest.assertNothingYet;
import static vigil.server.replication.ZeroLossTest.awaitOnline;
import static vigil.server.replication.ZeroLossTest.offset;

/**
 * min-replicas-ack-join-delay over real sockets: a replica's ACKs count towards min-replicas-ack
 * only once it has been online for the delay (docs/zero-loss.md, "Replicas joining").
 */
class ZeroLossJoinDelayTest {
    /** A master whose time is {@code clock} (it passes only when the test says). */
    static Node masterWithClock(AtomicLong clock, String... directives) throws Exception {
        Path dir = Files.createTempDirectory("vigil-joindelay");
        StringBuilder conf = new StringBuilder("port 0\nbind 127.0.0.1\nsave \"\"\nrepl-diskless-sync-delay 0\ndir ")
                .append(ConfFile.quote(dir.toString())).append('\n');
        for (int i = 0; i + 1 < directives.length; i += 2) conf.append(directives[i]).append(' ').append(directives[i + 1]).append('\n');
        ServerConfig config = new ServerConfig();
        config.load(ConfFile.parse("test", conf.toString()));
        return Node.start(config, clock::get);
    }

    @Test
    void aReplicaOnlineForLessThanTheDelayDoesNotCountThenItDoes() throws Exception {
        AtomicLong clock = new AtomicLong(1_700_000_000_000L);
        try (Node master = masterWithClock(clock, "min-replicas-ack", "1", "min-replicas-ack-timeout", "0",
                "min-replicas-ack-join-delay", "500");
             BlockingClient a = new BlockingClient("127.0.0.1", master.port(), 10_000);
             BlockingClient b = new BlockingClient("127.0.0.1", master.port(), 10_000);
             FakeReplica replica = new FakeReplica(master.port())) {
            awaitOnline(b, 1);
            Map<String, String> mi = info(b, "replication");
            assertEquals("500", mi.get("min_replicas_ack_join_delay"));
            // online, and acknowledging, but not for 500 ms of the master's time: it does not count
            replica.ack(offset(b));
            assertEquals(NOREPLICAS, a.call("SET", "k", "1").asString());
            assertEquals(null, a.call("GET", "k").asString());   // refused before it ran
            assertEquals("0", info(b, "replication").get("acked_repl_offset"));
            clock.addAndGet(499);
            assertEquals(NOREPLICAS, a.call("SET", "k", "1").asString());
            clock.addAndGet(1);
            // now it counts: the write runs and its reply waits for the replica's acknowledgement
            long before = offset(b);
            a.send("SET", "k", "1");
            await("the write applied", () -> "1".equals(b.call("GET", "k").asString()));
            assertNothingYet(a);
            replica.ack(offset(b));
            assertEquals("OK", a.read().asString());
            assertTrue(Long.parseLong(info(b, "replication").get("acked_repl_offset")) > before);
        }
    }

    @Test
    void aHeldReplyWaitsForTheNewReplicasDelayNotJustItsAck() throws Exception {
        try (TestNode master = TestNode.start("min-replicas-ack-timeout", "0", "min-replicas-ack-join-delay", "400")) {
            BlockingClient a = master.raw(), b = master.raw();
            long connected = System.nanoTime();
            FakeReplica first = new FakeReplica(master.port());
            awaitOnline(b, 1);
            assertEquals("OK", b.call("SET", "seed", "1").asString());   // n = 0 still: stream bytes to acknowledge
            long seeded = offset(b);
            first.ack(seeded);
            // acked_repl_offset counts only replicas past their join delay (with n = 0 too)
            await("the first replica counts", () -> seeded == Long.parseLong(info(b, "replication").get("acked_repl_offset")));
            assertTrue(System.nanoTime() - connected >= 400_000_000L, "counted before its join delay");
            assertEquals("OK", b.call("CONFIG", "SET", "min-replicas-ack", "1").asString());

            a.send("SET", "x", "1");
            await("the write applied", () -> "1".equals(b.call("GET", "x").asString()));
            assertNothingYet(a);
            first.close();   // it leaves without acknowledging; a new replica (full sync) joins
            await("the first replica gone", () -> "0".equals(info(b, "replication").get("connected_slaves")));
            long joined = System.nanoTime();
            try (FakeReplica second = new FakeReplica(master.port())) {
                awaitOnline(b, 1);
                second.ack(offset(b));   // it has the write, but its ACKs count only 400 ms after it went online
                assertEquals("OK", a.read().asString());
                assertTrue(System.nanoTime() - joined >= 400_000_000L, "released before the new replica's join delay");
                // while it did not count, other writes were refused; now they run and wait for it
                assertEquals("OK", b.call("CONFIG", "SET", "min-replicas-ack-join-delay", "60000").asString());
                assertEquals(NOREPLICAS, b.call("SET", "y", "1").asString());   // the setting acts on the next write
            }
        }
    }

    @Test
    void aCountedReplicaThatContinuesAfterABlipCountsAtOnce() throws Exception {
        AtomicLong clock = new AtomicLong(1_700_000_000_000L);
        try (Node master = masterWithClock(clock, "min-replicas-ack", "1", "min-replicas-ack-join-delay", "60000");
             TestNode replica = TestNode.start("replica-refuse-behind-master-period", "0");
             BlockingClient m = new BlockingClient("127.0.0.1", master.port(), 10_000)) {
            BlockingClient r = replica.raw();
            r.call("REPLICAOF", "127.0.0.1", Integer.toString(master.port()));
            awaitInSync(m, r);
            awaitOnline(m, 1);
            assertEquals(NOREPLICAS, m.call("SET", "a", "1").asString());
            clock.addAndGet(60_000);
            assertEquals("OK", m.call("SET", "a", "1").asString());   // counted: acknowledged by the replica
            long partial = Long.parseLong(info(m, "stats").get("sync_partial_ok"));
            assertEquals("1", m.call("CLIENT", "KILL", "TYPE", "replica").asString());
            await("the replica continued with +CONTINUE", () -> Long.parseLong(info(m, "stats").get("sync_partial_ok")) > partial);
            awaitOnline(m, 1);
            // no master time passed: it counts at once because it was counted before the blip
            assertEquals("OK", m.call("SET", "b", "2").asString());
            assertEquals("2", r.call("GET", "b").asString());

            // a full sync is a new replica: its delay starts again
            long full = Long.parseLong(info(m, "stats").get("sync_full"));
            r.call("REPLICAOF", "NO", "ONE");   // a history of its own: its next PSYNC gets a full sync
            r.call("REPLICAOF", "127.0.0.1", Integer.toString(master.port()));
            await("the replica full-synced", () -> Long.parseLong(info(m, "stats").get("sync_full")) > full);
            awaitOnline(m, 1);
            assertEquals(NOREPLICAS, m.call("SET", "c", "3").asString());
            assertEquals(List.of("min-replicas-ack-join-delay", "60000"),
                    ReplicaTestKit.strings(m.call("CONFIG", "GET", "min-replicas-ack-join-delay")));
        }
    }
}
