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
        for (int i = 0; i + 1 < directives.length; i += 2) {
            conf.append(directives[i]).append(' ').append(ConfFile.quote(directives[i + 1])).append('\n');
        }
        config.load(ConfFile.parse("test", conf.toString()));
        return new TestNode(Node.start(config));
    }

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

    @Override
    public void close() throws Exception {
        for (AutoCloseable c : opened) {
            try {
                c.close();
            } catch (Exception ignored) {
                // best effort
            }
        }
        node.close();
    }
}
