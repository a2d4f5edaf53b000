package vigil.server.support;

import org.junit.jupiter.api.Assumptions;
import vigil.client.BlockingClient;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A Debian redis-server (the 7.0 reference) started on a free port for differential and interop
 * tests. When the binary is absent the calling test is skipped with a visible reason; CI
 * installs it, so CI never skips.
 */
public final class RedisProcess implements AutoCloseable {
    public static final String BINARY = "/usr/bin/redis-server";
    private final Process process;
    public final int port;
    public final Path dir;

    private RedisProcess(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    public static boolean available() {
        return new File(BINARY).canExecute();
    }

    /** Skips the test (visibly) when redis-server is not installed. */
    public static void assumeAvailable() {
        Assumptions.assumeTrue(available(), "SKIPPED: " + BINARY + " not installed (apt-get install -y redis-server); CI installs it");
    }

    public static RedisProcess start(String... directives) throws Exception {
        assumeAvailable();
        int port = freePort();
        Path dir = Files.createTempDirectory("redis-ref");
        List<String> cmd = new ArrayList<>(List.of(BINARY, "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--daemonize", "no"));
        cmd.addAll(List.of(directives));
        Process p = launch(cmd, port, dir, "redis.log");
        return new RedisProcess(p, port, dir);
    }

    /**
     * Starts {@code cmd} with its output in {@code dir/log} and waits until {@code port} answers
     * PING (10 s); a process that exits or never answers fails with its log.
     */
    static Process launch(List<String> cmd, int port, Path dir, String log) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve(log).toFile()).start();
        long deadline = System.currentTimeMillis() + 10_000;
        while (true) {
            try (BlockingClient c = new BlockingClient("127.0.0.1", port, 1000)) {
                if ("PONG".equals(c.call("PING").asString())) return p;
            } catch (IOException e) {
                if (System.currentTimeMillis() > deadline || !p.isAlive()) {
                    p.destroyForcibly();
                    p.waitFor();
                    throw new IllegalStateException(cmd.get(0) + " did not start: " + Files.readString(dir.resolve(log)));
                }
                Thread.sleep(20);
            }
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** The redis-server's process id (tests stop and resume it with SIGSTOP / SIGCONT). */
    public long pid() {
        return process.pid();
    }

    public BlockingClient raw() throws IOException {
        return new BlockingClient("127.0.0.1", port, 10_000);
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
