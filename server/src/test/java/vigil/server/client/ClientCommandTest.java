package vigil.server.client;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import vigil.client.BlockingClient;
import vigil.resp.RespValue;
import vigil.server.support.Differential;
import vigil.server.support.RedisProcess;
import vigil.server.support.TestNode;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClientCommandTest {
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

    static List<String> fieldNames(String line) {
        List<String> out = new ArrayList<>();
        for (String kv : line.trim().split(" ")) out.add(kv.substring(0, kv.indexOf('=')));
        return out;
    }

    @Test
    void clientListHasRedisFieldsInOrder() throws Exception {
        BlockingClient c = node.raw();
        c.call("CLIENT", "SETNAME", "lister");
        String mine = c.call("CLIENT", "INFO").asString();
        try (RedisProcess redis = RedisProcess.start(); BlockingClient rc = redis.raw()) {
            assertEquals(fieldNames(rc.call("CLIENT", "INFO").asString()), fieldNames(mine));
        }
        assertTrue(mine.contains(" name=lister "), mine);
        assertTrue(mine.contains(" cmd=client|info "), mine);
        assertTrue(mine.endsWith("resp=2\n"), mine);
        long id = ((RespValue.Int) c.call("CLIENT", "ID")).value();
        String byId = c.call("CLIENT", "LIST", "ID", Long.toString(id)).asString();
        assertTrue(byId.startsWith("id=" + id + " "), byId);
        c.call("SUBSCRIBE", "x");
        String pubsub = node.raw().call("CLIENT", "LIST", "TYPE", "pubsub").asString();
        assertTrue(pubsub.contains("id=" + id + " ") && pubsub.contains(" flags=P ") && pubsub.contains(" sub=1 "), pubsub);
    }

    /** CLIENT LIST's cmd= of another connection after each step, on Vigil and on Redis 7.0. */
    @Test
    void lastCommandFollowsRedis() throws Exception {
        try (RedisProcess redis = RedisProcess.start()) {
            assertEquals(lastCommands(redis.raw(), redis.raw()), lastCommands(node.raw(), node.raw()));
        }
    }

    private static List<String> lastCommands(BlockingClient a, BlockingClient b) throws Exception {
        a.call("CLIENT", "SETNAME", "watched");
        List<String> out = new ArrayList<>();
        String[][] steps = {{"SET", "k", "1"}, {"FOOBAR"}, {"GET"}, {"CLIENT", "NOSUCH"}, {"MULTI"}, {"SET", "x", "1"}, {"EXEC"}};
        for (String[] step : steps) {
            a.call(step);
            String list = b.call("CLIENT", "LIST").asString();
            String line = list.lines().filter(l -> l.contains(" name=watched ")).findFirst().orElseThrow();
            out.add(step[0] + " -> " + line.replaceAll(".* cmd=(\\S+) .*", "$1"));
        }
        return out;
    }

    @Test
    void killClosesTheMatchingConnection() throws Exception {
        BlockingClient victim = new BlockingClient("127.0.0.1", node.port(), 5000);
        long id = ((RespValue.Int) victim.call("CLIENT", "ID")).value();
        Jedis j = node.jedis();
        assertEquals(1L, j.clientKill(new redis.clients.jedis.params.ClientKillParams().id(Long.toString(id))));
        assertThrows(IOException.class, () -> victim.call("PING"));
        victim.close();
        // Old form: kill by address, including oneself.
        BlockingClient self = new BlockingClient("127.0.0.1", node.port(), 5000);
        String info = self.call("CLIENT", "INFO").asString();
        String addr = info.substring(info.indexOf("addr=") + 5, info.indexOf(' ', info.indexOf("addr=")));
        assertEquals("+OK", r(self.call("CLIENT", "KILL", addr)));
        assertThrows(IOException.class, self::read);
        self.close();
    }

    @Test
    void replyOffAndSkipSuppressReplies() throws Exception {
        BlockingClient c = node.raw();
        c.send("CLIENT", "REPLY", "SKIP");
        c.send("ECHO", "skipped");
        c.send("ECHO", "shown");
        assertEquals("$\"shown\"", r(c.read()));
        c.send("CLIENT", "REPLY", "OFF");
        c.send("ECHO", "hidden");
        c.send("CLIENT", "REPLY", "ON");
        assertEquals("+OK", r(c.read()));
        assertEquals("$\"back\"", r(c.call("ECHO", "back")));
    }

    @Test
    void pauseWriteHoldsWritesUntilUnpause() throws Exception {
        BlockingClient admin = node.raw();
        BlockingClient writer = node.raw();
        assertEquals("+OK", r(admin.call("CLIENT", "PAUSE", "100000", "WRITE")));
        writer.send("SET", "paused-key", "v");
        writer.send("GET", "paused-key");
        assertEquals("(nil)", r(admin.call("GET", "paused-key")));   // reads still run
        writer.setTimeout(300);
        assertThrows(java.net.SocketTimeoutException.class, writer::read);
        writer.setTimeout(10_000);
        assertEquals("+OK", r(admin.call("CLIENT", "UNPAUSE")));
        assertEquals("+OK", r(writer.read()));
        assertEquals("$\"v\"", r(writer.read()));
    }

    @Test
    void pauseEndsByItselfAfterTheTimeout() throws Exception {
        BlockingClient admin = node.raw();
        long start = System.currentTimeMillis();
        admin.call("CLIENT", "PAUSE", "300");
        assertEquals("+PONG", r(node.raw().call("PING")));
        assertTrue(System.currentTimeMillis() - start >= 250);
    }

    @Test
    void monitorSeesExecutedCommandsQuotedLikeRedis() throws Exception {
        BlockingClient mon = node.raw();
        assertEquals("+OK", r(mon.call("MONITOR")));
        BlockingClient c = node.raw();
        c.call("SELECT", "3");
        c.call("SET", "a b", "x\"y\n\u0001");
        c.call("CONFIG", "GET", "maxclients");   // admin: not shown
        c.call("AUTH", "secret");
        c.call("GET");                           // rejected: not shown
        c.call("MULTI");
        c.call("SET", "m", "1");
        c.call("EXEC");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 6; i++) lines.add(mon.read().asString().replaceFirst("^\\d+\\.\\d{6} \\[(\\d+) [^\\]]+\\] ", "[$1] "));
        assertEquals(List.of("[3] \"SELECT\" \"3\"", "[3] \"SET\" \"a b\" \"x\\\"y\\n\\x01\"",
                "[3] \"AUTH\" \"(redacted)\"", "[3] \"MULTI\"", "[3] \"SET\" \"m\" \"1\"", "[3] \"EXEC\""), lines);
        assertEquals("+RESET", r(mon.call("RESET")));
        c.call("PING");
        assertEquals("$\"after\"", r(mon.call("ECHO", "after")));
    }

    @Test
    void idleClientsAreClosedButSubscribersAreNot() throws Exception {
        try (TestNode n = TestNode.start("timeout", "1")) {
            BlockingClient idle = n.raw();
            BlockingClient sub = n.raw();
            idle.call("PING");
            sub.call("SUBSCRIBE", "keep");
            idle.setTimeout(5000);
            assertThrows(IOException.class, idle::read);   // closed by the server after ~1-2 s
            assertEquals("*[$\"pong\", $\"\"]", r(sub.call("PING")));
        }
    }

    @Test
    void maxclientsRejectsTheExtraConnection() throws Exception {
        try (TestNode n = TestNode.start("maxclients", "1")) {
            BlockingClient first = n.raw();
            assertEquals("+PONG", r(first.call("PING")));
            BlockingClient second = n.raw();
            assertEquals("-ERR max number of clients reached", r(second.read()));
        }
    }

    @Test
    void protectedModeDeniesOtherLoopbackAddressesLikeRedis() throws Exception {
        try (TestNode n = TestNode.start("bind", "127.0.0.1", "protected-mode", "yes");
             Socket s = new Socket()) {
            s.bind(new InetSocketAddress("127.0.0.2", 0));
            s.connect(new InetSocketAddress("127.0.0.1", n.port()), 5000);
            s.setSoTimeout(5000);
            byte[] buf = s.getInputStream().readAllBytes();
            String reply = new String(buf);
            assertTrue(reply.startsWith("-DENIED Redis is running in protected mode"), reply);
            assertTrue(reply.contains("4) Setup a an authentication password for the default user."), reply);
            assertEquals("+PONG", r(n.raw().call("PING")));   // 127.0.0.1 itself is fine
        }
    }

    @Test
    void sameRepliesAsRedis() throws Exception {
        try (RedisProcess redis = RedisProcess.start();
             Differential d = new Differential(node.raw(), redis.raw())) {
            String[][] cmds = {
                    {"CLIENT"}, {"CLIENT", "foo"}, {"CLIENT", "ID", "x"}, {"CLIENT", "HELP"}, {"CLIENT", "HELP", "x"},
                    {"CLIENT", "LIST", "TYPE", "foo"}, {"CLIENT", "LIST", "ID", "1", "abc"}, {"CLIENT", "LIST", "ID"},
                    {"CLIENT", "LIST", "foo"}, {"CLIENT", "LIST", "ID", "-1"}, {"CLIENT", "LIST", "TYPE", "replica"},
                    {"CLIENT", "LIST", "TYPE", "master"}, {"CLIENT", "LIST", "TYPE", "normal", "ID", "1"},
                    {"CLIENT", "SETNAME", "a b"}, {"CLIENT", "SETNAME", ""}, {"CLIENT", "GETNAME"},
                    {"CLIENT", "SETNAME", "nm"}, {"CLIENT", "GETNAME"}, {"CLIENT", "SETNAME"},
                    {"CLIENT", "KILL", "1.2.3.4:5"}, {"CLIENT", "KILL", "type"}, {"CLIENT", "KILL", "1.2.3.4:5", "x"},
                    {"CLIENT", "KILL", "ID", "x"}, {"CLIENT", "KILL", "ID", "0"}, {"CLIENT", "KILL", "ID", "99999"},
                    {"CLIENT", "KILL", "ID", "1", "ID"}, {"CLIENT", "KILL", "ADDR", "1.2.3.4:5"},
                    {"CLIENT", "KILL", "TYPE", "foo"}, {"CLIENT", "KILL", "TYPE", "master"},
                    {"CLIENT", "KILL", "SKIPME", "maybe"}, {"CLIENT", "KILL", "USER", "nouser"},
                    {"CLIENT", "KILL", "MAXAGE", "10"}, {"CLIENT", "KILL", "LADDR", "x", "SKIPME", "no"},
                    {"CLIENT", "REPLY", "foo"}, {"CLIENT", "REPLY", "on", "x"}, {"CLIENT", "REPLY", "ON"},
                    {"CLIENT", "PAUSE"}, {"CLIENT", "PAUSE", "abc"}, {"CLIENT", "PAUSE", "-1"},
                    {"CLIENT", "PAUSE", "abc", "foo"}, {"CLIENT", "PAUSE", "10", "foo"}, {"CLIENT", "PAUSE", "1.5"},
                    {"CLIENT", "PAUSE", "10", "ALL", "x"}, {"CLIENT", "UNPAUSE"}, {"CLIENT", "UNPAUSE", "x"},
                    {"CLIENT", "NO-EVICT", "maybe"}, {"CLIENT", "NO-EVICT", "on"}, {"CLIENT", "NO-EVICT", "OFF"},
                    {"CLIENT", "NO-TOUCH", "on"}, {"CLIENT", "SETINFO", "lib-name", "x"},
                    {"CLIENT", "UNBLOCK", "abc"}, {"CLIENT", "UNBLOCK", "1", "foo"}, {"CLIENT", "UNBLOCK", "99999"},
                    {"CLIENT", "UNBLOCK", "1", "2", "3"}, {"CLIENT", "GETREDIR"}, {"CLIENT", "TRACKINGINFO"},
                    {"MONITOR", "x"}, {"MULTI"}, {"MONITOR"}, {"EXEC"},
            };
            for (String[] cmd : cmds) d.check(cmd);
        }
    }
}
