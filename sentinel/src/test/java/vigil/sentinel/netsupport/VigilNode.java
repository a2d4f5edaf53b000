package vigil.sentinel.netsupport;

import vigil.client.BlockingClient;
import vigil.config.ConfFile;
import vigil.server.Node;
import vigil.server.config.ServerConfig;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/**
 * An in-process Vigil data node for the sentinel's link and end-to-end tests (the server module's
 * TestNode lives in its test sources, which this module cannot see). {@code port 0} picks a free port.
 */
public final class VigilNode implements DataNode {
    public final Node node;
    private final Path dir;

    private VigilNode(Node node, Path dir) {
        this.node = node;
        this.dir = dir;
    }

    public static VigilNode start(int port, String... directives) throws Exception {
        Path dir = Files.createTempDirectory("vigil-sentnode");
        StringBuilder conf = new StringBuilder("port " + port + "\nbind 127.0.0.1\nsave \"\"\n");
        conf.append("dir ").append(ConfFile.quote(dir.toString())).append('\n');
        for (int i = 0; i + 1 < directives.length; i += 2) {
            conf.append(directives[i]).append(' ').append(ConfFile.quote(directives[i + 1])).append('\n');
        }
        ServerConfig config = new ServerConfig();
        config.load(ConfFile.parse("test", conf.toString()));
        return new VigilNode(Node.start(config), dir);
    }

    public static VigilNode start(String... directives) throws Exception {
        return start(0, directives);
    }

    @Override
    public int port() {
        return node.port();
    }

    public BlockingClient client() throws IOException {
        return new BlockingClient("127.0.0.1", port(), 10_000);
    }

    @Override
    public String call(String... args) throws IOException {
        try (BlockingClient c = client()) {
            return c.call(args).asString();
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        node.close();
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
