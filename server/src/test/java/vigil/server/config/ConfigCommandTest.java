package vigil.server.config;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import vigil.client.BlockingClient;
import vigil.config.ConfFile;
import vigil.resp.RespValue;
import vigil.server.Node;
import vigil.server.support.Differential;
import vigil.server.support.RedisProcess;
import vigil.server.support.TestNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigCommandTest {
    /** Differ between the two processes because of how each was started, not because of Vigil. */
    private static final Set<String> PER_PROCESS = Set.of("port", "dir", "logfile", "pidfile", "daemonize", "bind");
    static TestNode node;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start("save", "", "appendonly", "no", "repl-diskless-sync-delay", "5");   // Redis's default (TestNode sets 0)
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    static Map<String, String> pairs(RespValue v) {
        Map<String, String> m = new TreeMap<>();
        var items = ((RespValue.Aggregate) v).items();
        for (int i = 0; i < items.size(); i += 2) m.put(items.get(i).asString(), items.get(i + 1).asString());
        return m;
    }

    /** Directives Redis 7.0 does not have (docs/config.md, "Vigil's own directives"). */
    static final java.util.Set<String> VIGIL_ONLY = java.util.Set.of("replica-refuse-behind-master-period", "min-replicas-ack",
            "min-replicas-ack-timeout", "min-replicas-ack-join-delay", "master-restart-fence", "repl-state-filename");

    @Test
    void configGetStarListsEveryRedisDirectiveWithRedisDefaults() throws Exception {
        try (RedisProcess redis = RedisProcess.start(); BlockingClient r = redis.raw()) {
            Map<String, String> expected = pairs(r.call("CONFIG", "GET", "*"));
            Map<String, String> actual = pairs(node.raw().call("CONFIG", "GET", "*"));
            java.util.Set<String> redisKeys = new java.util.TreeSet<>(actual.keySet());
            redisKeys.removeAll(VIGIL_ONLY);
            assertEquals(new java.util.TreeSet<>(expected.keySet()), redisKeys);
            assertTrue(actual.keySet().containsAll(VIGIL_ONLY), "Vigil's own directives are listed too");
            assertEquals("0", actual.get("min-replicas-ack"));           // Vigil's zero-loss mode, off by default
            assertEquals("5000", actual.get("min-replicas-ack-timeout"));
            assertEquals("0", actual.get("min-replicas-ack-join-delay"));   // the join delay is off by default (docs/zero-loss.md)
            assertEquals("yes", actual.get("master-restart-fence"));        // the crash-restart fence is on by default
            assertEquals("vigil-repl.state", actual.get("repl-state-filename"));
            for (String k : expected.keySet()) {
                if (PER_PROCESS.contains(k)) continue;
                assertEquals(expected.get(k), actual.get(k), "CONFIG GET " + k);
            }
        }
    }

    @Test
    void configGetAndSetRepliesMatchRedis() throws Exception {
        try (RedisProcess redis = RedisProcess.start(); Differential d = new Differential(node.raw(), redis.raw())) {
            d.check("CONFIG", "GET", "maxmemory");
            d.check("CONFIG", "GET", "MAXMEMORY");
            d.check("CONFIG", "GET", "maxmemory", "MaxMemory");
            d.check("CONFIG", "GET", "slaveof");
            d.check("CONFIG", "GET", "nosuch");
            d.check("CONFIG", "GET");
            d.check("CONFIG", "SET", "maxmemory", "10mb");
            d.check("CONFIG", "GET", "maxmemory");
            d.check("CONFIG", "SET", "hz", "1000");
            d.check("CONFIG", "GET", "hz");
            d.check("CONFIG", "SET", "hz", "10", "maxmemory", "0");
            d.check("CONFIG", "SET", "save", "10 1 20 2");
            d.check("CONFIG", "GET", "save");
            d.check("CONFIG", "SET", "save", "");
            d.check("CONFIG", "GET", "save");
            d.check("CONFIG", "SET", "client-output-buffer-limit", "normal 1mb 2 3");
            d.check("CONFIG", "GET", "client-output-buffer-limit");
            d.check("CONFIG", "SET", "notify-keyspace-events", "KEA");
            d.check("CONFIG", "GET", "notify-keyspace-events");
            d.check("CONFIG", "SET", "notify-keyspace-events", "");
            d.check("CONFIG", "SET", "slave-priority", "7");
            d.check("CONFIG", "GET", "replica-priority");
            d.check("CONFIG", "SET", "replica-priority", "100");
            d.check("CONFIG", "SET", "hash-max-ziplist-entries", "100");
            d.check("CONFIG", "GET", "hash-max-listpack-entries");
            d.check("CONFIG", "SET", "loglevel", "WARNING");
            d.check("CONFIG", "GET", "loglevel");
            d.check("CONFIG", "SET", "loglevel", "notice");
            d.check("CONFIG", "HELP");
        }
    }

    @Test
    void configGetWithPatternsMatchesRedisAsAMap() throws Exception {
        try (RedisProcess redis = RedisProcess.start(); BlockingClient v = node.raw(); BlockingClient r = redis.raw()) {
            for (String[] patterns : new String[][]{{"maxmemory*"}, {"slave-p*", "replica-p*", "PORT"}, {"*max*entries*"},
                    {"repl-*"}, {"h?"}, {"sl[a]veof"}, {"hz", "h?"}}) {
                String[] cmd = new String[patterns.length + 2];
                cmd[0] = "CONFIG";
                cmd[1] = "GET";
                System.arraycopy(patterns, 0, cmd, 2, patterns.length);
                Map<String, String> expected = pairs(r.call(cmd));
                expected.remove("port");
                expected.remove("PORT");
                Map<String, String> actual = pairs(v.call(cmd));
                actual.remove("port");
                actual.remove("PORT");
                actual.keySet().removeAll(VIGIL_ONLY);   // Vigil's own (repl-state-filename matches repl-*)
                assertEquals(expected, actual, String.join(" ", patterns));
            }
            v.call("HELLO", "3");
            r.call("HELLO", "3");
            assertEquals(Differential.render(r.call("CONFIG", "GET", "hz")), Differential.render(v.call("CONFIG", "GET", "hz")));
        }
    }

    /** Redis 7.0's hidden configs: CONFIG GET answers them by exact name only; set with Redis's ranges and errors. */
    @Test
    void hiddenLoadingConfigsMatchRedis() throws Exception {
        try (RedisProcess redis = RedisProcess.start(); Differential d = new Differential(node.raw(), redis.raw())) {
            d.check("CONFIG", "GET", "key-load-delay");
            d.check("CONFIG", "GET", "key-load*");
            d.check("CONFIG", "GET", "loading-process-events-interval-bytes");
            d.check("CONFIG", "GET", "loading*");
            d.check("CONFIG", "SET", "key-load-delay", "-5");
            d.check("CONFIG", "GET", "KEY-LOAD-DELAY");
            d.check("CONFIG", "SET", "key-load-delay", "abc");
            d.check("CONFIG", "SET", "key-load-delay", "1k");
            d.check("CONFIG", "SET", "key-load-delay", "3000000000");
            d.check("CONFIG", "SET", "key-load-delay", "-2147483648");
            d.check("CONFIG", "GET", "key-load-delay");
            d.check("CONFIG", "SET", "key-load-delay", "0");
            d.check("CONFIG", "SET", "loading-process-events-interval-bytes", "100");
            d.check("CONFIG", "SET", "loading-process-events-interval-bytes", "1k");
            d.check("CONFIG", "SET", "loading-process-events-interval-bytes", "1024");
            d.check("CONFIG", "GET", "loading-process-events-interval-bytes");
            d.check("CONFIG", "SET", "loading-process-events-interval-bytes", "2097152");
        }
    }

    @Test
    void configSetErrorsMatchRedis() throws Exception {
        try (RedisProcess redis = RedisProcess.start(); Differential d = new Differential(node.raw(), redis.raw())) {
            d.check("CONFIG", "SET", "foo", "bar");
            d.check("CONFIG", "SET", "daemonize", "no");
            d.check("CONFIG", "SET", "databases", "4");
            d.check("CONFIG", "SET", "replicaof", "no one");
            d.check("CONFIG", "SET", "dir", "/tmp");
            d.check("CONFIG", "SET", "dbfilename", "x.rdb");
            d.check("CONFIG", "SET", "maxmemory", "1mb", "maxmemory", "2mb");
            d.check("CONFIG", "SET", "maxmemory", "1mb", "hz");
            d.check("CONFIG", "SET", "maxmemory", "abc");
            d.check("CONFIG", "SET", "protected-mode", "maybe");
            d.check("CONFIG", "SET", "hz", "abc");
            d.check("CONFIG", "SET", "hz", "-1");
            d.check("CONFIG", "SET", "timeout", "-5");
            d.check("CONFIG", "SET", "loglevel", "loud");
            d.check("CONFIG", "SET", "save", "10");
            d.check("CONFIG", "SET", "slave-priority", "x");
            d.check("CONFIG", "SET", "client-output-buffer-limit", "master 1 1 1");
            d.check("CONFIG", "SET", "notify-keyspace-events", "Q");
            d.check("CONFIG", "SET", "foo", "1", "daemonize", "no");
            d.check("CONFIG", "SET", "daemonize", "no", "foo", "1");
            d.check("CONFIG", "SET", "maxmemory", "5mb", "hz", "abc");
            d.check("CONFIG", "GET", "maxmemory");
            d.check("CONFIG", "SET");
            d.check("CONFIG", "SET", "hz");
            d.check("CONFIG", "RESETSTAT", "extra");
            d.check("CONFIG", "REWRITE");
            d.check("CONFIG", "FOO");
            d.check("CONFIG");
        }
    }

    @Test
    void configSetIsAllOrNothing() throws Exception {
        Jedis j = node.jedis();
        j.configSet("maxmemory-samples", "5");
        BlockingClient c = node.raw();
        assertEquals("ERR CONFIG SET failed (possibly related to argument 'timeout') - argument must be between 0 and 2147483647 inclusive",
                c.call("CONFIG", "SET", "maxmemory-samples", "9", "timeout", "-1").asString());
        assertEquals("5", j.configGet("maxmemory-samples").get("maxmemory-samples"));
        assertEquals(5, node.node.onLoop(() -> node.node.server().config.maxmemorySamples));
        assertEquals("OK", c.call("CONFIG", "SET", "maxmemory-samples", "9", "timeout", "0").asString());
        assertEquals(9, node.node.onLoop(() -> node.node.server().config.maxmemorySamples));
        j.configSet("maxmemory-samples", "5");
    }

    @Test
    void resetstatZeroesServerKeyspaceAndCommandCounters() throws Exception {
        BlockingClient c = node.raw();
        c.call("SET", "k", "v");
        c.call("GET", "k");
        c.call("GET", "missing");
        assertTrue(node.node.onLoop(() -> node.node.server().commands.get("get").calls) > 0);
        assertEquals("OK", c.call("CONFIG", "RESETSTAT").asString());
        var server = node.node.server();
        assertEquals(0L, node.node.onLoop(() -> server.commands.get("get").calls));
        assertEquals(0L, node.node.onLoop(() -> server.keyspace.stats().keyspaceHits + server.keyspace.stats().keyspaceMisses));
        assertEquals(1L, node.node.onLoop(() -> server.stats.totalCommands));  // RESETSTAT itself is counted after the reset
    }

    @Test
    void rewriteUpdatesTheConfFileInPlace() throws Exception {
        Path dir = Files.createTempDirectory("vigil-rewrite");
        Path conf = dir.resolve("node.conf");
        ServerConfig config = vigil.server.support.TestConfs.load(conf, "# my node\nport 0\nbind 127.0.0.1\nsave 900 1\nsave 300 10\n\n# limits\nmaxmemory 100mb\nslave-read-only yes\n");
        try (Node n = Node.start(config); BlockingClient c = new BlockingClient("127.0.0.1", n.port(), 10_000)) {
            assertEquals("OK", c.call("CONFIG", "SET", "maxmemory", "1gb", "save", "60 5", "replica-read-only", "no",
                    "hz", "20", "client-output-buffer-limit", "replica 1mb 1mb 1").asString());
            assertEquals("OK", c.call("CONFIG", "REWRITE").asString());
        }
        assertEquals("# my node\nport 0\nbind 127.0.0.1\nsave 60 5\n\n# limits\nmaxmemory 1gb\nreplica-read-only no\n"
                + "# Generated by CONFIG REWRITE\n"
                + "hz 20\n"
                + "dir " + ConfFile.repr(Path.of("").toAbsolutePath().toString()) + "\n"
                + "client-output-buffer-limit replica 1mb 1mb 1\n"
                + "latency-tracking-info-percentiles 50 99 99.9\n", Files.readString(conf));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temp file left behind");
        }
        ServerConfig reread = new ServerConfig();
        reread.load(ConfFile.read(conf));
        assertEquals("60 5", reread.param("save").get());
        assertEquals(1024L * 1024 * 1024, reread.maxmemory);
    }

    @Test
    void restartFenceDirectivesAreSetReadAndRewritten() throws Exception {
        Path dir = Files.createTempDirectory("vigil-rewrite");
        Path conf = dir.resolve("node.conf");
        ServerConfig config = vigil.server.support.TestConfs.load(conf, "port 0\nbind 127.0.0.1\nsave \"\"\ndir " + ConfFile.repr(dir.toString()) + "\n");
        try (Node n = Node.start(config); BlockingClient c = new BlockingClient("127.0.0.1", n.port(), 10_000)) {
            assertEquals("ERR CONFIG SET failed (possibly related to argument 'repl-state-filename') - "
                    + "repl-state-filename can't be a path, just a filename", c.call("CONFIG", "SET", "repl-state-filename", "a/b").asString());
            assertEquals("ERR CONFIG SET failed (possibly related to argument 'master-restart-fence') - argument must be 'yes' or 'no'",
                    c.call("CONFIG", "SET", "master-restart-fence", "maybe").asString());
            assertEquals("OK", c.call("CONFIG", "SET", "master-restart-fence", "no", "repl-state-filename", "node 1.state").asString());
            assertEquals("node 1.state", pairs(c.call("CONFIG", "GET", "repl-state-filename")).get("repl-state-filename"));
            assertEquals("no", pairs(c.call("CONFIG", "GET", "master-restart-fence")).get("master-restart-fence"));
            assertEquals("OK", c.call("CONFIG", "REWRITE").asString());
        }
        String text = Files.readString(conf);
        assertTrue(text.contains("\nmaster-restart-fence no\n"), text);
        assertTrue(text.contains("\nrepl-state-filename \"node 1.state\"\n"), text);
        ServerConfig reread = new ServerConfig();
        reread.load(ConfFile.read(conf));
        assertFalse(reread.masterRestartFence);
        assertEquals("node 1.state", reread.replStateFilename);
    }

    @Test
    void rewriteWithoutConfFileIsAnError() throws Exception {
        assertEquals("ERR The server is running without a config file", node.raw().call("CONFIG", "REWRITE").asString());
    }
}
