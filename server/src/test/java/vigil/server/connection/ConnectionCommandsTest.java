package vigil.server.connection;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;
import vigil.client.BlockingClient;
import vigil.resp.RespValue;
import vigil.server.support.Differential;
import vigil.server.support.RedisProcess;
import vigil.server.support.TestNode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConnectionCommandsTest {
    static TestNode node;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start();
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    @Test
    void pingEchoAndSelectAnswerLikeRedis() {
        Jedis j = node.jedis();
        assertEquals("PONG", j.ping());
        assertEquals("hello", j.echo("hello"));
        assertEquals("OK", j.select(15));
        JedisDataException e = assertThrows(JedisDataException.class, () -> j.select(16));
        assertEquals("ERR DB index is out of range", e.getMessage());
    }

    @Test
    void unknownCommandNamesItsArguments() throws Exception {
        BlockingClient c = node.raw();
        RespValue v = c.call("nosuch", "a", "b");
        assertEquals("ERR unknown command 'nosuch', with args beginning with: 'a' 'b' ", v.asString());
        assertEquals("ERR wrong number of arguments for 'get' command", c.call("get").asString());
    }

    @Test
    void inlineCommandsWork() throws Exception {
        BlockingClient c = node.raw();
        c.sendRaw("PING\r\nset greeting \"hello world\"\r\nget greeting\n".getBytes());
        assertEquals("PONG", c.read().asString());
        assertEquals("OK", c.read().asString());
        assertEquals("hello world", c.read().asString());
    }

    @Test
    void authIsRequiredWhenRequirepassIsSet() throws Exception {
        try (TestNode secured = TestNode.start("requirepass", "s3cret")) {
            BlockingClient c = secured.raw();
            assertEquals("NOAUTH Authentication required.", c.call("get", "x").asString());
            assertEquals("WRONGPASS invalid username-password pair or user is disabled.", c.call("auth", "bad").asString());
            assertEquals("OK", c.call("auth", "s3cret").asString());
            assertEquals("PONG", c.call("ping").asString());
        }
    }

    @Test
    void helloSwitchesToResp3() throws Exception {
        BlockingClient c = node.raw();
        RespValue v = c.call("HELLO", "3");
        RespValue.Aggregate map = assertInstanceOf(RespValue.Aggregate.class, v);
        assertEquals('%', map.kind());
        assertEquals("proto", map.items().get(4).asString());
        assertEquals(3L, ((RespValue.Int) map.items().get(5)).value());
        assertInstanceOf(RespValue.Null.class, c.call("GET", "definitely-missing"));
        assertEquals("NOPROTO unsupported protocol version", c.call("HELLO", "4").asString());
    }

    @Test
    void sameRepliesAsRedis() throws Exception {
        try (RedisProcess redis = RedisProcess.start();
             Differential d = new Differential(node.raw(), redis.raw())) {
            d.check("PING");
            d.check("PING", "x");
            d.check("PING", "a", "b");
            d.check("ECHO", "hi");
            d.check("ECHO");
            d.check("SELECT", "abc");
            d.check("SELECT", "-1");
            d.check("AUTH", "pw");
            d.check("AUTH", "a", "b", "c");
            d.check("HELLO", "x");
            d.check("HELLO", "2", "FOO");
            d.check("SET", "k", "v", "EX", "0");
            d.check("SET", "k", "v", "NX", "XX");
            d.check("SET", "k", "v", "KEEPTTL", "EX", "10");
            d.check("SET", "k", "v", "GET");
            d.check("SET", "k", "w", "GET");
            d.check("GET", "k");
            d.check("RESET");
            d.check("SELECT", "0");
            assertTrue(d.count() > 10);
        }
    }
}
