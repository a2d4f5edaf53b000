package vigil.sentinel.runtime;

import org.junit.jupiter.api.Test;
import vigil.client.BlockingClient;
import vigil.config.ConfError;
import vigil.sentinel.netsupport.VigilNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The entry point as a process (java -cp ... SentinelMain): the missing-conf and FATAL texts,
 * --version, a generated myid that is persisted and kept across restarts, and SIGTERM stopping it
 * cleanly (exit 0).
 */
class SentinelMainTest {

    private static Process launch(Path dir, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Dvigil.sentinel.group=main-" + System.nanoTime(),
                "vigil.sentinel.SentinelMain"));
        cmd.addAll(List.of(args));
        Path log = dir.resolve("out-" + System.nanoTime() + ".log");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        logs.put(p, log);
        return p;
    }

    private static final java.util.Map<Process, Path> logs = new java.util.concurrent.ConcurrentHashMap<>();

    private static String output(Process p) throws Exception {
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "process ends");
        return Files.readString(logs.remove(p), StandardCharsets.UTF_8);
    }

    @Test
    void withoutAConfFileItRefusesToStartLikeRedisSentinel() throws Exception {
        Path dir = Files.createTempDirectory("vigil-sentmain");
        Process p = launch(dir);
        String out = output(p);
        assertEquals(1, p.exitValue());
        assertTrue(out.contains("Sentinel needs config file on disk to save state. Exiting..."), out);
    }

    @Test
    void aBadDirectivePrintsTheFatalBlock() throws Exception {
        Path dir = Files.createTempDirectory("vigil-sentmain");
        Path conf = dir.resolve("s.conf");
        Files.writeString(conf, "port 26379\nsentinel monitor mymaster 127.0.0.1 6379 0\n");
        Process p = launch(dir, conf.toString());
        String out = output(p);
        assertEquals(1, p.exitValue());
        assertTrue(out.contains("*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***"), out);
        assertTrue(out.contains(">>> 'sentinel monitor mymaster 127.0.0.1 6379 0'"), out);
        assertTrue(out.contains("Quorum must be 1 or greater."), out);
    }

    @Test
    void versionNamesVigilAndRedis() throws Exception {
        Process p = launch(Files.createTempDirectory("vigil-sentmain"), "--version");
        String out = output(p);
        assertEquals(0, p.exitValue());
        assertTrue(out.startsWith("Vigil sentinel v=") && out.contains("redis_version=7.0.15"), out);
    }

    @Test
    void aGeneratedMyidIsPersistedAndKeptAcrossRestarts() throws Exception {
        Path dir = Files.createTempDirectory("vigil-sentmain");
        Path conf = dir.resolve("s.conf");
        int port = SentinelFailoverTest.freeSentinelPort();
        Files.writeString(conf, "port " + port + "\nbind 127.0.0.1\nsentinel monitor mymaster 127.0.0.1 1 2\n");
        String group = "myid-" + System.nanoTime();
        String first;
        try (SentinelRuntime s = SentinelRuntime.start(conf.toString(), List.of(), RuntimeOptions.defaults().withGroup(group, 0))) {
            first = s.brain().settings.myId;
            assertTrue(first.matches("[0-9a-f]{40}"), first);
            assertTrue(Files.readString(conf).contains("sentinel myid " + first), Files.readString(conf));
        }
        try (SentinelRuntime s = SentinelRuntime.start(conf.toString(), List.of(), RuntimeOptions.defaults().withGroup(group, 0))) {
            assertEquals(first, s.brain().settings.myId);
        }
    }

    @Test
    void confErrorsReachTheCallerAsConfError() throws Exception {
        Path dir = Files.createTempDirectory("vigil-sentmain");
        Path conf = dir.resolve("s.conf");
        Files.writeString(conf, "port abc\n");
        ConfError e = assertThrows(ConfError.class,
                () -> SentinelRuntime.start(conf.toString(), List.of(), RuntimeOptions.defaults()));
        assertEquals("argument couldn't be parsed into an integer", e.reason());
    }

    @Test
    void sigtermStopsTheSentinelCleanly() throws Exception {
        Path dir = Files.createTempDirectory("vigil-sentmain");
        Path conf = dir.resolve("s.conf");
        int port = SentinelFailoverTest.freeSentinelPort();
        try (VigilNode master = VigilNode.start()) {
            Files.writeString(conf, "port " + port + "\nbind 127.0.0.1\nsentinel monitor mymaster 127.0.0.1 "
                    + master.port() + " 1\n");
            Process p = launch(dir, conf.toString());
            long deadline = System.currentTimeMillis() + 60_000;
            while (true) {
                try (BlockingClient c = new BlockingClient("127.0.0.1", port, 2000)) {
                    if ("PONG".equals(c.call("PING").asString())) break;
                } catch (IOException e) {
                    assertTrue(p.isAlive() && System.currentTimeMillis() < deadline, "sentinel starts");
                    Thread.sleep(100);
                }
            }
            // The sentinel's links to the master are named after its myid.
            String myid = Files.readAllLines(conf).stream().filter(l -> l.startsWith("sentinel myid "))
                    .findFirst().orElseThrow().substring("sentinel myid ".length());
            long linkDeadline = System.currentTimeMillis() + 10_000;
            while (!master.call("CLIENT", "LIST").contains("name=sentinel-" + myid.substring(0, 8) + "-cmd")) {
                assertTrue(System.currentTimeMillis() < linkDeadline, "the sentinel connects to the master");
                Thread.sleep(50);
            }
            p.destroy();   // SIGTERM
            String out = output(p);
            assertEquals(0, p.exitValue(), out);
            assertTrue(out.contains("Sentinel is now ready to exit, bye bye..."), out);
            assertTrue(out.contains("+monitor master mymaster 127.0.0.1 " + master.port() + " quorum 1"), out);
        }
    }
}
