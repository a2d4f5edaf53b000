package vigil.sentinel.netsupport;

import org.junit.jupiter.api.Assumptions;
import vigil.client.BlockingClient;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Debian's redis-server 7.0 on a free port, so links are checked against the reference; skips visibly when absent. */
public final class RedisRef implements DataNode {
    public static final String BINARY = "/usr/bin/redis-server";
    private final Process process;
    public final int port;
    private final Path dir;

    private RedisRef(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    public static RedisRef start(String... directives) throws Exception {
        Assumptions.assumeTrue(new File(BINARY).canExecute(),
                "SKIPPED: " + BINARY + " not installed (apt-get install -y redis-server); CI installs it");
        int port = VigilNode.freePort();
        Path dir = Files.createTempDirectory("redis-ref");
        List<String> cmd = new ArrayList<>(List.of(BINARY, "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--daemonize", "no"));
        cmd.addAll(List.of(directives));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        RedisRef r = new RedisRef(p, port, dir);
        long deadline = System.currentTimeMillis() + 10_000;
        while (true) {
            try (BlockingClient c = new BlockingClient("127.0.0.1", port, 1000)) {
                c.call("PING");
                return r;
            } catch (IOException e) {
                if (System.currentTimeMillis() > deadline || !p.isAlive()) {
                    r.close();
                    throw new IllegalStateException("redis-server did not start");
                }
                Thread.sleep(20);
            }
        }
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String call(String... args) throws IOException {
        try (BlockingClient c = new BlockingClient("127.0.0.1", port, 10_000)) {
            return c.call(args).asString();
        }
    }

    @Override
    public void close() throws Exception {
        process.destroyForcibly();
        process.waitFor();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
