package vigil.server.config;

import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import vigil.server.support.TestNode;
import vigil.server.types.list.ListValue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Encoding thresholds belong to one node: two nodes in one JVM with different limits encode the
 * same data differently, and CONFIG SET on one (also through the ziplist aliases) leaves the
 * other alone.
 */
class EncodingLimitsPerNodeTest {
    private static void fill(Jedis j) {
        for (int i = 0; i < 5; i++) {
            j.hset("h", "f" + i, "v");
            j.rpush("l", "e" + i);
            j.sadd("s", Integer.toString(i));
            j.zadd("z", i, "m" + i);
        }
    }

    private static String debugObject(TestNode n, String key) throws Exception {
        return n.raw().call("DEBUG", "OBJECT", key).asString();
    }

    /** OBJECT ENCODING of each key; lists (always "quicklist" in Redis 7.0) as packed or not. */
    private static String encodings(TestNode n, Jedis j, String... keys) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (String k : keys) {
            String e = j.objectEncoding(k);
            if (e.equals("quicklist")) {
                boolean packed = n.node.onLoop(() -> ((ListValue) n.node.server().keyspace.db(0).get(k.getBytes())).isPacked());
                e = packed ? "packed-quicklist" : "quicklist";
            }
            sb.append(k).append('=').append(e).append(' ');
        }
        return sb.toString().trim();
    }

    @Test
    void limitsAreOwnedByEachNode() throws Exception {
        try (TestNode small = TestNode.start("hash-max-listpack-entries", "4", "list-max-listpack-size", "4",
                "set-max-intset-entries", "4", "zset-max-listpack-entries", "4");
             TestNode plain = TestNode.start()) {
            Jedis a = small.jedis();
            Jedis b = plain.jedis();
            fill(a);
            fill(b);
            assertEquals("h=hashtable l=quicklist s=hashtable z=skiplist", encodings(small, a, "h", "l", "s", "z"));
            assertEquals("h=listpack l=packed-quicklist s=intset z=listpack", encodings(plain, b, "h", "l", "s", "z"));
            assertTrue(debugObject(small, "l").contains(" ql_nodes:2 "));
            assertTrue(debugObject(small, "l").contains(" ql_listpack_max:4 "));
            assertTrue(debugObject(plain, "l").contains(" ql_nodes:1 "));
            assertTrue(debugObject(plain, "l").contains(" ql_listpack_max:-2 "));

            // CONFIG SET on the default node, with the old ziplist names too, changes only that node.
            b.configSet("hash-max-ziplist-entries", "2");
            b.configSet("zset-max-ziplist-value", "3");
            b.configSet("list-max-ziplist-size", "2");
            b.configSet("set-max-intset-entries", "2");
            for (Jedis j : new Jedis[]{a, b}) {
                j.hset("h2", "f1", "v");
                j.hset("h2", "f2", "v");
                j.hset("h2", "f3", "v");
                j.zadd("z2", 1, "long");
                j.rpush("l2", "a", "b", "c");
                j.sadd("s2", "1", "2", "3");
            }
            assertEquals("h2=hashtable z2=skiplist l2=quicklist s2=hashtable", encodings(plain, b, "h2", "z2", "l2", "s2"));
            assertEquals("h2=listpack z2=listpack l2=packed-quicklist s2=intset", encodings(small, a, "h2", "z2", "l2", "s2"));
            assertEquals("4", a.configGet("hash-max-listpack-entries").get("hash-max-listpack-entries"));
            assertTrue(debugObject(small, "l").contains(" ql_listpack_max:4 "));
            assertTrue(debugObject(plain, "l").contains(" ql_listpack_max:2 "));
        }
    }
}
