package vigil.server.transaction;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.params.SetParams;
import vigil.client.BlockingClient;
import vigil.server.node.VigilServer;
import vigil.server.support.Differential;
import vigil.server.support.RedisProcess;
import vigil.server.support.TestNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class TransactionTest {
    static TestNode node;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start();
        ensureIncr(node);
    }

    /**
     * The string commands are built in another branch: until they are merged, install a minimal
     * INCR (write, dirty++, Redis's error) so transactions with INCR can be exercised.
     */
    static void ensureIncr(TestNode n) throws Exception {
        n.node.onLoop(() -> {
            VigilServer s = n.node.server();
            if (s.commands.get("incr") != null) return null;
            s.commands.add("incr", 2, "write denyoom fast", 1, 1, 1, "string", (c, argv) -> {
                Object v = c.db.get(argv[1]);
                Long cur = v == null ? Long.valueOf(0) : v instanceof byte[] b ? vigil.util.Bytes.parseLong(b) : null;
                if (cur == null) {
                    c.out.error(vigil.resp.server.command.Replies.NOT_INTEGER);
                    return;
                }
                c.db.set(argv[1], vigil.util.Bytes.fromLong(cur + 1), true);
                s.dirty++;
                c.out.integer(cur + 1);
            });
            return null;
        });
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    static String r(vigil.resp.RespValue v) {
        return Differential.render(v);
    }

    @Test
    void jedisTransactionRunsQueuedCommandsInOrder() {
        Jedis j = node.jedis();
        Transaction t = j.multi();
        t.set("tx-a", "1");
        t.incr("tx-a");
        t.get("tx-a");
        List<Object> res = t.exec();
        assertEquals(List.of("OK", 2L, "2"), res);
    }

    @Test
    void watchedKeyChangedByAnotherClientFailsExec() {
        Jedis j = node.jedis();
        Jedis other = node.jedis();
        j.set("w1", "a");
        j.watch("w1");
        other.set("w1", "b");
        Transaction t = j.multi();
        t.set("w1", "mine");
        assertNull(t.exec());
        assertEquals("b", j.get("w1"));
        // The watch is gone after EXEC: the next transaction runs.
        Transaction t2 = j.multi();
        t2.set("w1", "mine");
        assertEquals(List.of("OK"), t2.exec());
    }

    @Test
    void unwatchForgetsTheChange() {
        Jedis j = node.jedis();
        j.watch("w2");
        node.jedis().set("w2", "x");
        j.unwatch();
        Transaction t = j.multi();
        t.get("w2");
        assertEquals(List.of("x"), t.exec());
    }

    @Test
    void watchedKeyThatExpiresBeforeExecFailsIt() throws Exception {
        BlockingClient c = node.raw();
        c.call("SET", "w3", "v", "PX", "30");
        c.call("WATCH", "w3");
        // Nothing may touch the key meanwhile (a read would delete it and so count as a change).
        Thread.sleep(80);
        c.call("MULTI");
        c.call("SET", "other", "1");
        assertEquals("*-1", r(c.call("EXEC")).replace("(nil)", "*-1"));
    }

    @Test
    void keyAlreadyExpiredWhenWatchedCountsAsAbsent() throws Exception {
        BlockingClient c = node.raw();
        c.call("SET", "w4", "v", "PX", "1");
        Thread.sleep(20);   // expired, not yet deleted (no access)
        c.call("WATCH", "w4");
        node.jedis().get("w4");   // deletes it: logically no change
        c.call("MULTI");
        assertEquals("*[]", r(c.call("EXEC")));
        c.call("SET", "w5", "v", "PX", "1");
        Thread.sleep(20);
        c.call("WATCH", "w5");
        node.jedis().set("w5", "new");   // a real change
        c.call("MULTI");
        assertEquals("(nil)", r(c.call("EXEC")));
    }

    @Test
    void flushOnlyInvalidatesWatchedKeysThatExisted() throws Exception {
        BlockingClient c = node.raw();
        c.call("SELECT", "5");
        c.call("SET", "present", "1");
        c.call("WATCH", "absent");
        flush(5);
        c.call("MULTI");
        assertEquals("*[]", r(c.call("EXEC")));
        c.call("SET", "present", "1");
        c.call("WATCH", "present");
        flush(5);
        c.call("MULTI");
        assertEquals("(nil)", r(c.call("EXEC")));
    }

    private static void flush(int db) throws Exception {
        node.node.onLoop(() -> {
            VigilServer s = node.node.server();
            s.keyspace.db(db).clear();
            s.flushed(s.keyspace.db(db));
            return null;
        });
    }

    @Test
    void propagatedStreamWrapsTheTransaction() throws Exception {
        List<String> feed = new ArrayList<>();
        node.jedis().flushAll();   // keys with a TTL left by other tests would expire into the feed
        node.node.onLoop(() -> {
            node.node.server().propagation.setFeed((db, argv) -> {
                StringBuilder sb = new StringBuilder();
                for (byte[] a : argv) sb.append(sb.length() == 0 ? "" : " ").append(new String(a, StandardCharsets.UTF_8));
                feed.add(sb.toString());
            });
            return null;
        });
        try {
            Jedis j = node.jedis();
            Transaction t = j.multi();
            t.set("p1", "5");
            t.incr("p1");
            t.get("p1");
            t.exec();
            List<String> seen = node.node.onLoop(() -> new ArrayList<>(feed));
            assertEquals(List.of("MULTI", "SET p1 5", "INCR p1", "EXEC"), seen);
        } finally {
            node.node.onLoop(() -> {
                node.node.server().propagation.setFeed(vigil.server.propagation.ReplicationFeed.NONE);
                return null;
            });
        }
    }

    @Test
    void sameRepliesAsRedis() throws Exception {
        try (RedisProcess redis = RedisProcess.start();
             Differential d = new Differential(node.raw(), redis.raw())) {
            d.check("SELECT", "9");
            d.check("EXEC");
            d.check("DISCARD");
            d.check("MULTI");
            d.check("MULTI");
            d.check("WATCH", "a");
            d.check("SET", "b", "1");
            d.check("EXEC");
            d.check("MULTI");
            d.check("SET", "a");
            d.check("EXEC");
            d.check("MULTI");
            d.check("NOSUCHCMD");
            d.check("EXEC");
            d.check("MULTI");
            d.check("INCR", "s");
            d.check("SET", "s", "x");
            d.check("INCR", "s");
            d.check("EXEC");
            d.check("WATCH");
            d.check("MULTI");
            d.check("EXEC", "x");
            d.check("EXEC");
            d.check("MULTI");
            d.check("DISCARD", "x");
            d.check("DISCARD");
            d.check("UNWATCH", "x");
            d.check("MULTI");
            d.check("UNWATCH");
            d.check("EXEC");
            d.check("WATCH", "k1", "k2");
            d.check("SET", "k1", "changed");
            d.check("MULTI");
            d.check("GET", "k1");
            d.check("EXEC");
            d.check("MULTI");
            d.check("EXEC");
            d.check("MULTI");
            d.check("SUBSCRIBE", "x");
            d.check("DISCARD");
            d.check("MULTI");
            d.check("GET", "s");
            d.check("RESET");
            d.check("EXEC");
        }
    }
}
