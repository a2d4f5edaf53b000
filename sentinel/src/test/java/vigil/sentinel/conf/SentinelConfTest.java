package vigil.sentinel.conf;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vigil.config.ConfError;
import vigil.sentinel.core.Addr;
import vigil.sentinel.core.MasterState;
import vigil.sentinel.core.SentinelBrain;
import vigil.sentinel.core.SentinelSettings;
import vigil.sentinel.server.RedisSentinelProcess;

import java.io.File;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** sentinel.conf in (Redis 7.0's errors, file and line) and out (Redis's rewrite), and a restart resuming the state. */
class SentinelConfTest {
    static final String PEER = "0123456789012345678901234567890123456789";
    static final String ID = "abcdefabcdefabcdefabcdefabcdefabcdefabcd";
    @TempDir
    Path dir;

    private Path write(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    private static SentinelBrain brain() {
        return new SentinelBrain(new SentinelSettings());
    }

    static final String[] BAD = {
            "port 1\nfoo bar\n",
            "\nsentinel foo\n",
            "sentinel down-after-milliseconds x 5\n",
            "sentinel monitor m 127.0.0.1 6379 0\n",
            "sentinel myid abc\n",
            "sentinel monitor m 127.0.0.1 6379 1\nsentinel monitor m 127.0.0.1 6380 1\n",
            "sentinel monitor m 127.0.0.1 6379 1\nsentinel known-replica m 127.0.0.1 6380\nsentinel known-replica m 127.0.0.1 6380\n",
            "sentinel monitor m 127.0.0.1 6379 1\nsentinel down-after-milliseconds m -1\n",
            "sentinel monitor m 127.0.0.1 6379 1\nsentinel failover-timeout m abc\n",
            "sentinel monitor m nosuchhost.invalid 6379 1\n",
            "sentinel monitor m 127.0.0.1 6379 1\nsentinel resolve-hostnames maybe\n",
            "sentinel announce-hostnames 2\n",
            "sentinel deny-scripts-reconfig x\n",
            "port abc\n", "port 70000\n", "daemonize maybe\n", "port\n", "requirepass\n", "dir /nonexistent-dir\n",
            "sentinel parallel-syncs\n",
            "sentinel config-epoch m 1\nsentinel monitor m 127.0.0.1 6379 1\nsentinel config-epoch x 1\n",
            "sentinel known-replica m 1.1.1.1 5\nsentinel monitor m 127.0.0.1 6379 1\nsentinel known-replica m 1.1.1.1 5\n",
            "sentinel monitor m 127.0.0.1 6379 1\nsentinel rename-command m config a\nsentinel rename-command m CONFIG b\n",
            "sentinel monitor m 127.0.0.1 6379 1\nsentinel known-sentinel m 1.1.1.1 5 " + PEER
                    + "\nsentinel known-sentinel m 1.1.1.2 6 " + PEER + "\n",
            "sentinel monitor m 127.0.0.1 6379 1\nsentinel notification-script m /nonexistent/script.sh\n",
            "sentinel monitor m 127.0.0.1 6379 1\nsentinel client-reconfig-script m /nonexistent/script.sh\n",
            "sentinel monitor m 127.0.0.1 6379 1\nsentinel master-reboot-down-after-period m -5\n",
            "sentinel monitor m 127.0.0.1 70000 1\n",
            "sentinel monitor m 127.0.0.1 6379 1 extra\n",
    };

    @Test
    void errorsAreRedisFatalBlocksNamingFileAndLine() throws Exception {
        RedisSentinelProcess.assumeAvailable();
        int n = 0;
        for (String text : BAD) {
            Path f = write("bad" + n++ + ".conf", text);
            ConfError e = assertThrows(ConfError.class, () -> SentinelConf.load(f.toString(), List.of(), brain(), 0), text);
            assertNotNull(e.line(), text);
            assertEquals(f.toString(), e.line().file());
            List<String> mine = Arrays.asList(e.fatalBlock("7.0.15", "test").split("\n"));
            List<String> redis = redisFatal(f);
            assertEquals(redis, mine.subList(0, redis.size()), text);
        }
    }

    /** The FATAL block redis-sentinel prints for {@code conf}. */
    static List<String> redisFatal(Path conf) throws Exception {
        Process p = new ProcessBuilder(RedisSentinelProcess.SENTINEL, conf.toString()).redirectErrorStream(true).start();
        if (!p.waitFor(5, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("redis-sentinel accepted " + Files.readString(conf));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>(Arrays.asList(out.split("\n")));
        int start = lines.indexOf("*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***");
        assertTrue(start > 0, out);
        return lines.subList(start - 1, Math.min(lines.size(), start + 4));
    }

    @Test
    void anErrorInAnIncludedFileNamesThatFileAndItsLine() throws Exception {
        Path inc = write("inc.conf", "# comment\n\nsentinel monitor m 127.0.0.1 6379 0\n");
        Path main = write("main.conf", "port 26379\ninclude " + inc + "\n");
        ConfError e = assertThrows(ConfError.class, () -> SentinelConf.load(main.toString(), List.of(), brain(), 0));
        assertEquals(inc.toString(), e.line().file());
        assertEquals(3, e.line().lineNumber());
        assertEquals("Quorum must be 1 or greater.", e.reason());
    }

    @Test
    void aMissingOrAbsentConfFileIsFatalWithRedisMessages() throws Exception {
        ConfError none = assertThrows(ConfError.class, () -> SentinelConf.load(null, List.of(), brain(), 0));
        assertEquals("Sentinel needs config file on disk to save state. Exiting...", none.reason());
        String missing = dir.resolve("nope.conf").toString();
        ConfError e = assertThrows(ConfError.class, () -> SentinelConf.load(missing, List.of(), brain(), 0));
        assertEquals("Fatal error, can't open config file '" + missing + "': No such file or directory", e.reason());
    }

    @Test
    void commandLineOptionsComeAfterTheFile() throws Exception {
        Path f = write("s.conf", "port 26379\nsentinel monitor m 127.0.0.1 6379 1\n");
        SentinelConf c = SentinelConf.load(f.toString(), List.of("--port", "26400", "--sentinel", "down-after-milliseconds",
                "m", "5000"), brain(), 0);
        assertEquals(26400, c.port);
    }

    @Test
    void everyDirectiveIsAppliedToTheBrain() throws Exception {
        Path f = write("s.conf", String.join("\n",
                "port 26390", "bind 127.0.0.1 ::1", "requirepass \"p w\"", "logfile \"\"", "daemonize no", "protected-mode no",
                "sentinel myid " + ID, "sentinel monitor m 127.0.0.1 6379 2", "sentinel down-after-milliseconds m 5000",
                "sentinel failover-timeout m 60000", "sentinel parallel-syncs m 2", "sentinel auth-pass m pw",
                "sentinel auth-user m u", "sentinel notification-script m /bin/true", "sentinel client-reconfig-script m /bin/true",
                "sentinel announce-ip 10.0.0.1", "sentinel announce-port 7000", "sentinel resolve-hostnames yes",
                "sentinel announce-hostnames yes", "sentinel sentinel-user su", "sentinel sentinel-pass sp",
                "sentinel deny-scripts-reconfig no", "sentinel master-reboot-down-after-period m 1000",
                "sentinel current-epoch 3", "sentinel config-epoch m 5", "sentinel leader-epoch m 4",
                "sentinel known-replica m 127.0.0.1 6380", "sentinel known-slave m 127.0.0.1 6381",
                "sentinel known-sentinel m 127.0.0.1 26391 " + PEER, "sentinel known-sentinel m 127.0.0.1 26392",
                "sentinel rename-command m CONFIG CFG", "sentinel"));
        SentinelBrain b = brain();
        SentinelConf c = SentinelConf.load(f.toString(), List.of(), b, 0);
        assertEquals(26390, c.port);
        assertEquals(List.of("127.0.0.1", "::1"), c.bind);
        assertEquals("p w", c.requirepass);
        MasterState m = b.masters.get("m");
        assertEquals(5000, m.downAfterMs);
        assertEquals(60000, m.failoverTimeout);
        assertEquals(2, m.parallelSyncs);
        assertEquals("pw", m.authPass);
        assertEquals("u", m.authUser);
        assertEquals("/bin/true", m.notificationScript);
        assertEquals("/bin/true", m.clientReconfigScript);
        assertEquals(1000, m.masterRebootDownAfterPeriod);
        assertEquals(5, m.configEpoch);
        assertEquals(4, m.leaderEpoch);
        assertEquals(5, b.settings.currentEpoch);   // raised to the highest config epoch, as Redis does
        assertEquals(List.of(new Addr("127.0.0.1", 6380), new Addr("127.0.0.1", 6381)), new ArrayList<>(m.replicas.keySet()));
        assertEquals(5000, m.replicas.get(new Addr("127.0.0.1", 6380)).downAfterMs);
        assertEquals(List.of(PEER), new ArrayList<>(m.sentinels.keySet()));
        assertEquals("CFG", m.renamedCommands.get("CONFIG"));
        assertEquals(ID, b.settings.myId);
        assertEquals("10.0.0.1", b.settings.announceIp);
        assertEquals(7000, b.settings.announcePort);
        assertTrue(b.settings.resolveHostnames && b.settings.announceHostnames);
        assertEquals("su", b.settings.sentinelUser);
        assertEquals("sp", b.settings.sentinelPass);
        assertTrue(!b.settings.denyScriptsReconfig);
    }

    static final String ROUND_TRIP = String.join("\n",
            "# my sentinel", "port PORT", "  sentinel monitor mymaster 127.0.0.1 DEAD1 2",
            "sentinel down-after-milliseconds mymaster 30000", "sentinel failover-timeout mymaster 60000",
            "", "", "# tuning", "sentinel parallel-syncs mymaster 3", "sentinel auth-pass mymaster s3cret",
            "sentinel monitor second 127.0.0.1 DEAD2 1", "sentinel config-epoch second 4",
            "sentinel known-replica second 127.0.0.1 DEAD3", "sentinel known-sentinel second 127.0.0.1 DEAD4 " + PEER,
            "sentinel rename-command second CONFIG MYCONFIG", "sentinel current-epoch 9",
            "sentinel deny-scripts-reconfig no", "sentinel announce-port 7777",
            "sentinel master-reboot-down-after-period mymaster 5000", "sentinel known-sentinel second 127.0.0.1 1", "");

    @Test
    void rewriteMatchesRedisSentinelsRewriteOfTheSameConf() throws Exception {
        RedisSentinelProcess.assumeAvailable();
        String text = ROUND_TRIP;
        for (String k : new String[]{"PORT", "DEAD1", "DEAD2", "DEAD3", "DEAD4"}) text = text.replace(k, Integer.toString(freePort()));
        Path redisDir = Files.createDirectory(dir.resolve("redis"));
        Path redisConf = redisDir.resolve("s.conf");
        Files.writeString(redisConf, text);
        Process p = new ProcessBuilder(RedisSentinelProcess.SENTINEL, redisConf.toString()).directory(redisDir.toFile())
                .redirectErrorStream(true).redirectOutput(redisDir.resolve("log").toFile()).start();
        String redisOut;
        try {
            long deadline = System.currentTimeMillis() + 10_000;
            while (!(redisOut = Files.readString(redisConf)).contains("sentinel myid")) {
                assertTrue(System.currentTimeMillis() < deadline, Files.readString(redisDir.resolve("log")));
                Thread.sleep(20);
            }
        } finally {
            p.destroyForcibly();
            p.waitFor();
        }
        String myid = redisOut.split("sentinel myid ")[1].substring(0, 40);
        Path mine = write("s.conf", text);
        SentinelBrain b = brain();
        SentinelConf c = SentinelConf.load(mine.toString(), List.of(), b, 0);
        b.settings.myId = myid;
        c.dir = redisDir.toString();
        SentinelConf.rewrite(mine, c, b);
        String vigilOut = Files.readString(mine);
        String head = "# Generated by CONFIG REWRITE\n";
        // Redis walks its masters in hash order (seeded per process), Vigil in conf order: per master the
        // lines are the same, and the operator's part keeps its comments, blank lines and places.
        String redisUser = redisOut.substring(0, redisOut.indexOf(head));
        String vigilUser = vigilOut.substring(0, vigilOut.indexOf(head));
        assertEquals(redisUser.replaceAll("(?m)^sentinel .*$", "S"), vigilUser.replaceAll("(?m)^sentinel .*$", "S"));
        assertEquals(sorted(redisOut.lines().filter(l -> l.startsWith("sentinel ")).toList()),
                sorted(vigilOut.lines().filter(l -> l.startsWith("sentinel ")).toList()));
        List<String> redisGen = Arrays.asList(redisOut.substring(redisOut.indexOf(head)).split("\n"));
        List<String> vigilGen = Arrays.asList(vigilOut.substring(vigilOut.indexOf(head)).split("\n"));
        for (String l : vigilGen) {
            if (!l.startsWith("sentinel ")) assertTrue(redisGen.contains(l), "Redis does not write " + l);
        }
        assertTrue(vigilOut.contains("sentinel failover-timeout mymaster 60000\n"));
        assertTrue(!vigilOut.contains("down-after-milliseconds") && !vigilOut.contains("127.0.0.1 1\n"),
                "lines of default values and id-less peers are dropped, as Redis does");
    }

    @Test
    void aRestartResumesIdEpochsReplicasAndPeers() throws Exception {
        Path f = write("s.conf", "port 26379\nsentinel monitor m 127.0.0.1 6379 2\n");
        SentinelBrain b = brain();
        SentinelConf c = SentinelConf.load(f.toString(), List.of(), b, 0);
        b.ensureMyId();
        MasterState m = b.masters.get("m");
        b.settings.currentEpoch = 12;
        m.configEpoch = 11;
        m.leaderEpoch = 12;
        b.addKnownReplica(m, new Addr("127.0.0.1", 6380), 0);
        b.addKnownSentinel(m, new Addr("127.0.0.1", 26380), PEER, 0);
        SentinelConf.rewrite(f, c, b);
        String first = Files.readString(f);
        SentinelBrain again = brain();
        SentinelConf c2 = SentinelConf.load(f.toString(), List.of(), again, 0);
        MasterState m2 = again.masters.get("m");
        assertEquals(b.settings.myId, again.settings.myId);
        assertEquals(12, again.settings.currentEpoch);
        assertEquals(11, m2.configEpoch);
        assertEquals(12, m2.leaderEpoch);
        assertEquals(m.replicas.keySet(), m2.replicas.keySet());
        assertEquals(PEER, m2.sentinels.get(PEER).runId);
        assertEquals(new Addr("127.0.0.1", 26380), m2.sentinels.get(PEER).addr);
        SentinelConf.rewrite(f, c2, again);
        // As Redis (which splits the old file on "\n"), the first rewrite of a file ending in a newline
        // leaves one blank line at the end; from then on an unchanged state rewrites the same bytes.
        String second = Files.readString(f);
        assertEquals(first + "\n", second);
        SentinelConf.rewrite(f, c2, again);
        assertEquals(second, Files.readString(f));
    }

    @Test
    void rewriteKeepsCommentsAndUnknownLinesAndReplacesTheFileAtomically() throws Exception {
        Path f = write("s.conf", "# top\nloglevel notice\nsentinel monitor m 127.0.0.1 6379 2\n# end\n");
        SentinelBrain b = brain();
        SentinelConf c = SentinelConf.load(f.toString(), List.of(), b, 0);
        b.settings.myId = ID;
        b.masters.get("m").quorum = 3;
        SentinelConf.rewrite(f, c, b);
        String out = Files.readString(f);
        assertTrue(out.startsWith("# top\nloglevel notice\nsentinel monitor m 127.0.0.1 6379 3\n# end\n\n"
                + "# Generated by CONFIG REWRITE\n"), out);
        assertTrue(out.contains("sentinel myid " + ID + "\n"));
        File[] leftovers = dir.toFile().listFiles((d, name) -> name.endsWith(".tmp"));
        assertEquals(0, leftovers.length);
    }

    static List<String> sorted(String text) {
        return sorted(Arrays.asList(text.split("\n")));
    }

    static List<String> sorted(List<String> lines) {
        List<String> l = new ArrayList<>(lines);
        l.removeIf(String::isEmpty);
        l.sort(null);
        return l;
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
