package vigil.server.config;

import org.junit.jupiter.api.Test;
import vigil.config.ConfError;
import vigil.config.ConfFile;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServerConfigTest {
    static ServerConfig load(String text) throws ConfError {
        ServerConfig c = new ServerConfig();
        c.load(ConfFile.parse("test.conf", text));
        return c;
    }

    static ServerConfig loadArgs(String... args) throws ConfError {
        ServerConfig c = new ServerConfig();
        c.load(ConfFile.load(null, null, List.of(args)));
        return c;
    }

    static String reason(String text) {
        return assertThrows(ConfError.class, () -> load(text)).reason();
    }

    @Test
    void debianRedisConfLoadsUnchanged() throws Exception {
        ServerConfig c = new ServerConfig();
        c.load(ConfFile.read(Path.of("src/test/resources/debian-redis.conf")));
        assertEquals(List.of("127.0.0.1", "-::1"), c.bind);
        assertEquals("/var/log/redis/redis-server.log", c.logfile);
        assertEquals(64L * 1024 * 1024, c.clientOutputBufferLimit[ServerConfig.OBUF_REPLICA][1]);
        assertEquals("3600 1 300 100 60 10000", c.param("save").get());
        assertEquals("no", c.param("appendonly").get());
    }

    @Test
    void saveLinesAccumulateAndTheFirstReplacesTheDefaults() throws Exception {
        ServerConfig c = load("save 900 1\nsave 300 10\n");
        assertEquals("900 1 300 10", c.param("save").get());
        assertEquals(2, c.save.size());
        assertEquals(900, c.save.get(0)[0]);
        assertEquals("900 1 300 10 60 10000", load("save 900 1 300 10 60 10000\n").param("save").get());
        assertEquals("3600 1 300 100 60 10000", load("port 1\n").param("save").get());
    }

    @Test
    void saveEmptyDisablesSnapshots() throws Exception {
        assertTrue(load("save \"\"\n").save.isEmpty());
        assertTrue(loadArgs("--save", "").save.isEmpty());
        assertTrue(loadArgs("--save").save.isEmpty());
        assertTrue(loadArgs("--save", "--port", "1").save.isEmpty());
        ServerConfig c = new ServerConfig();
        c.load(ConfFile.parse("f", "save 900 1\n"));
        assertEquals("900 1", c.param("save").get());
        assertEquals("60 5", loadArgs("--save", "60 5").param("save").get());
    }

    @Test
    void saveRejectsBadPairs() {
        assertEquals("Invalid save parameters", reason("save abc\n"));
        assertEquals("Invalid save parameters", reason("save 10\n"));
        assertEquals("Invalid save parameters", reason("save 0 1\n"));
    }

    @Test
    void memoryUnitsFollowRedis() throws Exception {
        assertEquals(1000, load("maxmemory 1k").maxmemory);
        assertEquals(1024, load("maxmemory 1kb").maxmemory);
        assertEquals(1_000_000, load("maxmemory 1m").maxmemory);
        assertEquals(1024 * 1024, load("maxmemory 1MB").maxmemory);
        assertEquals(1_000_000_000, load("maxmemory 1G").maxmemory);
        assertEquals(1024L * 1024 * 1024, load("maxmemory 1gB").maxmemory);
        assertEquals(5, load("maxmemory 5b").maxmemory);
        assertEquals("argument must be a memory value", reason("maxmemory 1x"));
        assertEquals("argument must be a memory value", reason("maxmemory -1"));
    }

    @Test
    void yesNoIsCaseInsensitive() throws Exception {
        assertFalse(load("protected-mode NO").protectedMode);
        assertTrue(load("protected-mode Yes").protectedMode);
        assertEquals("argument must be 'yes' or 'no'", reason("protected-mode maybe"));
    }

    @Test
    void reasonTextsAreRedis() {
        assertEquals("Bad directive or wrong number of arguments", reason("foo bar"));
        assertEquals("argument couldn't be parsed into an integer", reason("port abc"));
        assertEquals("argument must be between 0 and 65535 inclusive", reason("port 70000"));
        assertEquals("wrong number of arguments", reason("port"));
        assertEquals("wrong number of arguments", reason("port 1 2"));
        assertEquals("argument(s) must be one of the following: debug, verbose, notice, warning", reason("loglevel foo"));
        assertEquals("wrong number of arguments", reason("replicaof a"));
        assertEquals("Invalid master port", reason("replicaof a b"));
        assertEquals("Invalid client class specified in buffer limit configuration.", reason("client-output-buffer-limit foo 1 2 3"));
        assertEquals("Wrong number of arguments in buffer limit configuration.", reason("client-output-buffer-limit normal 1 2"));
        assertEquals("Error in hard, soft or soft_seconds setting in buffer limit configuration.", reason("client-output-buffer-limit normal x 2 3"));
        assertEquals("argument couldn't be parsed into an integer", reason("hz 007"));
        assertEquals("Invalid event class character. Use 'Ag$lshzxeKEtmdn'.", reason("notify-keyspace-events Q"));
        assertEquals("No such file or directory", reason("dir /nonexistent-vigil-dir"));
        assertEquals("dbfilename can't be a path, just a filename", reason("dbfilename a/b.rdb"));
    }

    @Test
    void fatalErrorNamesTheLine() {
        ConfError e = assertThrows(ConfError.class, () -> load("# c\nport abc\n"));
        assertEquals(2, e.line().lineNumber());
        assertTrue(e.fatalBlock("7.0.15", "0.1.0").contains(">>> 'port abc'\nargument couldn't be parsed into an integer\n"));
    }

    @Test
    void replicaofAcceptsTwoArgumentsOrOneWithASpaceOrNoOne() throws Exception {
        ServerConfig a = loadArgs("--replicaof", "127.0.0.1", "6379");
        ServerConfig b = loadArgs("--replicaof", "127.0.0.1 6379");
        ServerConfig c = load("slaveof 10.0.0.1 6380\n");
        assertEquals("127.0.0.1", a.masterHost);
        assertEquals(6379, a.masterPort);
        assertEquals("127.0.0.1", b.masterHost);
        assertEquals(6379, b.masterPort);
        assertEquals("10.0.0.1 6380", c.param("replicaof").get());
        assertNull(load("replicaof 1.2.3.4 5\nreplicaof no one\n").masterHost);
    }

    @Test
    void aliasesMapToTheSameDirective() throws Exception {
        ServerConfig c = load("slave-priority 7\nslave-read-only no\nslave-serve-stale-data no\nhash-max-ziplist-entries 10\n"
                + "hash-max-ziplist-value 1kb\nzset-max-ziplist-entries 3\nzset-max-ziplist-value 4\nlist-max-ziplist-size -3\n"
                + "min-slaves-to-write 2\nmin-slaves-max-lag 5\nrepl-ping-slave-period 3\nslave-announce-ip 1.1.1.1\nslave-announce-port 9\n");
        assertEquals(7, c.replicaPriority);
        assertFalse(c.replicaReadOnly);
        assertFalse(c.replicaServeStaleData);
        assertEquals(10, c.hashMaxListpackEntries);
        assertEquals(1024, c.hashMaxListpackValue);
        assertEquals(3, c.zsetMaxListpackEntries);
        assertEquals(4, c.zsetMaxListpackValue);
        assertEquals(-3, c.listMaxListpackSize);
        assertEquals(2, c.minReplicasToWrite);
        assertEquals(5, c.minReplicasMaxLag);
        assertEquals(3, c.replPingReplicaPeriod);
        assertEquals("1.1.1.1", c.replicaAnnounceIp);
        assertEquals(9, c.replicaAnnouncePort);
        assertSame(c.param("slave-priority"), c.param("replica-priority"));
    }

    @Test
    void clientOutputBufferLimitLinesSetTheirClass() throws Exception {
        ServerConfig c = load("client-output-buffer-limit replica 1mb 2mb 3\nclient-output-buffer-limit pubsub 1 2 3 normal 4 5 6\n");
        assertEquals("normal 4 5 6 slave 1048576 2097152 3 pubsub 1 2 3", c.param("client-output-buffer-limit").get());
    }

    @Test
    void notifyKeyspaceEventsIsNormalizedLikeRedis() throws Exception {
        assertEquals("AKE", load("notify-keyspace-events KEA").notifyKeyspaceEvents);
        assertEquals("glE", load("notify-keyspace-events Elg").notifyKeyspaceEvents);
        assertEquals("A", load("notify-keyspace-events Axe").notifyKeyspaceEvents);
    }

    @Test
    void deprecatedDirectivesAreAccepted() throws Exception {
        load("list-max-ziplist-entries 512\nlist-max-ziplist-value 64\n");
    }

    @Test
    void rewriteKeepsCommentsReplacesInPlaceAndAppendsNew() throws Exception {
        ServerConfig c = load("port 7323\nsave 900 1\nsave 300 10\nhash-max-ziplist-entries 100\nbind 127.0.0.1\n");
        c.param("hz").set(List.of("20"));
        c.param("save").set(List.of());
        c.param("bind").set(List.of("*", "-::*"));
        c.param("hash-max-listpack-entries").set(List.of("512"));
        c.param("masterauth").set(List.of("a b"));
        c.param("notify-keyspace-events").set(List.of("Ex"));
        String old = "# head comment\nport 7323\nsave 900 1\n\n\n# mid\nsave 300 10\nhash-max-ziplist-entries 100\n"
                + "slave-read-only yes\nbind 127.0.0.1\nrename-command FOO BAR\n";
        String out = ConfigRewrite.render(c, old);
        assertEquals("# head comment\nport 7323\nsave \"\"\n\n# mid\n\nhash-max-listpack-entries 512\nreplica-read-only yes\n\n"
                + "rename-command FOO BAR\n" + ConfigRewrite.SIGNATURE + "\n"
                + "hz 20\nnotify-keyspace-events \"xE\"\n"
                + "dir " + ConfFile.repr(Path.of("").toAbsolutePath().toString()) + "\n"
                + "masterauth \"a b\"\nlatency-tracking-info-percentiles 50 99 99.9\n", out);
    }

    /** Hidden directives are rewritten like any other when they differ from their default (as Redis 7.0 does). */
    @Test
    void hiddenLoadingDirectivesLoadAndRewrite() throws Exception {
        ServerConfig c = load("key-load-delay -10\nloading-process-events-interval-bytes 1024\n");
        assertEquals(-10, c.keyLoadDelay);
        assertEquals("1024", c.param("loading-process-events-interval-bytes").get());
        String out = ConfigRewrite.render(c, "key-load-delay -10\nloading-process-events-interval-bytes 1024\n");
        assertTrue(out.startsWith("key-load-delay -10\nloading-process-events-interval-bytes 1024\n"), out);
        c.param("key-load-delay").set(List.of("0"));
        assertFalse(ConfigRewrite.render(c, "").contains("key-load-delay"));
    }
}
