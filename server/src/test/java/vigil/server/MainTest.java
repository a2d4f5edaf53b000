package vigil.server;

import vigil.server.node.VigilServer;
import org.junit.jupiter.api.Test;
import vigil.server.config.ServerConfig;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MainTest {
    private static final InputStream NO_STDIN = new ByteArrayInputStream(new byte[0]);

    static ServerConfig configure(InputStream stdin, String... args) {
        ServerConfig c = new ServerConfig();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        boolean ok = Main.configure(c, List.of(args), stdin, new PrintStream(err, true, StandardCharsets.UTF_8));
        assertTrue(ok, err.toString(StandardCharsets.UTF_8));
        return c;
    }

    @Test
    void commandLineOverridesTheConfFile() throws Exception {
        Path f = Files.createTempFile("vigil", ".conf");
        Files.writeString(f, "port 7000\nhz 20\nsave 900 1\n");
        ServerConfig c = configure(NO_STDIN, f.toString(), "--port", "7001", "--save", "", "--maxmemory", "1mb");
        assertEquals(7001, c.port);
        assertEquals(20, c.hz);
        assertTrue(c.save.isEmpty());
        assertEquals(1024 * 1024, c.maxmemory);
        assertEquals(f.toAbsolutePath().toString(), c.configFile);
    }

    @Test
    void multiArgumentDirectiveTakesOneArgumentWithSpaces() {
        ServerConfig a = configure(NO_STDIN, "--replicaof", "127.0.0.1 6379", "--port", "7002");
        assertEquals("127.0.0.1", a.masterHost);
        assertEquals(6379, a.masterPort);
        assertEquals(7002, a.port);
        ServerConfig b = configure(NO_STDIN, "--replicaof", "127.0.0.1", "6379");
        assertEquals("127.0.0.1 6379", b.param("replicaof").get());
    }

    @Test
    void dashReadsTheConfFromStdinFirstOrLast() throws Exception {
        InputStream in = new ByteArrayInputStream("hz 33\nport 7003\n".getBytes(StandardCharsets.UTF_8));
        ServerConfig c = configure(in, "-", "--port", "7004");
        assertEquals(33, c.hz);
        assertEquals(7004, c.port);
        assertNull(c.configFile);
        Path f = Files.createTempFile("vigil", ".conf");
        Files.writeString(f, "hz 20\n");
        ServerConfig d = configure(new ByteArrayInputStream("hz 44\n".getBytes(StandardCharsets.UTF_8)), f.toString(), "--port", "7005", "-");
        assertEquals(44, d.hz);
        assertEquals(7005, d.port);
    }

    @Test
    void badDirectivePrintsRedisFatalBlock() throws Exception {
        Path f = Files.createTempFile("vigil", ".conf");
        Files.writeString(f, "# conf\nport abc\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        boolean ok = Main.configure(new ServerConfig(), List.of(f.toString()), NO_STDIN, new PrintStream(err, true, StandardCharsets.UTF_8));
        assertFalse(ok);
        assertEquals("\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\n"
                + "Reading the configuration file, at line 2\n"
                + ">>> 'port abc'\n"
                + "argument couldn't be parsed into an integer\n"
                + "(Vigil " + VigilServer.VIGIL_VERSION + ": in " + f.toAbsolutePath() + ")\n", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void badCommandLineOptionMatchesRedisOutput() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertFalse(Main.configure(new ServerConfig(), List.of("--port", "7400", "--hz", "abc"), NO_STDIN,
                new PrintStream(err, true, StandardCharsets.UTF_8)));
        String mine = err.toString(StandardCharsets.UTF_8);
        assertTrue(mine.endsWith("(Vigil " + VigilServer.VIGIL_VERSION + ": in the command line)\n"));
        String redisBlock = "\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nReading the configuration file, at line 3\n"
                + ">>> 'hz \"abc\"'\nargument couldn't be parsed into an integer\n";
        assertTrue(mine.startsWith(redisBlock), mine);
        if (vigil.server.support.RedisProcess.available()) {
            Process p = new ProcessBuilder(vigil.server.support.RedisProcess.BINARY, "--port", "7400", "--hz", "abc")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(1, p.waitFor());
            assertEquals(redisBlock, out);
        }
    }
}
