package vigil.server.admission;

import org.junit.jupiter.api.Test;
import vigil.client.BlockingClient;
import vigil.resp.RespValue;
import vigil.server.support.Differential;
import vigil.server.support.RedisProcess;
import vigil.server.support.TestNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The LOADING rule and the rules checked before it (READONLY, the RESP2 pub/sub context,
 * MASTERDOWN), against Redis 7.0 on a replica that really is loading a full-sync payload: the
 * master holds a few thousand keys, the replica sleeps key-load-delay after each one, so it
 * stays in loading:1 for seconds. Redis (a replica of a Redis master, loading from disk with
 * loading-process-events-interval-bytes 1024 so it serves clients meanwhile) runs the script
 * first, then Vigil (a replica of a Vigil master); the replies must be the same. A run whose
 * replica finished loading before the script did is repeated with a longer delay. Then the
 * delay is set to 0 (CONFIG SET acts on the load in progress) and the load ends with every key.
 */
class LoadingOrderTest {
    private static final int KEYS = 5000;
    private static final int FIRST_DELAY_MICROS = 1000;

    /** A replica being started with a key-load-delay; closing it stops the process or node. */
    private interface Replica extends AutoCloseable {
        BlockingClient connect() throws Exception;
    }

    private interface ReplicaStarter {
        Replica start(int keyLoadDelayMicros) throws Exception;
    }

    @Test
    void aLoadingReplicaAnswersAsRedisDoes() throws Exception {
        RedisProcess.assumeAvailable();
        List<String> redis;
        try (RedisProcess master = RedisProcess.start("--repl-diskless-sync-delay", "0"); BlockingClient m = master.raw()) {
            populate(m);
            redis = whileLoading(master.port, delay -> {
                RedisProcess r = RedisProcess.start("--key-load-delay", Integer.toString(delay),
                        "--loading-process-events-interval-bytes", "1024");
                return new Replica() {
                    public BlockingClient connect() throws Exception {
                        return r.raw();
                    }

                    public void close() {
                        r.close();
                    }
                };
            });
        }
        List<String> vigil;
        try (TestNode master = TestNode.start()) {
            populate(master.raw());
            vigil = whileLoading(master.port(), delay -> {
                TestNode n = TestNode.start("key-load-delay", Integer.toString(delay),
                        "loading-process-events-interval-bytes", "1024");
                return new Replica() {
                    public BlockingClient connect() throws Exception {
                        return n.raw();
                    }

                    public void close() throws Exception {
                        n.close();
                    }
                };
            });
        }
        System.out.println("LoadingOrderTest, Redis 7.0:\n  " + String.join("\n  ", redis));
        // The script did meet each rule on Redis (it was loading, with the link down), then Vigil must answer the same.
        assertEquals("GET k -> -" + AdmissionRules.LOADING, redis.get(0));
        assertEquals("SET k v -> -" + AdmissionRules.READONLY, redis.get(3));
        assertTrue(redis.contains("GET k -> -" + AdmissionRules.MASTERDOWN), "MASTERDOWN while loading");
        assertEquals(String.join("\n", redis), String.join("\n", vigil));
    }

    /** KEYS string keys with 100-byte values that do not compress (about ten keys per KB of payload). */
    private static void populate(BlockingClient c) throws Exception {
        Random random = new Random(42);
        for (int i = 0; i < KEYS; i += 500) {
            List<byte[]> args = new ArrayList<>();
            args.add("MSET".getBytes());
            for (int j = i; j < Math.min(KEYS, i + 500); j++) {
                args.add(String.format("key:%05d", j).getBytes());
                byte[] v = new byte[100];
                for (int k = 0; k < v.length; k++) v[k] = (byte) ('!' + random.nextInt(90));
                args.add(v);
            }
            assertEquals("OK", c.call(args.toArray(new byte[0][])).asString());
        }
    }

    /**
     * Starts a replica of the master on masterPort, waits for loading:1, runs the script and
     * checks that loading is still 1; repeats with a doubled delay (up to three times) if not.
     */
    private static List<String> whileLoading(int masterPort, ReplicaStarter starter) throws Exception {
        int delay = FIRST_DELAY_MICROS;
        for (int attempt = 0; attempt < 3; attempt++, delay *= 2) {
            try (Replica r = starter.start(delay); BlockingClient c = r.connect(); BlockingClient sub = r.connect()) {
                assertEquals("OK", c.call("REPLICAOF", "127.0.0.1", Integer.toString(masterPort)).asString());
                awaitLoading(c);
                List<String> replies = script(c, sub);
                if (!loading(c)) continue;
                // The delay is read for every key: setting it to 0 lets the load finish now, with every key.
                assertEquals("OK", c.call("CONFIG", "SET", "key-load-delay", "0").asString());
                long deadline = System.currentTimeMillis() + 60_000;
                while (loading(c)) {
                    if (System.currentTimeMillis() > deadline) fail("the load did not finish once key-load-delay was 0");
                    Thread.sleep(10);
                }
                assertEquals(KEYS, ((RespValue.Int) c.call("DBSIZE")).value());
                return replies;
            }
        }
        fail("the replica finished loading before the checks were done, three times");
        return null;
    }

    private static boolean loading(BlockingClient c) throws Exception {
        return c.call("INFO", "persistence").asString().contains("\r\nloading:1\r\n");
    }

    private static void awaitLoading(BlockingClient c) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (!loading(c)) {
            if (System.currentTimeMillis() > deadline) fail("the replica never reported loading:1");
            Thread.sleep(10);
        }
    }

    /** The same commands on a loading replica; each line is the command and its rendered reply. */
    private static List<String> script(BlockingClient c, BlockingClient sub) throws Exception {
        List<String> out = new ArrayList<>();
        Script s = new Script(out, c);
        s.run("GET", "k");                                    // LOADING
        s.run("EXISTS", "k");
        s.run("DBSIZE");
        s.run("SET", "k", "v");                               // READONLY comes first
        s.run("LPUSH", "l", "a");
        s.run("BLPOP", "l", "1");
        s.run("PING");
        s.run("ECHO", "x");
        s.run("NOSUCHCOMMAND");
        s.run("GET");                                         // arity before the rules
        out.add("INFO persistence -> loading:" + (loading(c) ? 1 : 0));
        s.run("CONFIG", "GET", "replica-serve-stale-data");
        s.run("CLIENT", "SETNAME", "loader");
        s.run("CLIENT", "GETNAME");
        s.run("SELECT", "1");
        s.run("SELECT", "0");
        s.run("PUBLISH", "other", "m");
        s.run("WAIT", "0", "0");
        s.run("WATCH", "k");
        s.run("UNWATCH");
        s.run("MULTI");
        s.run("GET", "k");                                    // LOADING flags the transaction
        s.run("EXEC");                                        // EXECABORT
        s.run("MULTI");
        s.run("SET", "k", "v");                               // READONLY flags it
        s.run("EXEC");
        s.run("MULTI");
        s.run("CONFIG", "GET", "replica-serve-stale-data");   // allowed while loading: queued
        s.run("PING");
        s.run("EXEC");
        s.run("MULTI");
        s.run("ECHO", "x");
        s.run("DISCARD");
        // A RESP2 subscriber: the pub/sub context is checked before LOADING, READONLY before both.
        Script p = new Script(out, sub);
        p.run("SUBSCRIBE", "ch");
        p.run("GET", "k");
        p.run("SET", "k", "v");
        p.run("PING");
        p.run("UNSUBSCRIBE", "ch");
        p.run("GET", "k");
        // The link is not up while the payload loads: with replica-serve-stale-data no, MASTERDOWN comes before LOADING.
        s.run("CONFIG", "SET", "replica-serve-stale-data", "no");
        s.run("GET", "k");                                    // MASTERDOWN
        s.run("SET", "k", "v");                               // READONLY still first
        s.run("PING");
        s.run("ECHO", "x");
        s.run("DBSIZE");
        s.run("CONFIG", "GET", "replica-serve-stale-data");
        s.run("MULTI");
        s.run("GET", "k");
        s.run("EXEC");
        s.run("CONFIG", "SET", "replica-serve-stale-data", "yes");
        s.run("GET", "k");
        return out;
    }

    private record Script(List<String> out, BlockingClient c) {
        void run(String... args) throws Exception {
            RespValue v = c.call(args);
            out.add(String.join(" ", args) + " -> " + Differential.render(v));
        }
    }
}
