package vigil.server.support;

import org.junit.jupiter.api.Assumptions;
import vigil.client.BlockingClient;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A Debian redis-sentinel (the 7.0 reference) started on a free port with a conf written to a
 * temp folder, for interop tests. Skips the calling test visibly when the binary is absent.
 */
public final class SentinelProcess implements AutoCloseable {
    public static final String BINARY = "/usr/bin/redis-sentinel";
    private final Process process;
    public final int port;
    public final Path dir;

    private SentinelProcess(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    public static void assumeAvailable() {
        Assumptions.assumeTrue(new File(BINARY).canExecute(),
                "SKIPPED: " + BINARY + " not installed (apt-get install -y redis-sentinel); CI installs it");
    }

    /** {@code confLines} are the sentinel directives (monitor, down-after-milliseconds ...). */
    public static SentinelProcess start(String confLines) throws Exception {
        assumeAvailable();
        int port = RedisProcess.freePort();
        Path dir = Files.createTempDirectory("redis-sentinel");
        Path conf = dir.resolve("sentinel.conf");
        Files.writeString(conf, "port " + port + "\nbind 127.0.0.1\ndir " + dir + "\n" + confLines + "\n");
        Process p = RedisProcess.launch(java.util.List.of(BINARY, conf.toString()), port, dir, "sentinel.log");
        return new SentinelProcess(p, port, dir);
    }

    public String log() {
        try {
            return Files.readString(dir.resolve("sentinel.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
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
