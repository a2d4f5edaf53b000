package vigil.server.blocking;

import vigil.resp.RespCommand;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vigil.client.BlockingClient;
import vigil.resp.RespValue;
import vigil.server.node.VigilServer;
import vigil.server.node.Client;
import vigil.server.support.Differential;
import vigil.server.support.TestNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Blocking pops over real sockets: timeouts, serving order, EXEC, disconnects, CLIENT UNBLOCK, propagation. */
class BlockingTest {
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

    static int blocked() throws Exception {
        return node.node.onLoop(() -> server.blocking.blockedCount());
    }

    static void awaitBlocked(int n) throws Exception {
        long deadline = System.currentTimeMillis() + 5000;
        while (blocked() != n) {
            if (System.currentTimeMillis() > deadline) throw new AssertionError("expected " + n + " blocked, have " + blocked());
            Thread.onSpinWait();
        }
    }

    static String render(RespValue v) {
        return Differential.render(v);
    }

    @Test
    void timeoutAnswersNullAfterTheDeadline() throws Exception {
        BlockingClient c = node.raw();
        long t0 = System.nanoTime();
        assertInstanceOf(RespValue.Null.class, c.call("BLPOP", "to:k", "0.2"));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms >= 190 && ms < 2000, "took " + ms + " ms");
        assertEquals("(nil)", render(c.call("BLMOVE", "to:k", "to:d", "left", "left", "0.05")));
        assertEquals(0, blocked());
    }

    @Test
    void firstBlockedIsFirstServedAndPipelinedInputWaits() throws Exception {
        BlockingClient a = node.raw(), b = node.raw(), c = node.raw(), p = node.raw();
        a.sendRaw((new String(RespCommand.encode(BlockingClient.toBytes("BLPOP", "ord:k", "0"))) + "*1\r\n$4\r\nPING\r\n").getBytes());
        awaitBlocked(1);
        b.send("BRPOP", "ord:other", "ord:k", "0");
        awaitBlocked(2);
        c.send("BLPOP", "ord:k", "0");
        awaitBlocked(3);
        assertEquals(":3", render(p.call("RPUSH", "ord:k", "x", "y", "z")));
        assertEquals("*[$\"ord:k\", $\"x\"]", render(a.read()));
        assertEquals("+PONG", render(a.read()));
        assertEquals("*[$\"ord:k\", $\"z\"]", render(b.read()));
        assertEquals("*[$\"ord:k\", $\"y\"]", render(c.read()));
        assertEquals(":0", render(p.call("LLEN", "ord:k")));
    }

    @Test
    void pushesInsideExecWakeOnlyAfterExec() throws Exception {
        BlockingClient a = node.raw(), p = node.raw();
        a.send("BLPOP", "ex:k", "0");
        awaitBlocked(1);
        assertEquals("+OK", render(p.call("MULTI")));
        assertEquals("+QUEUED", render(p.call("LPUSH", "ex:k", "a")));
        assertEquals("+QUEUED", render(p.call("LPUSH", "ex:k", "b")));
        assertEquals("*[:1, :2]", render(p.call("EXEC")));
        assertEquals("*[$\"ex:k\", $\"b\"]", render(a.read()));
        assertEquals("*[$\"a\"]", render(p.call("LRANGE", "ex:k", "0", "-1")));
    }

    @Test
    void blockingCommandsInsideExecDoNotBlock() throws Exception {
        BlockingClient p = node.raw();
        p.call("MULTI");
        p.call("BLPOP", "nb:k", "0");
        p.call("BLMOVE", "nb:k", "nb:d", "left", "left", "0");
        p.call("BLMPOP", "0", "1", "nb:k", "left");
        p.call("BZPOPMIN", "nb:z", "0");
        p.call("BZMPOP", "0", "1", "nb:z", "max");
        assertEquals("*[(nil), (nil), (nil), (nil), (nil)]", render(p.call("EXEC")));
        assertEquals(0, blocked());
    }

    @Test
    void disconnectWhileBlockedForgetsTheClient() throws Exception {
        BlockingClient a = node.raw(), p = node.raw();
        a.send("BLPOP", "dc:k", "0");
        awaitBlocked(1);
        a.close();
        awaitBlocked(0);
        p.call("RPUSH", "dc:k", "v");
        assertEquals(":1", render(p.call("LLEN", "dc:k")));
    }

    @Test
    void unblockEndsABlockAsTimeoutOrError() throws Exception {
        BlockingClient a = node.raw();
        a.send("BLPOP", "ub:k", "0");
        awaitBlocked(1);
        long id = blockedId();
        assertTrue(node.node.onLoop(() -> server.blocking.unblock(id, false)));
        assertEquals("(nil)", render(a.read()));
        a.send("BRPOPLPUSH", "ub:k", "ub:d", "0");
        awaitBlocked(1);
        assertTrue(node.node.onLoop(() -> server.blocking.unblock(id, true)));
        assertEquals("-UNBLOCKED client unblocked via CLIENT UNBLOCK", render(a.read()));
        assertFalse(node.node.onLoop(() -> server.blocking.unblock(id, true)));
    }

    static long blockedId() throws Exception {
        return node.node.onLoop(() -> {
            for (Client c : server.clients.values()) if (server.blocking.isBlocked(c.id)) return c.id;
            return -1L;
        });
    }

    @Test
    void servedClientsPropagateNonBlockingForms() throws Exception {
        BlockingClient a = node.raw(), b = node.raw(), c = node.raw(), p = node.raw();
        a.send("BLMOVE", "pr:s", "pr:d", "right", "left", "0");
        awaitBlocked(1);
        b.send("BLMPOP", "0", "2", "pr:x", "pr:s", "left", "COUNT", "5");
        awaitBlocked(2);
        c.send("BRPOPLPUSH", "pr:s", "pr:d", "0");
        awaitBlocked(3);
        fed.clear();
        p.call("RPUSH", "pr:s", "1", "2", "3", "4");
        assertEquals("$\"4\"", render(a.read()));
        assertEquals("*[$\"pr:s\", *[$\"1\", $\"2\", $\"3\"]]", render(b.read()));
        p.call("RPUSH", "pr:s", "9");
        assertEquals("$\"9\"", render(c.read()));
        assertEquals(List.of("RPUSH pr:s 1 2 3 4", "LMOVE pr:s pr:d right left", "LPOP pr:s 3",
                "RPUSH pr:s 9", "RPOPLPUSH pr:s pr:d"), List.copyOf(fed));
        p.call("RPUSH", "pr:d", "z");
        fed.clear();
        p.call("BLPOP", "pr:d", "0");
        p.call("BLMPOP", "0", "1", "pr:d", "right", "COUNT", "1");
        p.call("BLMOVE", "pr:d", "pr:e", "LEFT", "right", "0");
        assertEquals(List.of("LPOP pr:d", "RPOP pr:d 1", "LMOVE pr:d pr:e LEFT right"), List.copyOf(fed));
    }

    @Test
    void blmoveIntoAWrongTypeDestinationFailsTheWaiter() throws Exception {
        BlockingClient a = node.raw(), p = node.raw();
        p.call("HSET", "wt:d", "f", "v");
        a.send("BLMOVE", "wt:s", "wt:d", "left", "left", "0");
        awaitBlocked(1);
        p.call("RPUSH", "wt:s", "v");
        assertEquals("-WRONGTYPE Operation against a key holding the wrong kind of value", render(a.read()));
        assertEquals(":1", render(p.call("LLEN", "wt:s")));
    }

    @Test
    void keysOfOtherTypesDoNotServeAndTimeoutsErrorsMatchRedis() throws Exception {
        BlockingClient a = node.raw(), p = node.raw();
        assertEquals("-ERR timeout is negative", render(a.call("BLPOP", "ot:k", "-0.5")));
        assertEquals("-ERR timeout is not a float or out of range", render(a.call("BLPOP", "ot:k", "1x")));
        a.send("BLPOP", "ot:k", "0.3");
        awaitBlocked(1);
        p.call("HSET", "ot:k", "f", "v");
        assertEquals("(nil)", render(a.read()));
    }
}
