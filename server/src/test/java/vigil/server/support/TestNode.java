package vigil.server.support;

import redis.clients.jedis.Jedis;
import vigil.client.BlockingClient;
import vigil.server.Node;
import vigil.server.config.ServerConfig;
import vigil.config.ConfFile;

import java.util.ArrayList;
import java.util.List;

/**
 * A Vigil node started in this JVM on a free port, for tests that speak to it over real sockets.
 * {@code TestNode.start("requirepass", "x")} applies conf directives first.
 */
public final class TestNode implements AutoCloseable {
    public final Node node;
    private final List<AutoCloseable> opened = new ArrayList<>();

    private TestNode(Node node) {
        this.node = node;
    }

    public static TestNode start(String... directives) throws Exception {
        ServerConfig config = new ServerConfig();
        StringBuilder conf = new StringBuilder("port 0\nbind 127.0.0.1\n");
        // No snapshots unless a test asks: no save points, and a private directory (never the cwd).
        conf.append("save \"\"\n");
        // Full syncs start at once (Redis's default waits 5 s for more replicas); a test may set its own delay.
        conf.append("repl-diskless-sync-delay 0\n");
        boolean hasDir = false;
        for (int i = 0; i + 1 < directives.length; i += 2) hasDir |= directives[i].equalsIgnoreCase("dir");
        java.nio.file.Path tempDir = null;
        if (!hasDir) {
            tempDir = java.nio.file.Files.createTempDirectory("vigil-node");
            conf.append("dir ").append(ConfFile.quote(tempDir.toString())).append('\n');
        }
        for (int i = 0; i + 1 < directives.length; i += 2) {
            conf.append(directives[i]).append(' ').append(ConfFile.quote(directives[i + 1])).append('\n');
        }
        config.load(ConfFile.parse("test", conf.toString()));
        TestNode n = new TestNode(Node.start(config));
        n.tempDir = tempDir;
        return n;
    }

    /** The directory the node created for itself (deleted on close), or null when the test gave one. */
    private java.nio.file.Path tempDir;

    public int port() {
        return node.port();
    }

    /** A Jedis connection closed with the node. */
    public Jedis jedis() {
        Jedis j = new Jedis("127.0.0.1", port(), 10_000);
        opened.add(j);
        return j;
    }

    /** A raw RESP connection (replies as {@link vigil.resp.RespValue}), closed with the node. */
    public BlockingClient raw() throws Exception {
        BlockingClient c = new BlockingClient("127.0.0.1", port(), 10_000);
        opened.add(c);
        return c;
    }

    private boolean closed;

    /** Idempotent: a test may close a node early (to kill it) and again in its cleanup. */
    @Override
    public void close() throws Exception {
        if (closed) return;
        closed = true;
        for (AutoCloseable c : opened) {
            try {
                c.close();
            } catch (Exception ignored) {
                // best effort
            }
        }
        node.close();
        if (tempDir != null) {
            try (var files = java.nio.file.Files.walk(tempDir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
