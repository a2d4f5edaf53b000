package vigil.server.admin;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vigil.client.Cli;
import vigil.server.support.RedisProcess;
import vigil.server.support.TestNode;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** vigil-cli talking to a real node, one command per run, as scripts use it. */
class CliAgainstNodeTest {
    static TestNode node;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start();
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    static String[] run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Cli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new String[]{Integer.toString(status), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
    }

    String port() {
        return Integer.toString(node.port());
    }

    @Test
    void runsOneCommandAndPrintsLikeRedisCli() {
        assertEquals("OK\n", run("-p", port(), "--no-raw", "set", "cli:k", "hello world")[1]);
        assertEquals("\"hello world\"\n", run("-p", port(), "--no-raw", "get", "cli:k")[1]);
        assertEquals("hello world\n", run("-p", port(), "--raw", "get", "cli:k")[1]);
        assertEquals("(nil)\n", run("-p", port(), "--no-raw", "get", "cli:missing")[1]);
        String[] err = run("-p", port(), "--no-raw", "nosuch");
        assertEquals("0", err[0]);
        assertEquals("(error) ERR unknown command 'nosuch', with args beginning with: \n", err[1]);
        assertTrue(run("-p", port(), "--no-raw", "info", "server")[1].contains("\r\nredis_version:7.0.15\r\n"));
        assertEquals("1) \"master\"\n2) (integer) 0\n3) (empty array)\n", run("-p", port(), "--no-raw", "role")[1]);
    }

    @Test
    void resp3AndDatabaseOptionsApply() {
        run("-p", port(), "-n", "5", "set", "cli:db5", "x");
        assertEquals("x\n", run("-p", port(), "-n", "5", "--raw", "get", "cli:db5")[1]);
        assertEquals("\n", run("-p", port(), "--raw", "get", "cli:db5")[1]);
        assertEquals("(nil)\n", run("-p", port(), "-3", "--no-raw", "get", "cli:none")[1]);
    }

    @Test
    void shutdownEndsQuietlyWithStatusZero() throws Exception {
        try (TestNode n = TestNode.start()) {
            String[] r = run("-p", Integer.toString(n.port()), "shutdown", "nosave");
            assertEquals("0", r[0]);
            assertEquals("", r[1]);
            n.node.closed().get(30, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    @Test
    void refusedConnectionIsReportedWithStatusOne() throws Exception {
        int free = RedisProcess.freePort();
        String[] r = run("-p", Integer.toString(free), "ping");
        assertEquals("1", r[0]);
        assertEquals("Could not connect to Redis at 127.0.0.1:" + free + ": Connection refused\n", r[2]);
    }
}
