package vigil.server.pubsub;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import vigil.client.BlockingClient;
import vigil.resp.RespValue;
import vigil.server.support.Differential;
import vigil.server.support.RedisProcess;
import vigil.server.support.TestNode;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PubSubTest {
    static TestNode node;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start();
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    static String r(RespValue v) {
        return Differential.render(v);
    }

    @Test
    void subscriberReceivesMessagesAndPatternMessages() throws Exception {
        BlockingClient sub = node.raw();
        assertEquals("*[$\"subscribe\", $\"news\", :1]", r(sub.call("SUBSCRIBE", "news")));
        assertEquals("*[$\"psubscribe\", $\"n*\", :2]", r(sub.call("PSUBSCRIBE", "n*")));
        Jedis pub = node.jedis();
        assertEquals(2L, pub.publish("news", "hello"));
        assertEquals("*[$\"message\", $\"news\", $\"hello\"]", r(sub.read()));
        assertEquals("*[$\"pmessage\", $\"n*\", $\"news\", $\"hello\"]", r(sub.read()));
        assertEquals(1L, pub.publish("nope", "x"));
        assertEquals("*[$\"pmessage\", $\"n*\", $\"nope\", $\"x\"]", r(sub.read()));
        assertEquals(0L, pub.publish("other", "x"));
        assertEquals(List.of("news"), pub.pubsubChannels("ne*"));
        assertEquals(1L, pub.pubsubNumPat());
        assertEquals(1L, pub.pubsubNumSub("news").get("news"));
    }

    @Test
    void resp3SubscriberGetsPushesAndMayRunAnyCommand() throws Exception {
        BlockingClient sub = node.raw();
        sub.call("HELLO", "3");
        assertEquals(">[$\"subscribe\", $\"r3\", :1]", r(sub.call("SUBSCRIBE", "r3")));
        assertEquals("(nil)", r(sub.call("GET", "nokey-r3")));
        assertEquals("+PONG", r(sub.call("PING")));
        node.jedis().publish("r3", "m");
        assertEquals(">[$\"message\", $\"r3\", $\"m\"]", r(sub.read()));
        // Publishing to itself: the push comes before the PUBLISH reply, as in Redis.
        sub.send("PUBLISH", "r3", "self");
        assertEquals(">[$\"message\", $\"r3\", $\"self\"]", r(sub.read()));
        assertEquals(":1", r(sub.read()));
        assertEquals(">[$\"unsubscribe\", $\"r3\", :0]", r(sub.call("UNSUBSCRIBE", "r3")));
        assertEquals(">[$\"unsubscribe\", (nil), :0]", r(sub.call("UNSUBSCRIBE")));
    }

    @Test
    void resp2SubscriberIsRestricted() throws Exception {
        BlockingClient sub = node.raw();
        sub.call("SUBSCRIBE", "ctx");
        assertEquals("-ERR Can't execute 'get': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context",
                r(sub.call("GET", "x")));
        assertEquals("*[$\"pong\", $\"\"]", r(sub.call("PING")));
        assertEquals("+RESET", r(sub.call("RESET")));
        assertEquals("$\"\"", r(sub.call("ECHO", "")));
    }

    @Test
    void disconnectAndResetDropSubscriptions() throws Exception {
        Jedis j = node.jedis();
        BlockingClient sub = new BlockingClient("127.0.0.1", node.port(), 5000);
        sub.call("SUBSCRIBE", "gone");
        sub.call("PSUBSCRIBE", "gone*");
        sub.call("SSUBSCRIBE", "gone-shard");
        assertEquals(1L, j.pubsubNumSub("gone").get("gone"));
        sub.close();
        long deadline = System.currentTimeMillis() + 5000;
        while (j.pubsubNumSub("gone").get("gone") != 0 && System.currentTimeMillis() < deadline) Thread.onSpinWait();
        assertEquals(0L, j.pubsubNumSub("gone").get("gone"));
        assertEquals(0L, j.publish("gone", "x"));
        assertEquals(":0", r(node.raw().call("SPUBLISH", "gone-shard", "x")));

        BlockingClient other = node.raw();
        other.call("SUBSCRIBE", "r");
        other.call("RESET");
        assertEquals(0L, j.publish("r", "x"));
        assertEquals("$\"v\"", r(other.call("ECHO", "v")));
    }

    @Test
    void shardChannelsAreASeparateNamespace() throws Exception {
        BlockingClient sub = node.raw();
        assertEquals("*[$\"ssubscribe\", $\"s\", :1]", r(sub.call("SSUBSCRIBE", "s")));
        Jedis j = node.jedis();
        assertEquals(0L, j.publish("s", "x"));
        assertEquals(":1", r(node.raw().call("SPUBLISH", "s", "hi")));
        assertEquals("*[$\"smessage\", $\"s\", $\"hi\"]", r(sub.read()));
        assertEquals("*[$\"s\"]", r(node.raw().call("PUBSUB", "SHARDCHANNELS")));
    }

    @Test
    void expiredKeysAreNotifiedWhenConfigured() throws Exception {
        try (TestNode n = TestNode.start("notify-keyspace-events", "Ex")) {
            BlockingClient sub = n.raw();
            sub.call("SUBSCRIBE", "__keyevent@0__:expired");
            Jedis j = n.jedis();
            j.set("temp", "v", redis.clients.jedis.params.SetParams.setParams().px(20));
            long deadline = System.currentTimeMillis() + 5000;
            while (j.get("temp") != null && System.currentTimeMillis() < deadline) Thread.onSpinWait();
            assertEquals("*[$\"message\", $\"__keyevent@0__:expired\", $\"temp\"]", r(sub.read()));
        }
    }

    @Test
    void notificationFlagsParseAndFormatLikeRedis() throws Exception {
        assertEquals("AKE", vigil.server.config.KeyspaceEventFlags.format(vigil.server.config.KeyspaceEventFlags.parse("KEA")));
        assertEquals("xE", vigil.server.config.KeyspaceEventFlags.format(vigil.server.config.KeyspaceEventFlags.parse("Ex")));
        assertEquals("AK", vigil.server.config.KeyspaceEventFlags.format(vigil.server.config.KeyspaceEventFlags.parse("Kg$lshzxetd")));
        assertEquals("AKEm", vigil.server.config.KeyspaceEventFlags.format(vigil.server.config.KeyspaceEventFlags.parse("KEAm")));
        assertEquals("nKE", vigil.server.config.KeyspaceEventFlags.format(vigil.server.config.KeyspaceEventFlags.parse("KEn")));
        org.junit.jupiter.api.Assertions.assertThrows(vigil.server.config.ConfigValueException.class,
                () -> vigil.server.config.KeyspaceEventFlags.parse("q"));
    }

    @Test
    void sameRepliesAsRedis() throws Exception {
        try (RedisProcess redis = RedisProcess.start();
             Differential d = new Differential(node.raw(), redis.raw())) {
            d.check("UNSUBSCRIBE");
            d.check("PUNSUBSCRIBE");
            d.check("SUNSUBSCRIBE");
            d.check("UNSUBSCRIBE", "a");
            d.check("PUNSUBSCRIBE", "a*");
            d.check("SUNSUBSCRIBE", "a");
            d.check("SUBSCRIBE");
            d.check("PSUBSCRIBE");
            d.check("SSUBSCRIBE");
            d.check("PUBLISH", "c");
            d.check("SPUBLISH", "c");
            d.check("PUBLISH", "diffchan", "m");
            d.check("SPUBLISH", "diffchan", "m");
            d.check("PUBSUB");
            d.check("PUBSUB", "foo");
            d.check("PUBSUB", "channels", "a", "b");
            d.check("PUBSUB", "shardchannels", "a", "b");
            d.check("PUBSUB", "ChanNels", "a", "b");
            d.check("PUBSUB", "numsub");
            d.check("PUBSUB", "numsub", "diffchan", "other");
            d.check("PUBSUB", "shardnumsub", "diffchan");
            d.check("PUBSUB", "numpat", "x");
            d.check("PUBSUB", "help");
            d.check("PUBSUB", "help", "x");
            d.check("SUBSCRIBE", "a");
            d.check("SUBSCRIBE", "a");
            d.check("PSUBSCRIBE", "p*");
            d.check("SSUBSCRIBE", "s");
            d.check("GET", "x");
            d.check("MULTI");
            d.check("PING");
            d.check("PING", "x");
            d.check("UNSUBSCRIBE", "a");
            d.check("PUNSUBSCRIBE");
            d.check("GET", "x");
            d.check("SUNSUBSCRIBE");
            d.check("GET", "x");
            BlockingClient v = node.raw(), rr = redis.raw();
            v.call("HELLO", "3");
            rr.call("HELLO", "3");
            Differential d3 = new Differential(v, rr);
            d3.check("UNSUBSCRIBE");
            d3.check("SUBSCRIBE", "c");
            d3.check("PSUBSCRIBE", "c*");
            d3.check("GET", "x");
            d3.check("PUNSUBSCRIBE", "c*");
            d3.check("UNSUBSCRIBE");
            assertTrue(d3.count() > 5);
        }
    }
}
