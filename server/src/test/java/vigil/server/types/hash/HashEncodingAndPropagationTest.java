package vigil.server.types.hash;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import vigil.server.node.VigilServer;
import vigil.server.support.TestNode;
import vigil.server.types.list.ListValue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Encoding conversions at Redis's thresholds, and the exact forms list and hash writes propagate. */
class HashEncodingAndPropagationTest {
    static TestNode node;
    static VigilServer server;
    static final List<String> fed = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start();
        server = node.node.server();
        node.node.onLoop(() -> {
            server.propagation.setFeed((db, argv) -> {
                StringBuilder sb = new StringBuilder();
                for (byte[] a : argv) sb.append(sb.length() == 0 ? "" : " ").append(new String(a, StandardCharsets.UTF_8));
                fed.add(sb.toString());
            });
            return null;
        });
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    static Object value(String key) throws Exception {
        return node.node.onLoop(() -> server.keyspace.db(0).get(key.getBytes()));
    }

    @Test
    void hashBecomesHashtablePastEntryAndValueLimits() throws Exception {
        Jedis j = node.jedis();
        for (int i = 0; i < 512; i++) j.hset("enc:h", "f" + i, "v");
        assertEquals("listpack", ((HashValue) value("enc:h")).encoding());
        j.hset("enc:h", "f512", "v");
        assertEquals("hashtable", ((HashValue) value("enc:h")).encoding());
        assertEquals(513, j.hlen("enc:h"));
        j.hset("enc:v", "f", "x".repeat(64));
        assertEquals("listpack", ((HashValue) value("enc:v")).encoding());
        j.hset("enc:v", "g", "x".repeat(65));
        assertEquals("hashtable", ((HashValue) value("enc:v")).encoding());
        assertEquals("x".repeat(64), j.hget("enc:v", "f"));
        j.hset("enc:k", "k".repeat(65), "1");
        assertEquals("hashtable", ((HashValue) value("enc:k")).encoding());
        assertEquals(2, j.hincrBy("enc:k", "k".repeat(65), 1));
    }

    /** Found by AllTypesDifferentialTest: hash and list limits were fixed at their defaults. */
    @Test
    void configSetMovesTheHashAndListLimits() throws Exception {
        Jedis j = node.jedis();
        try {
            j.configSet("hash-max-listpack-entries", "4");
            for (int i = 0; i < 4; i++) j.hset("cfg:h", "f" + i, "v");
            assertEquals("listpack", ((HashValue) value("cfg:h")).encoding());
            j.hset("cfg:h", "f4", "v");
            assertEquals("hashtable", ((HashValue) value("cfg:h")).encoding());
            j.configSet("hash-max-listpack-value", "8");
            j.hset("cfg:h2", "f", "123456789");
            assertEquals("hashtable", ((HashValue) value("cfg:h2")).encoding());
            j.configSet("list-max-listpack-size", "3");
            j.rpush("cfg:l", "a", "b", "c");
            assertTrue(((ListValue) value("cfg:l")).isPacked());
            j.rpush("cfg:l", "d");
            assertTrue(!((ListValue) value("cfg:l")).isPacked());
        } finally {
            j.configSet("hash-max-listpack-entries", "512");
            j.configSet("hash-max-listpack-value", "64");
            j.configSet("list-max-listpack-size", "-2");
        }
    }

    @Test
    void listLeavesThePackedFormPast8kbAndKeepsItsContents() throws Exception {
        Jedis j = node.jedis();
        String v = "e".repeat(100);
        int i = 0;
        while (((ListValue) value("enc:l") == null) || ((ListValue) value("enc:l")).isPacked()) j.rpush("enc:l", v + i++);
        assertTrue(i > 70 && i < 90, "converted after " + i + " pushes");
        assertEquals("quicklist", ((ListValue) value("enc:l")).encoding());
        assertEquals(v + "0", j.lindex("enc:l", 0));
        assertEquals(v + (i - 1), j.rpop("enc:l"));
        j.lpush("enc:small", "a");
        assertTrue(((ListValue) value("enc:small")).isPacked());
        assertEquals("quicklist", ((ListValue) value("enc:small")).encoding());
    }

    @Test
    void writesPropagateTheirDeterministicForms() throws Exception {
        Jedis j = node.jedis();
        fed.clear();
        j.hincrByFloat("pr:h", "f", 1.5);
        j.hset("pr:h", "g", "1");
        j.hsetnx("pr:h", "g", "2");
        j.hdel("pr:h", "nope");
        j.rpush("pr:l", "a", "b", "c");
        j.lpop("pr:l", 10);
        j.rpush("pr:l", "a");
        j.linsert("pr:l", redis.clients.jedis.args.ListPosition.BEFORE, "zz", "y");
        j.lrem("pr:l", 0, "zz");
        j.ltrim("pr:l", 0, -1);
        j.lmpop(redis.clients.jedis.args.ListDirection.LEFT, 5, "pr:l");
        j.hrandfield("pr:h");
        assertEquals(List.of("HSET pr:h f 1.5", "HSET pr:h g 1", "RPUSH pr:l a b c", "LPOP pr:l 3", "RPUSH pr:l a",
                "LPOP pr:l 1"), List.copyOf(fed));
        assertEquals(null, value("pr:l"));   // the emptied list is gone
    }
}
