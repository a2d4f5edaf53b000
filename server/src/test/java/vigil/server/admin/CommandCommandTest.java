package vigil.server.admin;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import vigil.client.BlockingClient;
import vigil.resp.RespValue;
import vigil.server.support.Differential;
import vigil.server.support.RedisProcess;
import vigil.server.support.TestNode;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommandCommandTest {
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
    void countMatchesTheTableAndBareCommandListsEveryCommand() throws Exception {
        BlockingClient c = node.raw();
        long count = ((RespValue.Int) c.call("COMMAND", "COUNT")).value();
        assertEquals(node.node.server().commands.size(), count);
        List<RespValue> all = items(c.call("COMMAND"));
        assertEquals(count, all.size());
        for (RespValue entry : all) assertEquals(10, items(entry).size());
    }

    @Test
    void infoDescribesCommandsLikeRedis() throws Exception {
        RedisProcess.assumeAvailable();
        try (RedisProcess redis = RedisProcess.start(); Differential d = new Differential(node.raw(), redis.raw())) {
            d.check("COMMAND", "INFO", "get", "ping", "time", "lastsave", "role", "info", "shutdown", "nosuch");
            d.check("COMMAND", "INFO", "slowlog|get", "hello", "select", "auth");
            d.check("COMMAND", "INFO", "SLOWLOG|LEN", "latency|doctor", "latency|reset", "command|count", "command|getkeys");
            d.check("COMMAND", "GETKEYS", "get", "a");
            d.check("COMMAND", "GETKEYS", "set", "a", "b");
            d.check("COMMAND", "GETKEYS", "nosuch", "a");
            d.check("COMMAND", "GETKEYS", "get");
            d.check("COMMAND", "GETKEYS", "get", "a", "b");
            d.check("COMMAND", "GETKEYS", "ping", "x");
            d.check("COMMAND", "GETKEYS", "slowlog", "get", "x");
            d.check("COMMAND", "GETKEYSANDFLAGS", "get", "a");
            d.check("COMMAND", "COUNT", "x");
            d.check("COMMAND", "LIST", "FILTERBY", "MODULE", "x");
            d.check("COMMAND", "LIST", "FILTERBY", "nosuch", "x");
            d.check("COMMAND", "LIST", "nosuch");
            d.check("COMMAND", "LIST", "FILTERBY", "ACLCAT", "nosuchcat");
            d.check("COMMAND", "LIST", "FILTERBY", "PATTERN", "slowlog|le*");
            d.check("COMMAND", "DOCS", "nosuch");
            d.check("COMMAND", "HELP");
            d.check("COMMAND", "nosuch");
        }
    }

    @Test
    void subcommandsAreListedInsideTheContainer() throws Exception {
        BlockingClient c = node.raw();
        List<RespValue> slowlog = items(items(c.call("COMMAND", "INFO", "slowlog")).get(0));
        assertEquals("slowlog", slowlog.get(0).asString());
        List<String> subs = items(slowlog.get(9)).stream().map(s -> items(s).get(0).asString()).sorted().toList();
        assertEquals(List.of("slowlog|get", "slowlog|help", "slowlog|len", "slowlog|reset"), subs);
    }

    @Test
    void listFiltersByCategoryAndPattern() throws Exception {
        BlockingClient c = node.raw();
        List<String> conn = items(c.call("COMMAND", "LIST", "FILTERBY", "ACLCAT", "connection")).stream().map(RespValue::asString).toList();
        assertTrue(conn.contains("ping") && conn.contains("hello") && !conn.contains("get"), conn.toString());
        List<String> read = items(c.call("COMMAND", "LIST", "FILTERBY", "ACLCAT", "read")).stream().map(RespValue::asString).toList();
        assertTrue(read.contains("get") && !read.contains("set"));
        List<String> all = items(c.call("COMMAND", "LIST")).stream().map(RespValue::asString).toList();
        assertTrue(all.contains("slowlog|get") && all.contains("get"));
        List<String> pattern = items(c.call("COMMAND", "LIST", "FILTERBY", "PATTERN", "LATENCY*")).stream().map(RespValue::asString).toList();
        assertTrue(pattern.contains("latency") && pattern.contains("latency|doctor"));
    }

    @Test
    void docsGivesGroupsAndSubcommands() throws Exception {
        BlockingClient c = node.raw();
        c.call("HELLO", "3");
        RespValue.Aggregate docs = assertInstanceOf(RespValue.Aggregate.class, c.call("COMMAND", "DOCS", "get", "slowlog"));
        assertEquals('%', docs.kind());
        assertEquals("get", docs.items().get(0).asString());
        assertEquals(List.of("group", "string"), items(docs.items().get(1)).stream().map(RespValue::asString).toList());
        List<RespValue> slowlog = items(docs.items().get(3));
        assertEquals("subcommands", slowlog.get(2).asString());
    }

    @Test
    void jedisCanDescribeCommands() {
        Jedis j = node.jedis();
        assertTrue(j.commandCount() > 10);
        assertEquals(List.of("a"), j.commandGetKeys("GET", "a"));
    }

    @Test
    void lettuceSyncConnectionWorks() {
        RedisClient client = RedisClient.create(RedisURI.builder().withHost("127.0.0.1").withPort(node.port())
                .withTimeout(Duration.ofSeconds(10)).build());
        try (StatefulRedisConnection<String, String> conn = client.connect()) {
            assertEquals("OK", conn.sync().set("lettuce:k", "v"));
            assertEquals("v", conn.sync().get("lettuce:k"));
            assertTrue(conn.sync().command().size() > 10);
            assertTrue(conn.sync().info("server").contains("redis_version:"));
        } finally {
            client.shutdown();
        }
    }
}
