package vigil.server.replication;

import org.junit.jupiter.api.Test;
import vigil.client.BlockingClient;
import vigil.config.ConfFile;
import vigil.resp.RespValue;
import vigil.server.Node;
import vigil.server.config.ServerConfig;
import vigil.server.support.Differential;
import vigil.server.support.RedisProcess;
import vigil.server.support.TestNode;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vigil.server.replication.ReplicaTestKit.*;

/**
 * Vigil as a replica of a real Redis 7.0 master (Debian's redis-server; skipped visibly when
 * absent): full sync (disk-based and diskless), the write stream, partial resync after the link
 * is cut from either side, promotion, read-only and stale-data rules, masterauth.
 */
class ReplicaOfRedisTest {
    static final String[] MASTER = {"--enable-debug-command", "yes", "--repl-diskless-sync", "no"};

    @Test
    void fullSyncStreamAndPartialResyncAfterLinkBreaks() throws Exception {
        try (RedisProcess redis = RedisProcess.start(MASTER); TestNode vigil = TestNode.start()) {
            BlockingClient m = redis.raw(), r = vigil.raw();
            populate(m, "pre:");
            assertEquals("OK", r.call("REPLICAOF", "127.0.0.1", Integer.toString(redis.port)).asString());
            assertEquals("OK Already connected to specified master", r.call("REPLICAOF", "127.0.0.1", Integer.toString(redis.port)).asString());
            awaitInSync(m, r);
            assertSameData(m, r);
            assertEquals(info(m, "replication").get("master_replid"), info(r, "replication").get("master_replid"));

            writes(m, "w1:", 200);
            awaitInSync(m, r);
            assertSameData(m, r);

            // cut from the master's side, write while it reconnects
            assertEquals(1L, ((RespValue.Int) m.call("CLIENT", "KILL", "TYPE", "replica")).value());
            writes(m, "w2:", 50);
            awaitInSync(m, r);
            assertSameData(m, r);
            // cut from the replica's side
            assertEquals(1L, ((RespValue.Int) r.call("CLIENT", "KILL", "TYPE", "master")).value());
            writes(m, "w3:", 50);
            awaitInSync(m, r);
            assertSameData(m, r);
            Map<String, String> stats = info(m, "stats");
            assertEquals("1", stats.get("sync_full"));
            assertEquals("2", stats.get("sync_partial_ok"));

            List<RespValue> role = items(r.call("ROLE"));
            assertEquals("slave", role.get(0).asString());
            assertEquals("127.0.0.1", role.get(1).asString());
            assertEquals((long) redis.port, ((RespValue.Int) role.get(2)).value());
            assertEquals("connected", role.get(3).asString());
            assertEquals(info(m, "replication").get("master_repl_offset"), role.get(4).asString());
        }
    }

    @Test
    void disklessFullSyncFromRedis() throws Exception {
        try (RedisProcess redis = RedisProcess.start("--enable-debug-command", "yes", "--repl-diskless-sync", "yes",
                "--repl-diskless-sync-delay", "0"); TestNode vigil = TestNode.start()) {
            BlockingClient m = redis.raw(), r = vigil.raw();
            populate(m, "d:");
            r.call("REPLICAOF", "127.0.0.1", Integer.toString(redis.port));
            awaitInSync(m, r);
            assertSameData(m, r);
            writes(m, "after:", 30);
            awaitInSync(m, r);
            assertSameData(m, r);
        }
    }

    @Test
    void replicaRefusesWritesAndPromotionKeepsDataAndShiftsReplid() throws Exception {
        try (RedisProcess redis = RedisProcess.start(MASTER); TestNode vigil = TestNode.start()) {
            BlockingClient m = redis.raw(), r = vigil.raw();
            m.call("SET", "a", "1");
            r.call("REPLICAOF", "127.0.0.1", Integer.toString(redis.port));
            awaitInSync(m, r);
            assertEquals("READONLY You can't write against a read only replica.", r.call("SET", "b", "2").asString());
            r.call("MULTI");
            assertEquals("READONLY You can't write against a read only replica.", r.call("SET", "b", "2").asString());
            assertTrue(r.call("EXEC").asString().startsWith("EXECABORT"));
            Map<String, String> before = info(r, "replication");
            assertEquals("slave", before.get("role"));
            assertEquals("1", before.get("slave_read_only"));

            assertEquals("OK", r.call("REPLICAOF", "NO", "ONE").asString());
            Map<String, String> after = info(r, "replication");
            assertEquals("master", after.get("role"));
            assertEquals(before.get("master_replid"), after.get("master_replid2"));
            assertNotEquals(before.get("master_replid"), after.get("master_replid"));
            assertEquals(Long.parseLong(before.get("master_repl_offset")) + 1, Long.parseLong(after.get("second_repl_offset")));
            assertEquals("1", r.call("GET", "a").asString());
            assertEquals("OK", r.call("SET", "b", "2").asString());
            assertEquals("OK", r.call("REPLICAOF", "NO", "ONE").asString());
        }
    }

    @Test
    void expiredKeysVanishThroughTheMastersDel() throws Exception {
        try (RedisProcess redis = RedisProcess.start(MASTER); TestNode vigil = TestNode.start()) {
            BlockingClient m = redis.raw(), r = vigil.raw();
            m.call("DEBUG", "SET-ACTIVE-EXPIRE", "0");
            r.call("REPLICAOF", "127.0.0.1", Integer.toString(redis.port));
            awaitInSync(m, r);
            m.call("SET", "short", "v", "PX", "50");
            awaitInSync(m, r);
            await("key logically expired on the replica", () -> r.call("GET", "short") instanceof RespValue.Null);
            assertEquals(1L, ((RespValue.Int) r.call("DBSIZE")).value());   // kept until the master says so
            assertTrue(m.call("GET", "short") instanceof RespValue.Null);      // master expires it: DEL propagates
            awaitInSync(m, r);
            assertEquals(0L, ((RespValue.Int) r.call("DBSIZE")).value());
        }
    }

    @Test
    void masterauthAuthenticatesTheLinkAndTheAnnouncedAddressIsUsed() throws Exception {
        try (RedisProcess redis = RedisProcess.start(MASTER);
             TestNode vigil = TestNode.start("masterauth", "s3cret", "replica-announce-ip", "10.1.2.3", "replica-announce-port", "7777")) {
            BlockingClient m = redis.raw(), r = vigil.raw();
            m.call("CONFIG", "SET", "requirepass", "s3cret");   // after start: RedisProcess pings without AUTH
            m.call("AUTH", "s3cret");
            m.call("SET", "secret", "data");
            r.call("REPLICAOF", "127.0.0.1", Integer.toString(redis.port));
            awaitInSync(m, r);
            assertEquals("data", r.call("GET", "secret").asString());
            assertTrue(info(m, "replication").get("slave0").startsWith("ip=10.1.2.3,port=7777,state=online"));
        }
    }

    @Test
    void wrongMasterauthKeepsTheLinkDown() throws Exception {
        try (RedisProcess redis = RedisProcess.start(); TestNode vigil = TestNode.start("masterauth", "nope")) {
            BlockingClient r = vigil.raw(), m = redis.raw();
            m.call("CONFIG", "SET", "requirepass", "s3cret");
            m.call("AUTH", "s3cret");
            r.call("REPLICAOF", "127.0.0.1", Integer.toString(redis.port));
            await("several refused attempts", () -> Long.parseLong(info(m, "stats").get("total_connections_received")) >= 4);
            assertEquals("down", info(r, "replication").get("master_link_status"));
        }
    }

    @Test
    void staleDataAndLinkDownRepliesMatchRedis() throws Exception {
        int dead = RedisProcess.freePort();
        try (RedisProcess redis = RedisProcess.start(); TestNode vigil = TestNode.start()) {
            try (Differential d = new Differential(vigil.raw(), redis.raw())) {
                d.check("SET", "k", "v");
                d.check("REPLICAOF", "127.0.0.1", "notaport");
                d.check("REPLICAOF", "127.0.0.1", "70000");
                d.check("REPLICAOF", "127.0.0.1", Integer.toString(dead));
                d.check("REPLICAOF", "127.0.0.1", Integer.toString(dead));
                d.check("GET", "k");
                d.check("SET", "k", "w");
                d.check("CONFIG", "SET", "replica-serve-stale-data", "no");
                d.check("GET", "k");
                d.check("SET", "k", "w");
                d.check("ECHO", "x");
                d.check("CONFIG", "SET", "replica-serve-stale-data", "yes");
                d.check("CONFIG", "SET", "replica-read-only", "no");
                d.check("SET", "k", "writable");
                d.check("GET", "k");
                d.check("CONFIG", "SET", "replica-read-only", "yes");
                d.check("MULTI");
                d.check("SET", "k", "w");
                d.check("GET", "k");
                d.check("EXEC");
                List<RespValue> role = items(vigil.raw().call("ROLE"));
                assertEquals(List.of("slave", "127.0.0.1", Integer.toString(dead), "-1"),
                        List.of(role.get(0).asString(), role.get(1).asString(), role.get(2).asString(), role.get(4).asString()));
                assertTrue(List.of("connect", "connecting").contains(role.get(3).asString()));
                d.check("SLAVEOF", "NO", "ONE");
                d.check("SLAVEOF", "NO", "ONE");
            }
            Map<String, String> down = info(vigil.raw(), "replication");
            assertEquals("master", down.get("role"));
        }
    }

    @Test
    void replicaofInTheConfStartsTheLink() throws Exception {
        try (RedisProcess redis = RedisProcess.start(MASTER)) {
            BlockingClient m = redis.raw();
            populate(m, "conf:");
            ServerConfig config = new ServerConfig();
            config.load(ConfFile.parse("test", "port 0\nbind 127.0.0.1\nreplicaof 127.0.0.1 " + redis.port + "\n"));
            try (Node node = Node.start(config); BlockingClient r = new BlockingClient("127.0.0.1", node.port(), 10_000)) {
                awaitInSync(m, r);
                assertSameData(m, r);
                assertEquals("slave", info(r, "replication").get("role"));
            }
        }
    }
}
