package vigil.server.admin;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import vigil.client.BlockingClient;
import vigil.resp.RespValue;
import vigil.server.node.VigilServer;
import vigil.server.support.RedisProcess;
import vigil.server.support.TestNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InfoCommandTest {
    /** Fields Redis 7.0 prints that Vigil leaves out (none so far; the Latencystats section is omitted whole). */
    static final Set<String> OMITTED_FIELDS = Set.of();
    static final Set<String> OMITTED_SECTIONS = Set.of("Latencystats");
    /** Fields Vigil adds: its version, and zero-loss mode's (docs/zero-loss.md), after Redis's in # Replication. */
    static final Set<String> EXTRA_FIELDS = Set.of("vigil_version", "min_replicas_ack", "min_replicas_ack_timeout",
            "min_replicas_ack_join_delay", "acked_repl_offset");

    static TestNode node;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start();
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    /** Section title -> field name -> value, in order. */
    static Map<String, Map<String, String>> parse(String info) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        Map<String, String> current = null;
        for (String line : info.split("\r\n", -1)) {
            if (line.startsWith("# ")) {
                current = new LinkedHashMap<>();
                out.put(line.substring(2), current);
            } else if (!line.isEmpty()) {
                int colon = line.indexOf(':');
                current.put(line.substring(0, colon), line.substring(colon + 1));
            }
        }
        return out;
    }

    @Test
    void defaultInfoHasRedisSectionsAndIdentity() {
        Jedis j = node.jedis();
        Map<String, Map<String, String>> info = parse(j.info());
        assertEquals(List.of("Server", "Clients", "Memory", "Persistence", "Stats", "Replication", "CPU", "Modules",
                "Errorstats", "Cluster", "Keyspace"), new ArrayList<>(info.keySet()));
        Map<String, String> server = info.get("Server");
        assertEquals(VigilServer.REDIS_VERSION, server.get("redis_version"));
        assertEquals(VigilServer.VIGIL_VERSION, server.get("vigil_version"));
        assertEquals(node.node.server().runId, server.get("run_id"));
        assertEquals(Integer.toString(node.port()), server.get("tcp_port"));
        assertEquals("master", info.get("Replication").get("role"));
        assertEquals("0", info.get("Replication").get("connected_slaves"));
        assertEquals(40, info.get("Replication").get("master_replid").length());
        assertEquals("0", info.get("Persistence").get("aof_enabled"));
        assertTrue(info.get("Memory").get("used_memory_human").matches("\\d+\\.\\d\\d[KMG]|\\d+B"));
        assertTrue(Long.parseLong(info.get("Memory").get("used_memory")) > 0);
    }

    @Test
    void countersMoveWithTraffic() {
        Jedis j = node.jedis();
        long before = Long.parseLong(parse(j.info("stats")).get("Stats").get("total_commands_processed"));
        long dirtyBefore = Long.parseLong(parse(j.info("persistence")).get("Persistence").get("rdb_changes_since_last_save"));
        j.set("info:k", "v");
        j.get("info:k");
        j.get("info:missing");
        Map<String, String> stats = parse(j.info("stats")).get("Stats");
        assertTrue(Long.parseLong(stats.get("total_commands_processed")) >= before + 4);
        assertTrue(Long.parseLong(stats.get("total_connections_received")) >= 1);
        assertTrue(Long.parseLong(stats.get("total_net_input_bytes")) > 0);
        long dirtyAfter = Long.parseLong(parse(j.info("persistence")).get("Persistence").get("rdb_changes_since_last_save"));
        assertEquals(dirtyBefore + 1, dirtyAfter);
        String cmdstat = parse(j.info("commandstats")).get("Commandstats").get("cmdstat_get");
        assertTrue(cmdstat.matches("calls=\\d+,usec=\\d+,usec_per_call=\\d+\\.\\d\\d,rejected_calls=0,failed_calls=0"), cmdstat);
        assertTrue(parse(j.info("keyspace")).get("Keyspace").get("db0").matches("keys=\\d+,expires=\\d+,avg_ttl=\\d+"));
    }

    @Test
    void errorRepliesAreCountedByCode() throws Exception {
        BlockingClient c = node.raw();
        String before = parse(c.call("INFO", "errorstats").asString()).get("Errorstats").getOrDefault("errorstat_ERR", "count=0");
        c.call("nosuchcommand");
        c.call("get");
        String after = parse(c.call("INFO", "errorstats").asString()).get("Errorstats").get("errorstat_ERR");
        assertEquals(Long.parseLong(before.substring(6)) + 2, Long.parseLong(after.substring(6)));
        assertTrue(Long.parseLong(parse(c.call("INFO", "stats").asString()).get("Stats").get("total_error_replies")) >= 2);
    }

    @Test
    void keyspaceReportsExpiresAndAverageTtl() throws Exception {
        BlockingClient c = node.raw();
        c.call("SELECT", "3");
        c.call("SET", "a", "1");
        c.call("SET", "b", "1", "EX", "1000");
        String db3 = parse(c.call("INFO", "keyspace").asString()).get("Keyspace").get("db3");
        assertTrue(db3.startsWith("keys=2,expires=1,avg_ttl="), db3);
        long avg = Long.parseLong(db3.substring(db3.indexOf("avg_ttl=") + 8));
        assertTrue(avg > 990_000 && avg <= 1_000_000, db3);
    }

    @Test
    void sectionsCanBeCombinedAndUnknownOnesAreEmpty() throws Exception {
        BlockingClient c = node.raw();
        assertEquals(List.of("CPU", "Keyspace"), new ArrayList<>(parse(c.call("INFO", "keyspace", "CPU").asString()).keySet()));
        assertEquals("", c.call("INFO", "nosuch").asString());
        assertEquals("# Modules\r\n", c.call("INFO", "modules").asString());
        assertEquals("# Cluster\r\ncluster_enabled:0\r\n", c.call("INFO", "cluster").asString());
        assertTrue(parse(c.call("INFO", "everything").asString()).containsKey("Commandstats"));
        assertTrue(parse(c.call("INFO", "all").asString()).containsKey("Commandstats"));
        assertFalse(parse(c.call("INFO", "default").asString()).containsKey("Commandstats"));
    }

    @Test
    void resp3RepliesWithVerbatimText() throws Exception {
        BlockingClient c = node.raw();
        c.call("HELLO", "3");
        RespValue.Verbatim v = assertInstanceOf(RespValue.Verbatim.class, c.call("INFO", "cluster"));
        assertEquals("txt", v.format());
        assertEquals("# Cluster\r\ncluster_enabled:0\r\n", v.text());
        assertEquals("", assertInstanceOf(RespValue.Verbatim.class, c.call("INFO", "nosuch")).text());
    }

    @Test
    void instantaneousOpsReflectsRecentLoad() throws Exception {
        BlockingClient c = node.raw();
        long deadline = System.currentTimeMillis() + 10_000;
        long ops = 0;
        while (ops == 0 && System.currentTimeMillis() < deadline) {
            for (int i = 0; i < 200; i++) c.send("PING");
            for (int i = 0; i < 200; i++) c.read();
            ops = Long.parseLong(parse(c.call("INFO", "stats").asString()).get("Stats").get("instantaneous_ops_per_sec"));
        }
        assertTrue(ops > 0);
    }

    @Test
    void fieldNamesAndOrderMatchRedisPerSection() throws Exception {
        RedisProcess.assumeAvailable();
        try (RedisProcess redis = RedisProcess.start(); BlockingClient r = redis.raw()) {
            r.call("SET", "k", "v");
            r.call("GET", "k");
            r.call("nosuch");
            BlockingClient v = node.raw();
            v.call("SET", "k", "v");
            v.call("GET", "k");
            v.call("nosuch");
            Map<String, Map<String, String>> ri = parse(r.call("INFO", "everything").asString());
            Map<String, Map<String, String>> vi = parse(v.call("INFO", "everything").asString());
            List<String> redisSections = new ArrayList<>(ri.keySet());
            redisSections.removeAll(OMITTED_SECTIONS);
            assertEquals(redisSections, new ArrayList<>(vi.keySet()));
            for (String section : redisSections) {
                if (section.equals("Commandstats") || section.equals("Keyspace") || section.equals("Errorstats")) continue;
                List<String> expected = new ArrayList<>(ri.get(section).keySet());
                expected.removeAll(OMITTED_FIELDS);
                List<String> actual = new ArrayList<>(vi.get(section).keySet());
                actual.removeAll(EXTRA_FIELDS);
                assertEquals(expected, actual, "fields of # " + section);
            }
            List<String> replication = new ArrayList<>(vi.get("Replication").keySet());
            assertEquals(List.of("repl_backlog_histlen", "min_replicas_ack", "min_replicas_ack_timeout",
                            "min_replicas_ack_join_delay", "acked_repl_offset"),
                    replication.subList(replication.size() - 5, replication.size()));   // zero-loss mode's, last
            assertTrue(vi.get("Commandstats").containsKey("cmdstat_get"));
            assertTrue(vi.get("Errorstats").containsKey("errorstat_ERR"));
            assertEquals(ri.get("Errorstats").keySet(), vi.get("Errorstats").keySet());
        }
    }
}
