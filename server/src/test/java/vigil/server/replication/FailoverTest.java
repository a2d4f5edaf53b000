package vigil.server.replication;

import vigil.resp.RespCommand;
import org.junit.jupiter.api.Test;
import vigil.client.BlockingClient;
import vigil.resp.RespValue;
import vigil.server.support.Differential;
import vigil.server.support.RedisProcess;
import vigil.server.support.TestNode;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vigil.server.replication.ReplicaTestKit.*;

/**
 * FAILOVER as Redis 7.0: roles swap with a partial sync and no lost write, writes are paused
 * while it runs, TIMEOUT / ABORT / FORCE, the PSYNC ... FAILOVER handshake, interop with a
 * Redis 7.0 replica, and error replies compared with Redis.
 */
class FailoverTest {

    private static String role(BlockingClient c) throws Exception {
        return items(c.call("ROLE")).get(0).asString();
    }

    private static String failoverState(BlockingClient c) throws Exception {
        return info(c, "replication").get("master_failover_state");
    }

    @Test
    void failoverSwapsRolesWithPartialSyncAndNoLostWrite() throws Exception {
        try (TestNode m = TestNode.start(); TestNode r = TestNode.start()) {
            BlockingClient cm = m.raw(), cr = r.raw();
            populate(cm, "p:");
            cr.call("REPLICAOF", "127.0.0.1", Integer.toString(m.port()));
            awaitInSync(cm, cr);
            writes(cm, "w:", 30);
            String fullBefore = info(cm, "stats").get("sync_full");
            String oldId = info(cm, "replication").get("master_replid");

            assertEquals("OK", cm.call("FAILOVER", "TO", "127.0.0.1", Integer.toString(r.port())).asString());
            await("old master is a replica", () -> role(cm).equals("slave") && role(cr).equals("master"));
            await("failover finished", () -> failoverState(cm).equals("no-failover"));
            awaitInSync(cr, cm);

            assertEquals("1", info(cr, "stats").get("sync_partial_ok"));
            assertEquals("0", info(cr, "stats").get("sync_full"));
            assertEquals(fullBefore, info(cm, "stats").get("sync_full"));
            Map<String, String> ir = info(cr, "replication");
            assertEquals(oldId, ir.get("master_replid2"));
            assertEquals(ir.get("master_replid"), info(cm, "replication").get("master_replid"));
            assertSameData(cr, cm);
            assertTrue(cm.call("SET", "x", "1").asString().startsWith("READONLY"));
            writes(cr, "after:", 20);
            awaitInSync(cr, cm);
            assertSameData(cr, cm);
        }
    }

    @Test
    void failoverToAnyReplicaPicksTheSyncedOne() throws Exception {
        try (TestNode m = TestNode.start(); TestNode r = TestNode.start()) {
            BlockingClient cm = m.raw(), cr = r.raw();
            cr.call("REPLICAOF", "127.0.0.1", Integer.toString(m.port()));
            awaitInSync(cm, cr);
            cm.call("SET", "k", "v");
            assertEquals("OK", cm.call("FAILOVER").asString());
            await("roles swapped", () -> role(cm).equals("slave") && role(cr).equals("master"));
            awaitInSync(cr, cm);
            assertEquals("v", cm.call("GET", "k").asString());
            assertEquals(r.port(), Integer.parseInt(info(cm, "replication").get("master_port")));
        }
    }

    @Test
    void writesWaitDuringFailoverAndRunAfterTimeoutAborts() throws Exception {
        try (TestNode m = TestNode.start(); SilentReplica fake = new SilentReplica(m.port())) {
            BlockingClient cm = m.raw();
            cm.call("SET", "k", "1");   // the fake never acknowledges this
            assertEquals("OK", cm.call("FAILOVER", "TO", "127.0.0.1", Integer.toString(fake.listeningPort), "TIMEOUT", "600").asString());
            assertEquals("waiting-for-sync", failoverState(cm));
            assertEquals("ERR FAILOVER already in progress.", cm.call("FAILOVER").asString());
            assertEquals("ERR REPLICAOF not allowed while failing over.", cm.call("REPLICAOF", "NO", "ONE").asString());
            assertEquals("NOMASTERLINK Can't SYNC while failing over", cm.call("PSYNC", "?", "-1").asString());
            try (BlockingClient writer = m.raw(); BlockingClient reader = m.raw()) {
                writer.send("SET", "k", "2");
                assertEquals("1", reader.call("GET", "k").asString());   // reads go on, the write waits
                long start = System.currentTimeMillis();
                assertEquals("OK", writer.read().asString());   // released once the timeout aborted the failover
                assertTrue(System.currentTimeMillis() - start >= 300);
            }
            assertEquals("no-failover", failoverState(cm));
            assertEquals("master", role(cm));
            assertEquals("2", cm.call("GET", "k").asString());
        }
    }

    @Test
    void abortEndsTheWaitAndReleasesWrites() throws Exception {
        try (TestNode m = TestNode.start(); SilentReplica fake = new SilentReplica(m.port())) {
            BlockingClient cm = m.raw();
            assertEquals("ERR No failover in progress.", cm.call("FAILOVER", "ABORT").asString());
            cm.call("SET", "k", "1");
            assertEquals("OK", cm.call("FAILOVER").asString());
            try (BlockingClient writer = m.raw()) {
                writer.send("INCR", "k");
                assertEquals("OK", cm.call("CLIENT", "UNPAUSE").asString());   // a client unpause does not end FAILOVER's pause
                assertEquals("waiting-for-sync", failoverState(cm));
                assertEquals("OK", cm.call("FAILOVER", "ABORT").asString());
                assertEquals(2L, ((RespValue.Int) writer.read()).value());
            }
            assertEquals("no-failover", failoverState(cm));
        }
    }

    @Test
    void forceFailsOverAfterTimeoutSendingPsyncFailoverAndARejectionRestoresTheMaster() throws Exception {
        try (TestNode m = TestNode.start(); ServerSocket target = new ServerSocket(0);
             SilentReplica fake = new SilentReplica(m.port(), target.getLocalPort())) {
            BlockingClient cm = m.raw();
            cm.call("SET", "k", "1");
            Map<String, String> before = info(cm, "replication");
            assertEquals("OK", cm.call("FAILOVER", "TIMEOUT", "200", "TO", "127.0.0.1",
                    Integer.toString(target.getLocalPort()), "FORCE").asString());
            target.setSoTimeout(10_000);
            try (Socket s = target.accept()) {
                s.setSoTimeout(10_000);
                InputStream in = new BufferedInputStream(s.getInputStream());
                OutputStream out = s.getOutputStream();
                assertEquals(List.of("PING"), readCommand(in));
                out.write("+PONG\r\n".getBytes(StandardCharsets.US_ASCII));
                assertEquals("REPLCONF", readCommand(in).get(0));
                assertEquals(List.of("REPLCONF", "capa", "eof", "capa", "psync2"), readCommand(in));
                out.write("+OK\r\n+OK\r\n".getBytes(StandardCharsets.US_ASCII));
                assertEquals("failover-in-progress", failoverState(cm));
                assertEquals("slave", role(cm));
                long next = Long.parseLong(before.get("master_repl_offset")) + 1;
                assertEquals(List.of("PSYNC", before.get("master_replid"), Long.toString(next), "FAILOVER"), readCommand(in));
                out.write("-ERR refused\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                await("back to master", () -> role(cm).equals("master") && failoverState(cm).equals("no-failover"));
            }
            Map<String, String> after = info(cm, "replication");
            assertEquals(before.get("master_replid"), after.get("master_replid2"));
            assertNotEquals(before.get("master_replid"), after.get("master_replid"));
            assertEquals("OK", cm.call("SET", "k", "2").asString());
        }
    }

    @Test
    void psyncFailoverIsRefusedByAMasterAndOnAnotherReplid() throws Exception {
        try (TestNode m = TestNode.start(); TestNode r = TestNode.start()) {
            BlockingClient cm = m.raw(), cr = r.raw();
            assertEquals("ERR PSYNC FAILOVER can't be sent to a master.", cm.call("PSYNC", "?", "-1", "FAILOVER").asString());
            cr.call("REPLICAOF", "127.0.0.1", Integer.toString(m.port()));
            awaitInSync(cm, cr);
            try (BlockingClient other = r.raw()) {
                assertEquals("ERR PSYNC FAILOVER replid must match my replid.",
                        other.call("PSYNC", "0123456789012345678901234567890123456789", "1", "FAILOVER").asString());
            }
            assertEquals("slave", role(cr));
        }
    }

    @Test
    void failoverToARedisReplicaHandsOverWithPartialSync() throws Exception {
        RedisProcess.assumeAvailable();
        try (TestNode m = TestNode.start(); RedisProcess redis = RedisProcess.start()) {
            BlockingClient cm = m.raw(), cr = redis.raw();
            populate(cm, "p:");
            cr.call("REPLICAOF", "127.0.0.1", Integer.toString(m.port()));
            awaitInSync(cm, cr);
            writes(cm, "w:", 20);
            awaitInSync(cm, cr);
            assertEquals("OK", cm.call("FAILOVER", "TO", "127.0.0.1", Integer.toString(redis.port)).asString());
            await("roles swapped", () -> role(cm).equals("slave") && role(cr).equals("master"));
            await("failover finished", () -> failoverState(cm).equals("no-failover"));
            awaitInSync(cr, cm);
            assertEquals("1", info(cr, "stats").get("sync_partial_ok"));
            assertEquals("0", info(cr, "stats").get("sync_full"));
            cr.call("SET", "from-redis", "1");
            awaitInSync(cr, cm);
            assertEquals("1", cm.call("GET", "from-redis").asString());
            assertEquals(dump(cr), dump(cm));
        }
    }

    @Test
    void errorRepliesMatchRedis() throws Exception {
        try (TestNode node = TestNode.start(); RedisProcess redis = RedisProcess.start();
             Differential d = new Differential(node.raw(), redis.raw())) {
            for (String[] args : new String[][]{
                    {"FAILOVER"}, {"FAILOVER", "ABORT"}, {"FAILOVER", "abort", "abort"}, {"FAILOVER", "TIMEOUT", "0"},
                    {"FAILOVER", "TIMEOUT", "-5"}, {"FAILOVER", "TIMEOUT", "x"}, {"FAILOVER", "TIMEOUT"},
                    {"FAILOVER", "TIMEOUT", "5", "TIMEOUT", "5"}, {"FAILOVER", "TO", "h"}, {"FAILOVER", "TO", "h", "x"},
                    {"FAILOVER", "TO", "h", "1", "TO", "h", "2"}, {"FAILOVER", "FORCE"}, {"FAILOVER", "FORCE", "FORCE"},
                    {"FAILOVER", "ABORT", "TIMEOUT", "5"}, {"FAILOVER", "bogus"}, {"FAILOVER", "TO", "127.0.0.1", "1", "FORCE"},
                    {"PSYNC", "?", "-1", "FAILOVER"}}) {
                d.check(args);
            }
            assertEquals(17, d.count());
        }
    }

    @Test
    void errorRepliesWithReplicasMatchRedis() throws Exception {
        RedisProcess.assumeAvailable();
        try (TestNode node = TestNode.start(); RedisProcess redis = RedisProcess.start("--repl-diskless-sync-delay", "0");
             RedisProcess nodeReplica = RedisProcess.start(); RedisProcess redisReplica = RedisProcess.start()) {
            BlockingClient vn = node.raw(), rn = redis.raw();
            BlockingClient vr = nodeReplica.raw(), rr = redisReplica.raw();
            vr.call("REPLICAOF", "127.0.0.1", Integer.toString(node.port()));
            rr.call("REPLICAOF", "127.0.0.1", Integer.toString(redis.port));
            awaitInSync(vn, vr);
            awaitInSync(rn, rr);
            try (Differential d = new Differential(node.raw(), redis.raw())) {
                d.check("FAILOVER", "TO", "127.0.0.1", "1");
                d.check("FAILOVER", "FORCE", "TIMEOUT", "10");
                d.check("FAILOVER", "TO", "127.0.0.1", "1", "FORCE");
                d.check("FAILOVER", "ABORT");
                assertEquals(4, d.count());
            }
        }
        // on a replica (Vigil replica of Vigil, Redis replica of Redis)
        try (TestNode m = TestNode.start(); TestNode r = TestNode.start(); RedisProcess redis = RedisProcess.start();
             RedisProcess redisReplica = RedisProcess.start()) {
            BlockingClient cr = r.raw(), rr = redisReplica.raw();
            cr.call("REPLICAOF", "127.0.0.1", Integer.toString(m.port()));
            rr.call("REPLICAOF", "127.0.0.1", Integer.toString(redis.port));
            awaitInSync(m.raw(), cr);   // a replica still loading its payload answers -LOADING (both servers)
            awaitInSync(redis.raw(), rr);
            try (Differential d = new Differential(r.raw(), redisReplica.raw())) {
                d.check("FAILOVER");
                d.check("FAILOVER", "TO", "127.0.0.1", "1");
                assertEquals(2, d.count());
            }
        }
    }

    // ---- helpers ----

    /** Reads one RESP array command (what a replica link sends). */
    static List<String> readCommand(InputStream in) throws IOException {
        String head = line(in);
        assertTrue(head.startsWith("*"), head);
        int n = Integer.parseInt(head.substring(1));
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int len = Integer.parseInt(line(in).substring(1));
            byte[] b = in.readNBytes(len + 2);
            out.add(new String(b, 0, len, StandardCharsets.UTF_8));
        }
        return out;
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) throw new IOException("closed");
            if (b != '\r') sb.append((char) b);
        }
        return sb.toString();
    }

    /**
     * A replica that syncs (PSYNC, reads the payload in the background) but never sends an ACK,
     * so a FAILOVER to it never sees it caught up. It announces listeningPort.
     */
    static final class SilentReplica implements AutoCloseable {
        final int listeningPort;
        private final Socket socket;
        private final Thread drain;

        SilentReplica(int masterPort) throws Exception {
            this(masterPort, 40000 + (int) (Math.random() * 20000));
        }

        SilentReplica(int masterPort, int listeningPort) throws Exception {
            this.listeningPort = listeningPort;
            socket = new Socket("127.0.0.1", masterPort);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(RespCommand.encode("REPLCONF".getBytes(), "listening-port".getBytes(),
                    Integer.toString(listeningPort).getBytes()));
            out.write(RespCommand.encode("PSYNC".getBytes(), "?".getBytes(), "-1".getBytes()));
            out.flush();
            assertEquals("+OK", line(in));
            drain = new Thread(() -> {
                byte[] buf = new byte[8192];
                try {
                    while (in.read(buf) >= 0) { }
                } catch (IOException ignored) {
                }
            });
            drain.setDaemon(true);
            drain.start();
            try (BlockingClient c = new BlockingClient("127.0.0.1", masterPort, 10_000)) {
                await("fake replica online", () -> String.valueOf(info(c, "replication").get("slave0")).contains("state=online"));
            }
        }

        @Override
        public void close() throws Exception {
            socket.close();
        }
    }
}
