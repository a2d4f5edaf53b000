package vigil.sentinel.e2e;

import org.junit.jupiter.api.Assumptions;
import vigil.client.BlockingClient;
import vigil.resp.RespValue;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A master, its replicas and a set of sentinels, each a real OS process (so "kill -9" is real),
 * started from conf files in a temp folder. Nodes and sentinels are Vigil's (run from this
 * JVM's class path) or Debian's Redis 7.0 binaries, in any mix.
 */
public final class HaCluster implements AutoCloseable {
    public enum Kind { VIGIL, REDIS }

    public static final String MASTER_NAME = "mymaster";

    /** One process with its conf, log and command line, restartable after a kill. */
    public final class Proc {
        public final String name;
        public final int port;
        public final Path dir;
        public final Path conf;
        private final List<String> command;
        private Process process;

        Proc(String name, int port, Path dir, Path conf, List<String> command) {
            this.name = name;
            this.port = port;
            this.dir = dir;
            this.conf = conf;
            this.command = command;
        }

        public void start() throws Exception {
            process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("out.log").toFile())).start();
            awaitTrue(name + " answers PING", 20_000, () -> {
                try (BlockingClient c = client(1000)) {
                    return "PONG".equals(c.call("PING").asString());
                } catch (IOException e) {
                    if (!process.isAlive()) throw new IllegalStateException(name + " exited:\n" + log());
                    return false;
                }
            });
        }

        /** SIGKILL: no shutdown hook, no goodbye to anyone. */
        public void kill9() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor();
        }

        public boolean alive() {
            return process != null && process.isAlive();
        }

        public BlockingClient client(int timeoutMs) throws IOException {
            return new BlockingClient("127.0.0.1", port, timeoutMs);
        }

        public String log() {
            try {
                return Files.readString(dir.resolve("out.log"));
            } catch (IOException e) {
                return "(no log)";
            }
        }

        public String addr() {
            return "127.0.0.1:" + port;
        }
    }

    public final Path root;
    public final List<Proc> nodes = new ArrayList<>();
    public final List<Proc> sentinels = new ArrayList<>();

    private HaCluster(Path root) {
        this.root = root;
    }

    /**
     * Starts {@code nodeCount} nodes (the first a master, the others its replicas, with the given
     * replica priorities, default 100) and {@code sentinelCount} sentinels with quorum 2.
     */
    public static HaCluster start(Kind nodeKind, Kind sentinelKind, int nodeCount, int sentinelCount,
                                  long downAfterMs, int... priorities) throws Exception {
        return startWith("", nodeKind, sentinelKind, nodeCount, sentinelCount, downAfterMs, priorities);
    }

    /** As {@link #start}, with {@code extraSentinelConf} appended to every sentinel's conf. */
    public static HaCluster startWith(String extraSentinelConf, Kind nodeKind, Kind sentinelKind, int nodeCount,
                                      int sentinelCount, long downAfterMs, int... priorities) throws Exception {
        if (nodeKind == Kind.REDIS) assumeBinary("/usr/bin/redis-server");
        if (sentinelKind == Kind.REDIS) assumeBinary("/usr/bin/redis-sentinel");
        HaCluster c = new HaCluster(Files.createTempDirectory("vigil-ha"));
        try {
            int masterPort = 0;
            for (int i = 0; i < nodeCount; i++) {
                int port = freePort();
                if (i == 0) masterPort = port;
                StringBuilder conf = new StringBuilder("port " + port + "\nbind 127.0.0.1\nsave \"\"\nappendonly no\n");
                if (i > 0) {
                    conf.append("replicaof 127.0.0.1 ").append(masterPort).append('\n');
                    int prio = i - 1 < priorities.length ? priorities[i - 1] : 100;
                    conf.append("replica-priority ").append(prio).append('\n');
                }
                c.nodes.add(c.proc("node-" + port, port, conf.toString(), nodeKind, false));
            }
            for (Proc n : c.nodes) n.start();
            for (int i = 0; i < sentinelCount; i++) {
                int port = freePort();
                String conf = "port " + port + "\nbind 127.0.0.1\n"
                        + "sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + masterPort + " 2\n"
                        + "sentinel down-after-milliseconds " + MASTER_NAME + " " + downAfterMs + "\n"
                        + "sentinel failover-timeout " + MASTER_NAME + " 10000\n"
                        + "sentinel parallel-syncs " + MASTER_NAME + " 1\n" + extraSentinelConf;
                c.sentinels.add(c.proc("sentinel-" + port, port, conf, sentinelKind, true));
            }
            for (Proc s : c.sentinels) s.start();
            return c;
        } catch (Throwable t) {
            c.close();
            throw t;
        }
    }

    private Proc proc(String name, int port, String conf, Kind kind, boolean sentinel) throws IOException {
        Path dir = Files.createDirectories(root.resolve(name));
        Path confFile = dir.resolve(sentinel ? "sentinel.conf" : "node.conf");
        Files.writeString(confFile, conf + "dir " + dir + "\n");
        List<String> cmd = new ArrayList<>();
        if (kind == Kind.REDIS) {
            cmd.add(sentinel ? "/usr/bin/redis-sentinel" : "/usr/bin/redis-server");
        } else {
            cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "-cp", System.getProperty("java.class.path"),
                    sentinel ? "vigil.sentinel.SentinelMain" : "vigil.server.Main"));
        }
        cmd.add(confFile.toString());
        return new Proc(name, port, dir, confFile, cmd);
    }

    public Proc master() {
        return nodes.get(0);
    }

    /** What one sentinel answers to SENTINEL GET-MASTER-ADDR-BY-NAME, as "ip:port" (null when it cannot answer). */
    public String masterAddrFrom(Proc sentinel) {
        try (BlockingClient c = sentinel.client(2000)) {
            RespValue v = c.call("SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER_NAME);
            if (!(v instanceof RespValue.Aggregate a) || a.items().size() != 2) return null;
            List<RespValue> l = a.items();
            return l.get(0).asString() + ":" + l.get(1).asString();
        } catch (IOException e) {
            return null;
        }
    }

    /** Waits until every live sentinel names the same master other than {@code old}; returns it. */
    public String awaitAgreedMasterOtherThan(String old, long timeoutMs) throws Exception {
        String[] agreed = new String[1];
        awaitTrue("all sentinels name one new master instead of " + old, timeoutMs, () -> {
            String first = null;
            for (Proc s : sentinels) {
                if (!s.alive()) continue;
                String a = masterAddrFrom(s);
                if (a == null || a.equals(old)) return false;
                if (first == null) first = a;
                else if (!first.equals(a)) return false;
            }
            agreed[0] = first;
            return first != null;
        });
        return agreed[0];
    }

    public Proc nodeAt(String addr) {
        for (Proc n : nodes) if (n.addr().equals(addr)) return n;
        throw new IllegalArgumentException("no node at " + addr);
    }

    /** The node's INFO replication as key/value pairs (empty when it does not answer). */
    public static java.util.Map<String, String> replicationInfo(Proc node) {
        java.util.Map<String, String> m = new java.util.HashMap<>();
        try (BlockingClient c = node.client(2000)) {
            for (String line : c.call("INFO", "replication").asString().split("\r\n")) {
                int i = line.indexOf(':');
                if (i > 0) m.put(line.substring(0, i), line.substring(i + 1));
            }
        } catch (IOException e) {
            // not answering: empty
        }
        return m;
    }

    /** Waits until {@code node} is a connected replica of {@code masterAddr}. */
    public static void awaitReplicaOf(Proc node, String masterAddr, long timeoutMs) throws Exception {
        awaitTrue(node.name + " replicates from " + masterAddr, timeoutMs, () -> {
            java.util.Map<String, String> i = replicationInfo(node);
            return "slave".equals(i.get("role")) && masterAddr.equals(i.get("master_host") + ":" + i.get("master_port"))
                    && "up".equals(i.get("master_link_status"));
        });
    }

    /** Every process's output, for a failure message. */
    public String logs() {
        StringBuilder b = new StringBuilder();
        for (Proc p : nodes) b.append("==== ").append(p.name).append('\n').append(p.log());
        for (Proc p : sentinels) b.append("==== ").append(p.name).append('\n').append(p.log());
        return b.toString();
    }

    public static void awaitTrue(String what, long timeoutMs, BooleanSupplierEx check) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (!check.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) throw new AssertionError("timed out after " + timeoutMs + " ms waiting for: " + what);
            Thread.sleep(25);
        }
    }

    /** A condition that may throw. */
    public interface BooleanSupplierEx {
        boolean getAsBoolean() throws Exception;
    }

    static void assumeBinary(String path) {
        Assumptions.assumeTrue(new File(path).canExecute(), "SKIPPED: " + path + " not installed (apt-get install -y redis-server redis-sentinel); CI installs it");
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        for (Proc p : sentinels) if (p.process != null) p.process.destroyForcibly();
        for (Proc p : nodes) if (p.process != null) p.process.destroyForcibly();
        for (Proc p : sentinels) if (p.process != null) waitQuietly(p.process);
        for (Proc p : nodes) if (p.process != null) waitQuietly(p.process);
        try (var files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // temp folder: best effort
        }
    }

    private static void waitQuietly(Process p) {
        try {
            p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
