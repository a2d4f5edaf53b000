package vigil.server.keys;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.SetParams;
import vigil.server.keyspace.Db;
import vigil.server.keyspace.Dict;
import vigil.server.support.TestNode;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ActiveExpireTest {
    TestNode node;
    final List<String> fed = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        node = TestNode.start("hz", "50");
        node.node.onLoop(() -> {
            node.node.server().propagation.setFeed((db, argv) ->
                    fed.add(db + ":" + new String(argv[0], StandardCharsets.UTF_8) + " " + new String(argv[1], StandardCharsets.UTF_8)));
            return null;
        });
    }

    @AfterEach
    void stop() throws Exception {
        node.close();
    }

    static void poll(String what, BooleanSupplier cond) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (!cond.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(5);
        }
    }

    /** True once every key of db 0 with a TTL is past it (checked on the loop, without touching keys). */
    boolean allVolatileKeysLogicallyExpired(int db) {
        try {
            return node.node.onLoop(() -> {
                Db d = node.node.server().keyspace.db(db);
                boolean[] all = {true};
                d.expiresDict().forEach(e -> all[0] &= d.isExpired((Dict.Node) e.value));
                return all[0];
            });
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void keysWithShortTtlsVanishWithoutBeingTouchedAndDelsArePropagated() throws Exception {
        Jedis j = node.jedis();
        fed.clear();
        for (int i = 0; i < 200; i++) j.set("tmp:" + i, "v", SetParams.setParams().px(30));
        j.select(5);
        for (int i = 0; i < 50; i++) j.set("tmp5:" + i, "v", SetParams.setParams().px(30));
        j.set("keep", "v");
        j.select(0);
        for (int i = 0; i < 20; i++) j.set("keep:" + i, "v");
        poll("db 0 to shrink to its persistent keys", () -> j.dbSize() == 20);
        j.select(5);
        poll("db 5 to shrink to its persistent key", () -> j.dbSize() == 1);
        assertEquals(250, fed.stream().filter(s -> s.contains(":DEL tmp")).count());
        assertTrue(fed.contains("5:DEL tmp5:7"));
        assertEquals(250, fed.stream().filter(s -> s.contains(":DEL")).distinct().count());
    }

    @Test
    void debugSetActiveExpireZeroStopsTheCycle() throws Exception {
        Jedis j = node.jedis();
        assertEquals("OK", node.raw().call("DEBUG", "SET-ACTIVE-EXPIRE", "0").asString());
        for (int i = 0; i < 50; i++) j.set("tmp:" + i, "v", SetParams.setParams().px(10));
        poll("TTLs to pass", () -> allVolatileKeysLogicallyExpired(0));
        // hz 50: 25 cron ticks would have run in this time.
        Thread.sleep(500);
        assertEquals(50, j.dbSize());
        assertTrue(fed.stream().noneMatch(s -> s.contains("DEL")));
        node.raw().call("DEBUG", "SET-ACTIVE-EXPIRE", "1");
        poll("active expiry to resume", () -> j.dbSize() == 0);
    }

    @Test
    void aReplicaKeepsExpiredKeysButReadsTreatThemAsMissing() throws Exception {
        node.node.onLoop(() -> {
            node.node.server().keyspace.setReplica(true);
            return null;
        });
        Jedis j = node.jedis();
        for (int i = 0; i < 30; i++) j.set("tmp:" + i, "v", SetParams.setParams().px(10));
        j.set("k", "v");
        assertEquals(1, j.expire("k", -1));   // a replica never deletes on its own, even a past TTL
        poll("TTLs to pass", () -> allVolatileKeysLogicallyExpired(0));
        Thread.sleep(300);   // several cron ticks
        assertEquals(31, j.dbSize());
        assertNull(j.get("tmp:3"));
        assertFalse(j.exists("k"));
        assertEquals(-2, j.ttl("tmp:4"));
        assertEquals("none", j.type("tmp:5"));
        assertTrue(j.keys("*").isEmpty());
        assertEquals(31, j.dbSize());
        assertTrue(fed.stream().noneMatch(s -> s.contains(":DEL")), fed.toString());
        node.node.onLoop(() -> {
            node.node.server().keyspace.setReplica(false);
            return null;
        });
        poll("the promoted node to expire its keys", () -> j.dbSize() == 0);
        assertEquals(31, fed.stream().filter(s -> s.contains(":DEL")).count());
    }
}
