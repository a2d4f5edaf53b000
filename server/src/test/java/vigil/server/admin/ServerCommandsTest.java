package vigil.server.admin;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vigil.client.BlockingClient;
import vigil.resp.RespValue;
import vigil.server.support.Differential;
import vigil.server.support.RedisProcess;
import vigil.server.support.TestNode;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServerCommandsTest {
    static TestNode node;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start();
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    static List<RespValue> items(RespValue v) {
        return assertInstanceOf(RespValue.Aggregate.class, v).items();
    }

    @Test
    void timeIsSecondsAndMicrosAsBulkStrings() throws Exception {
        List<RespValue> t = items(node.raw().call("TIME"));
        long secs = Long.parseLong(assertInstanceOf(RespValue.Bulk.class, t.get(0)).text());
        long micros = Long.parseLong(assertInstanceOf(RespValue.Bulk.class, t.get(1)).text());
        assertTrue(Math.abs(secs - System.currentTimeMillis() / 1000) <= 2);
        assertTrue(micros >= 0 && micros < 1_000_000);
    }

    @Test
    void lastsaveIsTheStartTimeBeforeAnySave() throws Exception {
        long lastsave = ((RespValue.Int) node.raw().call("LASTSAVE")).value();
        assertEquals(node.node.server().startTimeMs / 1000, lastsave);
    }

    @Test
    void roleIsMasterWithoutReplicas() throws Exception {
        List<RespValue> role = items(node.raw().call("ROLE"));
        assertEquals("master", role.get(0).asString());
        assertEquals(0L, ((RespValue.Int) role.get(1)).value());
        assertEquals(0, items(role.get(2)).size());
    }

    @Test
    void replicaofSwitchesRoleAndNoOneSwitchesBack() throws Exception {
        BlockingClient c = node.raw();
        assertEquals("OK", c.call("REPLICAOF", "NO", "ONE").asString());
        assertEquals("OK", c.call("SLAVEOF", "no", "one").asString());
        int dead = RedisProcess.freePort();
        assertEquals("OK", c.call("REPLICAOF", "127.0.0.1", Integer.toString(dead)).asString());
        assertEquals("slave", items(c.call("ROLE")).get(0).asString());
        assertEquals("OK", c.call("REPLICAOF", "NO", "ONE").asString());
        assertEquals("master", items(c.call("ROLE")).get(0).asString());
    }

    @Test
    void errorRepliesMatchRedis() throws Exception {
        RedisProcess.assumeAvailable();
        try (RedisProcess redis = RedisProcess.start(); Differential d = new Differential(node.raw(), redis.raw())) {
            d.check("ROLE");
            d.check("ROLE", "x");
            d.check("TIME", "x");
            d.check("LASTSAVE", "x");
            d.check("REPLICAOF", "host", "notaport");
            d.check("REPLICAOF", "host", "70000");
            d.check("REPLICAOF", "no", "x");
            d.check("REPLICAOF", "no");
            d.check("SLAVEOF", "no", "one");
            d.check("SHUTDOWN", "ABORT");
            d.check("SHUTDOWN", "NOSAVE", "SAVE");
            d.check("SHUTDOWN", "ABORT", "NOW");
            d.check("SHUTDOWN", "bogus");
            d.check("SLOWLOG");
            d.check("SLOWLOG", "HELP");
            d.check("SLOWLOG", "nosuch");
            d.check("SLOWLOG", "GET", "x");
            d.check("SLOWLOG", "GET", "-2");
            d.check("SLOWLOG", "GET", "1", "2");
            d.check("SLOWLOG", "LEN", "x");
            d.check("SLOWLOG", "RESET");
            d.check("SLOWLOG", "LEN");
            d.check("SLOWLOG", "GET");
            d.check("LATENCY", "HELP");
            d.check("LATENCY", "DOCTOR");
            d.check("LATENCY", "LATEST");
            d.check("LATENCY", "HISTORY", "command");
            d.check("LATENCY", "HISTORY");
            d.check("LATENCY", "RESET");
            d.check("LATENCY", "GRAPH", "command");
            d.check("LATENCY", "HISTOGRAM", "nosuch");
            d.check("LATENCY", "nosuch");
        }
    }

    @Test
    void slowlogRecordsCommandsWithTrimmedArguments() throws Exception {
        try (TestNode n = TestNode.start("slowlog-log-slower-than", "0", "slowlog-max-len", "3")) {
            BlockingClient c = n.raw();
            c.call("SLOWLOG", "RESET");
            String[] many = new String[40];
            many[0] = "PING";
            for (int i = 1; i < 40; i++) many[i] = "a" + i;
            c.call(many);
            c.call("ECHO", "x".repeat(200));
            List<RespValue> log = items(c.call("SLOWLOG", "GET"));
            assertEquals(3, log.size());   // reset, the wide PING, the long-string ECHO (max-len 3)
            List<RespValue> newest = items(log.get(0));
            assertEquals(6, newest.size());
            List<RespValue> argv = items(newest.get(3));
            assertEquals("x".repeat(128) + "... (72 more bytes)", argv.get(1).asString());
            assertTrue(newest.get(4).asString().startsWith("127.0.0.1:"));
            List<RespValue> wide = items(items(log.get(1)).get(3));
            assertEquals(32, wide.size());
            assertEquals("... (9 more arguments)", wide.get(31).asString());
            long idNewest = ((RespValue.Int) newest.get(0)).value();
            long idOlder = ((RespValue.Int) items(log.get(1)).get(0)).value();
            assertEquals(idOlder + 1, idNewest);
            assertEquals(1, items(c.call("SLOWLOG", "GET", "1")).size());
            assertEquals(3L, ((RespValue.Int) c.call("SLOWLOG", "LEN")).value());
            assertEquals(3, items(c.call("SLOWLOG", "GET", "-1")).size());
        }
    }

    @Test
    void latencyMonitorRecordsSlowCommandsWhenEnabled() throws Exception {
        try (TestNode n = TestNode.start("latency-monitor-threshold", "1")) {
            n.node.assembly().latency.add("command", 5);
            BlockingClient c = n.raw();
            List<RespValue> latest = items(c.call("LATENCY", "LATEST"));
            assertEquals("command", items(latest.get(0)).get(0).asString());
            assertEquals(1, items(c.call("LATENCY", "HISTORY", "command")).size());
            assertTrue(c.call("LATENCY", "DOCTOR").asString().contains("command"));
            assertTrue(c.call("LATENCY", "GRAPH", "command").asString().startsWith("command - high 5 ms"));
            assertEquals(1L, ((RespValue.Int) c.call("LATENCY", "RESET", "command", "other")).value());
            assertEquals(0, items(c.call("LATENCY", "LATEST")).size());
        }
    }

    @Test
    void shutdownNosaveStopsTheNodeWithoutWritingASnapshot() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("vigil-shutdown");
        TestNode n = TestNode.start("dir", dir.toString(), "save", "3600 1");
        try {
            BlockingClient c = n.raw();
            c.call("SET", "k", "v");
            c.send("SHUTDOWN", "NOSAVE");
            assertThrows(IOException.class, c::read);
            n.node.closed().get(10, TimeUnit.SECONDS);
            assertFalse(java.nio.file.Files.exists(dir.resolve("dump.rdb")));
        } finally {
            n.close();
        }
    }
}
