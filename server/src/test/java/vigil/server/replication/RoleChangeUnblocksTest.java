package vigil.server.replication;

import org.junit.jupiter.api.Test;
import vigil.client.BlockingClient;
import vigil.server.node.BlockingManager;
import vigil.server.support.Differential;
import vigil.server.support.RedisProcess;
import vigil.server.support.TestNode;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static vigil.server.replication.ReplicaTestKit.await;
import static vigil.server.replication.ReplicaTestKit.awaitInSync;
import static vigil.server.replication.ReplicaTestKit.info;

/**
 * A master made a replica of another node (REPLICAOF host port) unblocks its blocked clients as
 * Redis 7.0's disconnectAllBlockedClients does: BLPOP, BZPOPMIN, BLMOVE and WAIT get
 * -UNBLOCKED and their connections are closed; a command held by CLIENT PAUSE is not touched.
 * The same steps run on two redis-servers and on two Vigil nodes, and the replies must match.
 * Then the new master pushes to the keys the clients waited on: nothing pops them on the
 * replica, so both nodes end with the same DEBUG DIGEST and the elements are still there.
 */
class RoleChangeUnblocksTest {

    /** Two nodes of one kind: the old master (becomes the replica) and the new master. */
    private interface Pair extends AutoCloseable {
        BlockingClient oldMaster() throws Exception;

        BlockingClient newMaster() throws Exception;

        int newMasterPort();
    }

    @Test
    void blockedClientsGetUnblockedAndDisconnectedAsInRedis() throws Exception {
        RedisProcess.assumeAvailable();
        List<String> redis;
        try (RedisProcess a = RedisProcess.start("--enable-debug-command", "yes");
             RedisProcess b = RedisProcess.start("--enable-debug-command", "yes")) {
            redis = run(new Pair() {
                public BlockingClient oldMaster() throws Exception {
                    return a.raw();
                }

                public BlockingClient newMaster() throws Exception {
                    return b.raw();
                }

                public int newMasterPort() {
                    return b.port;
                }

                public void close() {
                }
            });
        }
        List<String> vigil;
        try (TestNode a = TestNode.start("enable-debug-command", "yes");
             TestNode b = TestNode.start("enable-debug-command", "yes")) {
            vigil = run(new Pair() {
                public BlockingClient oldMaster() throws Exception {
                    return a.raw();
                }

                public BlockingClient newMaster() throws Exception {
                    return b.raw();
                }

                public int newMasterPort() {
                    return b.port();
                }

                public void close() {
                }
            });
        }
        String unblocked = "-" + BlockingManager.UNBLOCKED_ROLE_CHANGE + " (then closed)";
        assertEquals(List.of("BLPOP list 0 -> " + unblocked, "BZPOPMIN zset 0 -> " + unblocked,
                "BLMOVE src dst LEFT RIGHT 0 -> " + unblocked, "WAIT 1 0 -> " + unblocked,
                "blocked_clients:1", "paused SET -> -READONLY You can't write against a read only replica."), redis);
        assertEquals(String.join("\n", redis), String.join("\n", vigil));
    }

    private static List<String> run(Pair p) throws Exception {
        List<String> out = new ArrayList<>();
        try (BlockingClient admin = p.oldMaster(); BlockingClient newMaster = p.newMaster();
             BlockingClient blpop = p.oldMaster(); BlockingClient bzpop = p.oldMaster();
             BlockingClient blmove = p.oldMaster(); BlockingClient wait = p.oldMaster();
             BlockingClient paused = p.oldMaster()) {
            String[][] blocking = {{"BLPOP", "list", "0"}, {"BZPOPMIN", "zset", "0"},
                    {"BLMOVE", "src", "dst", "LEFT", "RIGHT", "0"}, {"WAIT", "1", "0"}};
            BlockingClient[] clients = {blpop, bzpop, blmove, wait};
            for (int i = 0; i < clients.length; i++) clients[i].send(blocking[i]);
            await("4 blocked clients", () -> "4".equals(info(admin, "clients").get("blocked_clients")));
            // A write held by CLIENT PAUSE is not a blocked client: it runs when the pause ends (and is refused then).
            assertEquals("OK", admin.call("CLIENT", "PAUSE", "60000", "WRITE").asString());
            paused.send("SET", "k", "v");
            await("the paused client", () -> admin.call("CLIENT", "LIST").asString().split(" flags=b ", -1).length == 6);

            assertEquals("OK", admin.call("REPLICAOF", "127.0.0.1", Integer.toString(p.newMasterPort())).asString());
            for (int i = 0; i < clients.length; i++) {
                out.add(String.join(" ", blocking[i]) + " -> " + reply(clients[i]) + closedOrOpen(clients[i]));
            }
            out.add("blocked_clients:" + info(admin, "clients").get("blocked_clients"));   // the paused one counts (BLOCKED_POSTPONE)
            assertEquals("OK", admin.call("CLIENT", "UNPAUSE").asString());
            out.add("paused SET -> " + Differential.render(paused.read()));

            // The new master's writes reach the replica and stay there: nobody pops them on the replica.
            awaitInSync(newMaster, admin);
            newMaster.call("RPUSH", "list", "e1");
            newMaster.call("ZADD", "zset", "1", "m");
            newMaster.call("RPUSH", "src", "s1");
            awaitInSync(newMaster, admin);
            for (BlockingClient c : new BlockingClient[]{newMaster, admin}) {
                assertEquals("*[$\"e1\"]", Differential.render(c.call("LRANGE", "list", "0", "-1")));
                assertEquals("*[$\"m\", $\"1\"]", Differential.render(c.call("ZRANGE", "zset", "0", "-1", "WITHSCORES")));
                assertEquals("*[$\"s1\"]", Differential.render(c.call("LRANGE", "src", "0", "-1")));
                assertEquals(":0", Differential.render(c.call("EXISTS", "dst")));
            }
            assertEquals(newMaster.call("DEBUG", "DIGEST").asString(), admin.call("DEBUG", "DIGEST").asString());
            admin.call("REPLICAOF", "NO", "ONE");
        }
        return out;
    }

    /** The next reply, or "(no reply)" if none comes within 5 s (the client is still blocked). */
    private static String reply(BlockingClient c) throws Exception {
        c.setTimeout(5000);
        try {
            return Differential.render(c.read());
        } catch (SocketTimeoutException e) {
            return "(no reply)";
        }
    }

    /** Whether the server closed the connection after its reply (Redis sets CLIENT_CLOSE_AFTER_REPLY). */
    private static String closedOrOpen(BlockingClient c) throws Exception {
        c.setTimeout(5000);
        try {
            c.send("PING");
            return " (then open: " + Differential.render(c.read()) + ")";
        } catch (EOFException e) {
            return " (then closed)";
        } catch (SocketTimeoutException e) {
            return " (then no answer)";
        } catch (IOException e) {
            return " (then closed)";   // reset by the peer
        }
    }
}
