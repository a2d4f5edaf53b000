package vigil.server.types.support;

import vigil.server.node.VigilServer;
import vigil.server.propagation.ReplicationFeed;
import vigil.server.support.TestNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Records what a node propagates, one line per operation ("SREM s a"), for propagation tests. */
public final class RecordingFeed implements ReplicationFeed {
    private final List<String> ops = new ArrayList<>();
    private final TestNode node;

    private RecordingFeed(TestNode node) {
        this.node = node;
    }

    public static RecordingFeed install(TestNode node) throws Exception {
        RecordingFeed f = new RecordingFeed(node);
        VigilServer server = node.node.server();
        node.node.onLoop(() -> {
            server.propagation.setFeed(f);
            return null;
        });
        return f;
    }

    @Override
    public void feed(int db, byte[][] argv) {
        StringBuilder sb = new StringBuilder();
        for (byte[] a : argv) {
            if (sb.length() > 0) sb.append(' ');
            sb.append(new String(a, StandardCharsets.UTF_8));
        }
        ops.add(sb.toString());
    }

    /** The operations recorded since the last call (read on the node's thread). */
    public List<String> take() throws Exception {
        return node.node.onLoop(() -> {
            List<String> out = new ArrayList<>(ops);
            ops.clear();
            return out;
        });
    }
}
