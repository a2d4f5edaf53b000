package vigil.server.blocking;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vigil.client.BlockingClient;
import vigil.resp.RespValue;
import vigil.server.node.VigilServer;
import vigil.server.support.Differential;
import vigil.server.support.RedisProcess;
import vigil.server.support.TestNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * BZPOPMIN/BZPOPMAX/BZMPOP blocking on sorted sets, CLIENT UNBLOCK, INFO blocked_clients and
 * the CLIENT LIST "b" flag, each scenario run on Vigil and on Redis 7.0 with the replies compared.
 */
class ZSetBlockingTest {
    static TestNode node;
    static RedisProcess redis;
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
        if (RedisProcess.available()) redis = RedisProcess.start();
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
        if (redis != null) redis.close();
    }

    /** One side of a scenario: Vigil or Redis. */
    interface Side {
        BlockingClient client() throws IOException;
    }

    static Side vigil() {
        return () -> {
            try {
                return node.raw();
            } catch (Exception e) {
                throw new IOException(e);
            }
        };
    }

    static Side reference() {
        RedisProcess.assumeAvailable();
        return redis::raw;
    }

    /** Waits until INFO clients reports n blocked clients (the same poll on both servers). */
    static void awaitBlocked(BlockingClient admin, int n) throws Exception {
        long deadline = System.currentTimeMillis() + 5000;
        while (blockedClients(admin) != n) {
            if (System.currentTimeMillis() > deadline) throw new AssertionError("expected " + n + " blocked clients");
            Thread.onSpinWait();
        }
    }

    static int blockedClients(BlockingClient admin) throws IOException {
        String info = admin.call("INFO", "clients").asString();
        for (String line : info.split("\r\n")) {
            if (line.startsWith("blocked_clients:")) return Integer.parseInt(line.substring(16));
        }
        throw new AssertionError("no blocked_clients in " + info);
    }

    static String r(RespValue v) {
        return Differential.render(v);
    }

    interface Scenario {
        List<String> run(Side side) throws Exception;
    }

    static void sameOnBoth(Scenario s) throws Exception {
        List<String> ours = s.run(vigil());
        List<String> theirs = s.run(reference());
        assertEquals(theirs, ours);
    }

    @Test
    void zaddServesBlockedClientsInOrderWithEachReplyShape() throws Exception {
        sameOnBoth(side -> {
            BlockingClient a = side.client(), b = side.client(), c = side.client(), p = side.client();
            p.call("DEL", "ord:z", "ord:o");
            a.send("BZPOPMIN", "ord:o", "ord:z", "0");
            awaitBlocked(p, 1);
            b.send("BZPOPMAX", "ord:z", "0");
            awaitBlocked(p, 2);
            c.send("BZMPOP", "0", "2", "ord:o", "ord:z", "MIN", "COUNT", "5");
            awaitBlocked(p, 3);
            List<String> out = new ArrayList<>();
            out.add(r(p.call("ZADD", "ord:z", "1", "a", "2", "b", "3", "c", "4.5", "d")));
            out.add(r(a.read()));
            out.add(r(b.read()));
            out.add(r(c.read()));
            out.add(r(p.call("EXISTS", "ord:z")));
            out.add(Integer.toString(blockedClients(p)));
            return out;
        });
    }

    @Test
    void timeoutAnswersNullAndBadTimeoutsError() throws Exception {
        sameOnBoth(side -> {
            BlockingClient a = side.client();
            List<String> out = new ArrayList<>();
            long t0 = System.nanoTime();
            out.add(r(a.call("BZPOPMIN", "to:z", "0.1")));
            out.add(r(a.call("BZMPOP", "0.05", "1", "to:z", "MAX")));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms >= 140 && ms < 3000, "took " + ms + " ms");
            out.add(r(a.call("BZPOPMAX", "to:z", "-1")));
            out.add(r(a.call("BZPOPMAX", "to:z", "x")));
            out.add(r(a.call("BZMPOP", "0", "0", "to:z", "MAX")));
            out.add(r(a.call("BZMPOP", "0", "1", "to:z", "UP")));
            out.add(r(a.call("BZMPOP", "0", "1", "to:z", "MIN", "COUNT", "0")));
            return out;
        });
    }

    @Test
    void writesInsideExecServeOnlyTheFinalState() throws Exception {
        sameOnBoth(side -> {
            BlockingClient a = side.client(), p = side.client();
            p.call("DEL", "ex:z");
            a.send("BZPOPMIN", "ex:z", "0");
            awaitBlocked(p, 1);
            List<String> out = new ArrayList<>();
            p.call("MULTI");
            p.call("ZADD", "ex:z", "1", "a");
            p.call("ZREM", "ex:z", "a");
            p.call("ZADD", "ex:z", "5", "b", "7", "c");
            out.add(r(p.call("EXEC")));
            out.add(r(a.read()));
            out.add(r(p.call("ZRANGE", "ex:z", "0", "-1", "WITHSCORES")));
            return out;
        });
    }

    @Test
    void otherTypesDoNotServeAndAWrongTypeKeyErrorsAtOnce() throws Exception {
        sameOnBoth(side -> {
            BlockingClient a = side.client(), p = side.client();
            p.call("DEL", "ot:z", "ot:s");
            List<String> out = new ArrayList<>();
            p.call("SET", "ot:s", "x");
            out.add(r(a.call("BZPOPMIN", "ot:s", "0")));
            out.add(r(a.call("BZMPOP", "0", "2", "ot:z", "ot:s", "MIN")));
            a.send("BZPOPMAX", "ot:z", "0.3");
            awaitBlocked(p, 1);
            p.call("RPUSH", "ot:z", "v");
            out.add(r(a.read()));
            return out;
        });
    }

    @Test
    void clientUnblockAnswersAsTimeoutOrError() throws Exception {
        sameOnBoth(side -> {
            BlockingClient a = side.client(), p = side.client();
            long id = ((RespValue.Int) a.call("CLIENT", "ID")).value();
            List<String> out = new ArrayList<>();
            out.add(r(p.call("CLIENT", "UNBLOCK", Long.toString(id))));
            a.send("BZPOPMIN", "ub:z", "0");
            awaitBlocked(p, 1);
            String list = p.call("CLIENT", "LIST", "ID", Long.toString(id)).asString();
            out.add(list.replaceAll(".* flags=(\\S+) .*cmd=(\\S+) .*\\s*", "flags=$1 cmd=$2"));
            out.add(r(p.call("CLIENT", "UNBLOCK", Long.toString(id))));
            out.add(r(a.read()));
            a.send("BZMPOP", "0", "1", "ub:z", "MIN");
            awaitBlocked(p, 1);
            out.add(r(p.call("CLIENT", "UNBLOCK", Long.toString(id), "ERROR")));
            out.add(r(a.read()));
            out.add(r(p.call("CLIENT", "UNBLOCK", Long.toString(id), "ERROR")));
            out.add(r(p.call("CLIENT", "UNBLOCK", Long.toString(id), "NOW")));
            out.add(Integer.toString(blockedClients(p)));
            return out;
        });
    }

    @Test
    void disconnectWhileBlockedForgetsTheClient() throws Exception {
        BlockingClient a = node.raw(), p = node.raw();
        a.send("BZPOPMAX", "dc:z", "0");
        awaitBlocked(p, 1);
        a.close();
        awaitBlocked(p, 0);
        p.call("ZADD", "dc:z", "1", "m");
        assertEquals(":1", r(p.call("ZCARD", "dc:z")));
    }

    @Test
    void servedPopsPropagateAsZpopWithThePoppedCount() throws Exception {
        BlockingClient a = node.raw(), b = node.raw(), p = node.raw();
        a.send("BZPOPMAX", "pr:z", "0");
        awaitBlocked(p, 1);
        b.send("BZMPOP", "0", "1", "pr:z", "MIN", "COUNT", "10");
        awaitBlocked(p, 2);
        fed.clear();
        p.call("ZADD", "pr:z", "1", "a", "2", "b", "3", "c");
        assertEquals("*[$\"pr:z\", $\"c\", $\"3\"]", r(a.read()));
        assertEquals("*[$\"pr:z\", *[*[$\"a\", $\"1\"], *[$\"b\", $\"2\"]]]", r(b.read()));
        p.call("ZADD", "pr:z", "1", "x", "2", "y");
        p.call("BZPOPMIN", "pr:z", "0");
        p.call("BZMPOP", "0", "1", "pr:z", "MAX", "COUNT", "3");
        assertEquals(List.of("ZADD pr:z 1 a 2 b 3 c", "ZPOPMAX pr:z", "ZPOPMIN pr:z 2",
                "ZADD pr:z 1 x 2 y", "ZPOPMIN pr:z", "ZPOPMAX pr:z 1"), List.copyOf(fed));
    }
}
