package vigil.sentinel.runtime;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import vigil.client.BlockingClient;
import vigil.resp.RespValue;
import vigil.sentinel.core.MasterState;
import vigil.sentinel.netsupport.DataNode;
import vigil.sentinel.netsupport.RedisRef;
import vigil.sentinel.netsupport.VigilNode;
import vigil.sentinel.peers.PeerDirectory;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * End to end in one JVM: three Vigil nodes (a master and two replicas) watched by three
 * SentinelRuntimes (quorum 2, down-after 1000 ms) that know nothing of each other at start and
 * find each other through hellos. Closing the master must elect one new master, repoint the other
 * replica, make GET-MASTER-ADDR-BY-NAME agree on all three sentinels and publish +switch-master.
 * failover-timeout is 6 s so that a split vote (rare, as in Redis) is retried within the wait (2 x 6 s).
 */
class SentinelFailoverTest {
    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void tearDown() {
        for (int i = closing.size() - 1; i >= 0; i--) {
            try {
                closing.get(i).close();
            } catch (Exception ignored) {
                // best effort
            }
        }
    }

    /** A free sentinel port whose peer-group port (port + 10000) is free too. */
    static int freeSentinelPort() throws Exception {
        for (int i = 0; i < 100; i++) {
            int hz;
            try (ServerSocket s = new ServerSocket(0)) {
                hz = s.getLocalPort();
            }
            int port = hz - PeerDirectory.DEFAULT_PORT_OFFSET;
            if (port <= 1024) continue;
            try (ServerSocket s = new ServerSocket(port)) {
                return port;
            } catch (java.io.IOException busy) {
                // try another
            }
        }
        throw new IllegalStateException("no free port pair");
    }

    static SentinelRuntime sentinel(String group, Path dir, String... lines) throws Exception {
        int port = freeSentinelPort();
        Path conf = dir.resolve("sentinel-" + port + ".conf");
        Files.writeString(conf, "port " + port + "\nbind 127.0.0.1\n" + String.join("\n", lines) + "\n");
        return SentinelRuntime.start(conf.toString(), List.of(), RuntimeOptions.defaults().withGroup(group, 0));
    }

    static void await(String what, long timeoutMs, BooleanSupplier cond) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (!cond.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(50);
        }
    }

    static String call(int port, String... args) {
        try (BlockingClient c = new BlockingClient("127.0.0.1", port, 5000)) {
            return c.call(args).asString();
        } catch (Exception e) {
            return "ERR " + e;
        }
    }

    private static int knownPeers(SentinelRuntime s) {
        try {
            return s.call(() -> {
                MasterState m = s.brain().masters.get("mymaster");
                return (int) m.sentinels.values().stream().filter(p -> p.alive).count() * 10 + m.replicas.size();
            });
        } catch (Exception e) {
            return -1;
        }
    }

    @Test
    void closingTheMasterPromotesOneReplicaRepointsTheOtherAndAllSentinelsAgree() throws Exception {
        failover("vigil", VigilNode.start(), VigilNode.start(), VigilNode.start());
    }

    /** The same against Debian's redis-server 7.0 data nodes (skipped visibly when it is not installed). */
    @Test
    void theSameFailoverWorksOnRedisServerNodes() throws Exception {
        failover("redis", RedisRef.start(), RedisRef.start(), RedisRef.start());
    }

    private void failover(String kind, DataNode master, DataNode r1, DataNode r2) throws Exception {
        closing.add(r1);
        closing.add(r2);
        boolean masterClosed = false;
        try {
            int pm = master.port();
            assertEquals("OK", r1.call("REPLICAOF", "127.0.0.1", Integer.toString(pm)));
            assertEquals("OK", r2.call("REPLICAOF", "127.0.0.1", Integer.toString(pm)));
            await("both replicas to sync", 20_000, () -> {
                try {
                    return master.call("INFO", "replication").contains("connected_slaves:2")
                            && r1.call("INFO", "replication").contains("master_link_status:up")
                            && r2.call("INFO", "replication").contains("master_link_status:up");
                } catch (Exception e) {
                    return false;
                }
            });

            Path dir = Files.createTempDirectory("vigil-sentinels");
            String group = "e2e-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
            List<SentinelRuntime> sentinels = new ArrayList<>();
            long started = System.nanoTime();
            for (int i = 0; i < 3; i++) {
                SentinelRuntime s = sentinel(group, dir, "sentinel monitor mymaster 127.0.0.1 " + pm + " 2",
                        "sentinel down-after-milliseconds mymaster 1000", "sentinel failover-timeout mymaster 6000");
                sentinels.add(s);
                closing.add(s);
            }
            await("every sentinel to know 2 live peers and 2 replicas", 60_000,
                    () -> sentinels.stream().allMatch(s -> knownPeers(s) == 22));
            System.out.printf("e2e " + kind + ": sentinels discovered each other and the replicas in %d ms%n",
                    (System.nanoTime() - started) / 1_000_000);
            for (SentinelRuntime s : sentinels) {
                String conf = Files.readString(Path.of(s.configFile()));
                assertTrue(conf.contains("sentinel myid "), "myid persisted: " + conf);
            }

            BlockingClient sub = new BlockingClient("127.0.0.1", sentinels.get(1).port(), 60_000);
            closing.add(sub);
            sub.send("SUBSCRIBE", "+switch-master");
            sub.read();

            long t0 = System.nanoTime();
            master.close();
            masterClosed = true;
            await("all three sentinels to agree on a new master", 60_000, () -> {
                String a = call(sentinels.get(0).port(), "SENTINEL", "GET-MASTER-ADDR-BY-NAME", "mymaster");
                String b = call(sentinels.get(1).port(), "SENTINEL", "GET-MASTER-ADDR-BY-NAME", "mymaster");
                String c = call(sentinels.get(2).port(), "SENTINEL", "GET-MASTER-ADDR-BY-NAME", "mymaster");
                return a.equals(b) && b.equals(c) && !a.contains(Integer.toString(pm)) && !a.startsWith("ERR");
            });
            long agreed = (System.nanoTime() - t0) / 1_000_000;
            String addr = call(sentinels.get(0).port(), "SENTINEL", "GET-MASTER-ADDR-BY-NAME", "mymaster");
            int newPort = Integer.parseInt(addr.replaceAll("[^0-9, ]", "").split(",")[1].trim());
            DataNode promoted = newPort == r1.port() ? r1 : r2;
            DataNode other = promoted == r1 ? r2 : r1;
            assertTrue(newPort == r1.port() || newPort == r2.port(), addr);

            RespValue msg = sub.read();
            String text = msg.asString();
            assertTrue(text.contains("+switch-master") && text.contains("mymaster 127.0.0.1 " + pm + " 127.0.0.1 " + newPort), text);

            await("the promoted replica to be a master", 10_000, () -> call(promoted.port(), "INFO", "replication").contains("role:master"));
            await("the other replica to follow the new master", 30_000, () -> {
                String info = call(other.port(), "INFO", "replication");
                return info.contains("master_port:" + newPort) && info.contains("master_link_status:up");
            });
            long repointed = (System.nanoTime() - t0) / 1_000_000;
            System.out.printf("e2e " + kind + ": master closed -> all sentinels agree on the new master in %d ms; other replica synced to it in %d ms%n",
                    agreed, repointed);
            assertNotEquals(promoted.port(), other.port());
            assertEquals("master", roleWord(call(promoted.port(), "ROLE")));

            // A sentinel that dies without a goodbye drops out of its peers' view within seconds.
            SentinelRuntime gone = sentinels.get(2);
            String goneId = gone.call(() -> gone.brain().settings.myId);
            long c0 = System.nanoTime();
            gone.crash();
            await("the others to see the crashed sentinel as not alive", 20_000, () -> sentinels.subList(0, 2).stream()
                    .allMatch(s -> {
                        try {
                            return s.call(() -> !s.brain().masters.get("mymaster").sentinels.get(goneId).alive);
                        } catch (Exception e) {
                            return false;
                        }
                    }));
            System.out.printf("e2e " + kind + ": a crashed sentinel is out of its peers' group in %d ms%n", (System.nanoTime() - c0) / 1_000_000);
        } finally {
            if (!masterClosed) master.close();
        }
    }

    private static String roleWord(String role) {
        return role.replace("[", "").split(",")[0].trim();
    }
}
