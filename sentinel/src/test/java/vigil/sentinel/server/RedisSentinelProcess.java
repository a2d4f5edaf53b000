package vigil.sentinel.server;

import org.junit.jupiter.api.Assumptions;
import vigil.client.BlockingClient;
import vigil.resp.RespValue;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The reference: Debian's redis-server (a master and one replica) and redis-sentinel 7.0
 * monitoring them as "mymaster", each in its own temp directory. Skips the test visibly when the
 * binaries are absent.
 */
public final class RedisSentinelProcess implements AutoCloseable {
    public static final String SERVER = "/usr/bin/redis-server";
    public static final String SENTINEL = "/usr/bin/redis-sentinel";
    private final List<Process> processes = new ArrayList<>();
    public final Path dir;
    public int masterPort;
    public int replicaPort;
    public int sentinelPort;

    private RedisSentinelProcess(Path dir) {
        this.dir = dir;
    }

    public static void assumeAvailable() {
        Assumptions.assumeTrue(new File(SERVER).canExecute() && new File(SENTINEL).canExecute(),
                "SKIPPED: redis-server/redis-sentinel not installed (apt-get install -y redis-server redis-sentinel)");
    }

    /** Master + replica + a sentinel that has already discovered the replica. */
    public static RedisSentinelProcess start(String... extraSentinelLines) throws Exception {
        assumeAvailable();
        RedisSentinelProcess r = new RedisSentinelProcess(Files.createTempDirectory("redis-sentinel-ref"));
        try {
            r.masterPort = freePort();
            r.replicaPort = freePort();
            r.sentinelPort = freePort();
            r.spawn(List.of(SERVER, "--port", "" + r.masterPort, "--bind", "127.0.0.1", "--save", "", "--dir", r.dir.toString()), "m.log");
            r.spawn(List.of(SERVER, "--port", "" + r.replicaPort, "--bind", "127.0.0.1", "--save", "", "--dir", r.dir.toString(),
                    "--replicaof", "127.0.0.1", "" + r.masterPort), "r.log");
            waitFor(r.masterPort, "PING", v -> "PONG".equals(v.asString()));
            Path conf = r.dir.resolve("sentinel.conf");
            StringBuilder sb = new StringBuilder("port " + r.sentinelPort + "\nbind 127.0.0.1\n"
                    + "sentinel monitor mymaster 127.0.0.1 " + r.masterPort + " 2\n"
                    + "sentinel down-after-milliseconds mymaster 5000\n");
            for (String l : extraSentinelLines) sb.append(l).append('\n');
            Files.writeString(conf, sb.toString());
            r.spawn(List.of(SENTINEL, conf.toString()), "s.log");
            waitFor(r.sentinelPort, "SENTINEL REPLICAS mymaster",
                    v -> v instanceof RespValue.Aggregate a && !a.items().isEmpty());
            return r;
        } catch (Exception e) {
            r.close();
            throw e;
        }
    }

    private void spawn(List<String> cmd, String log) throws IOException {
        processes.add(new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve(log).toFile()).start());
    }

    static void waitFor(int port, String command, Predicate<RespValue> ok) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        while (true) {
            try (BlockingClient c = new BlockingClient("127.0.0.1", port, 1000)) {
                if (ok.test(c.call(command.split(" ")))) return;
            } catch (IOException ignored) {
                // not up yet
            }
            if (System.currentTimeMillis() > deadline) throw new IllegalStateException("timed out waiting for " + port);
            Thread.sleep(50);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    public BlockingClient client() throws IOException {
        return new BlockingClient("127.0.0.1", sentinelPort, 10_000);
    }

    @Override
    public void close() {
        for (Process p : processes) {
            p.destroyForcibly();
            try {
                p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
