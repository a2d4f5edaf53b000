package vigil.rdb;

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
 * The Debian redis-server (the 7.0 reference) on a free port with its own temp dir, for RDB
 * interop tests in common (the server module's RedisProcess is not visible here). Skips the
 * calling test visibly when the binary is absent; CI installs it.
 */
final class RedisServer implements AutoCloseable {
    static final String BINARY = "/usr/bin/redis-server";
    static final String CHECK_RDB = "/usr/bin/redis-check-rdb";
    private final Process process;
    final int port;
    final Path dir;

    private RedisServer(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    static void assumeAvailable() {
        Assumptions.assumeTrue(new File(BINARY).canExecute(),
                "SKIPPED: " + BINARY + " not installed (apt-get install -y redis-server); CI installs it");
    }

    /** Starts in dir (a new temp dir when null) with the given extra directives. */
    static RedisServer start(Path dir, String... directives) throws Exception {
        assumeAvailable();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        if (dir == null) dir = Files.createTempDirectory("redis-rdb");
        List<String> cmd = new ArrayList<>(List.of(BINARY, "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--daemonize", "no"));
        cmd.addAll(List.of(directives));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.log").toFile()).start();
        RedisServer r = new RedisServer(p, port, dir);
        long deadline = System.currentTimeMillis() + 10_000;
        while (true) {
            try (BlockingClient c = new BlockingClient("127.0.0.1", port, 1000)) {
                String pong = c.call("PING").asString();
                if ("PONG".equals(pong)) return r;
                Thread.sleep(20);   // LOADING: poll until the dataset is in
            } catch (IOException e) {
                if (System.currentTimeMillis() > deadline || !p.isAlive()) {
                    r.close();
                    throw new IllegalStateException("redis-server did not start: " + Files.readString(dir.resolve("redis.log")));
                }
                Thread.sleep(20);
            }
        }
    }

    BlockingClient client() throws IOException {
        return new BlockingClient("127.0.0.1", port, 10_000);
    }

    String log() throws IOException {
        return Files.readString(dir.resolve("redis.log"));
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
