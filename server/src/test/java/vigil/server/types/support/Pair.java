package vigil.server.types.support;

import vigil.client.BlockingClient;
import vigil.server.keyspace.CollectionValue;
import vigil.server.support.Differential;
import vigil.server.support.RedisProcess;
import vigil.server.support.TestNode;

/**
 * A Vigil node and a Redis 7.0 reference side by side, for the collection tests: a
 * {@link Differential} over fresh connections and a look at stored values on the node's loop.
 */
public final class Pair implements AutoCloseable {
    public final TestNode node;
    public final RedisProcess redis;
    public final Differential diff;

    private Pair(TestNode node, RedisProcess redis, Differential diff) {
        this.node = node;
        this.redis = redis;
        this.diff = diff;
    }

    public static Pair start() throws Exception {
        RedisProcess.assumeAvailable();
        TestNode node = TestNode.start();
        RedisProcess redis = RedisProcess.start();
        BlockingClient v = new BlockingClient("127.0.0.1", node.port(), 10_000);
        return new Pair(node, redis, new Differential(v, redis.raw()));
    }

    /** A second Differential whose two connections speak RESP3 (HELLO 3 sent to each). */
    public Differential resp3() throws Exception {
        BlockingClient v = new BlockingClient("127.0.0.1", node.port(), 10_000);
        BlockingClient r = redis.raw();
        v.call("hello", "3");
        r.call("hello", "3");
        return new Differential(v, r);
    }

    /** The value stored at key in db 0, read on the node's thread. */
    public Object value(String key) throws Exception {
        return node.node.onLoop(() -> node.node.server().keyspace.db(0).get(key.getBytes()));
    }

    public String encoding(String key) throws Exception {
        Object v = value(key);
        return v instanceof CollectionValue c ? c.encoding() : null;
    }

    @Override
    public void close() throws Exception {
        diff.close();
        redis.close();
        node.close();
    }
}
