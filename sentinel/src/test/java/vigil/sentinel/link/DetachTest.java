package vigil.sentinel.link;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vigil.sentinel.core.Action;
import vigil.sentinel.core.Addr;
import vigil.sentinel.core.InstanceKind;
import vigil.sentinel.core.Target;
import vigil.sentinel.netsupport.DataNode;
import vigil.sentinel.netsupport.RedisRef;
import vigil.sentinel.netsupport.VigilNode;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Zero-loss mode's detach (Action.Detach: the link's MULTI; REPLICAOF 127.0.0.1 0; CONFIG REWRITE; EXEC)
 * against real nodes, Vigil's and Debian's redis-server 7.0: the replica keeps its data, its
 * replication id and its offset, stops acknowledging the old master, and later continues from
 * the promoted replica with a partial resync.
 */
class DetachTest {
    private Vertx vertx;
    private Context ctx;
    private final List<AutoCloseable> closing = new ArrayList<>();
    private final List<InstanceLink> links = new ArrayList<>();

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        ctx = vertx.getOrCreateContext();
    }

    @AfterEach
    void tearDown() throws Exception {
        CompletableFuture<Void> f = new CompletableFuture<>();
        ctx.runOnContext(v -> {
            links.forEach(InstanceLink::close);
            f.complete(null);
        });
        f.get(10, TimeUnit.SECONDS);
        for (AutoCloseable c : closing) c.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aDetachedVigilReplicaKeepsItsOffsetAndContinuesFromThePromotedOne() throws Exception {
        check(VigilNode.start("repl-diskless-sync-delay", "0"), VigilNode.start(), VigilNode.start());
    }

    @Test
    void aDetachedRedisReplicaKeepsItsOffsetAndContinuesFromThePromotedOne() throws Exception {
        check(RedisRef.start("--repl-diskless-sync-delay", "0"), RedisRef.start(), RedisRef.start());
    }

    private void check(DataNode master, DataNode x, DataNode y) throws Exception {
        closing.add(master);
        closing.add(x);
        closing.add(y);
        for (DataNode r : List.of(x, y)) {
            r.call("REPLICAOF", "127.0.0.1", Integer.toString(master.port()));
        }
        for (int i = 0; i < 50; i++) {
            master.call("SET", "k" + i, "v" + i);
        }
        String replid = field(master.call("INFO", "replication"), "master_replid");
        long offset = Long.parseLong(field(master.call("INFO", "replication"), "master_repl_offset"));
        await(() -> offsetOf(x) == offset && offsetOf(y) == offset, "replicas in sync at " + offset);

        detach(x);
        await(() -> info(x).contains("master_port:0"), "x points at the placeholder");
        await(() -> field(info(master), "connected_slaves").equals("1"), "the master lost x");
        master.call("SET", "after", "detach"); // x must not get it: its offset is final
        String xi = info(x);
        assertTrue(xi.contains("role:slave") && xi.contains("master_host:127.0.0.1"), xi);
        assertTrue(xi.contains("master_link_status:down"), xi);
        assertEquals(offset, offsetOf(x), xi);
        assertEquals(replid, field(xi, "master_replid"));
        assertEquals("v49", x.call("GET", "k49"));

        // y holds more, is promoted; x continues from it (y's replid2 is the old master's replid).
        await(() -> offsetOf(y) > offset, "y got the last write");
        y.call("REPLICAOF", "NO", "ONE");
        assertEquals(replid, field(info(y), "master_replid2"));
        x.call("REPLICAOF", "127.0.0.1", Integer.toString(y.port()));
        await(() -> info(x).contains("master_link_status:up"), "x follows y");
        await(() -> "detach".equals(call(x, "GET", "after")), "x got the write it lacked");
        assertEquals("1", field(y.call("INFO", "stats"), "sync_partial_ok"), "a partial resync, not a full one");
        assertEquals("0", field(y.call("INFO", "stats"), "sync_full"));
    }

    private void detach(DataNode n) throws Exception {
        Target t = new Target("mymaster", InstanceKind.REPLICA, new Addr("127.0.0.1", n.port()));
        AtomicBoolean up = new AtomicBoolean();
        LinkListener l = new LinkListener() {
            @Override
            public void onLinkUp(Target t) {
                up.set(true);
            }

            @Override
            public void onLinkDown(Target t) {
            }

            @Override
            public void onPingReply(Target t, boolean valid, boolean busy) {
            }

            @Override
            public void onInfo(Target t, String info) {
            }

            @Override
            public void onHello(Target t, String payload) {
            }
        };
        CompletableFuture<InstanceLink> f = new CompletableFuture<>();
        ctx.runOnContext(v -> f.complete(new InstanceLink(vertx, t,
                LinkOptions.defaults("0123456789abcdef0123456789abcdef01234567", null, null, 1000), l)));
        InstanceLink link = f.get(10, TimeUnit.SECONDS);
        links.add(link);
        await(up::get, "link up");
        ctx.runOnContext(v -> link.detach(Action.Detach.ADDR));
    }

    private static String call(DataNode n, String... args) {
        try {
            return n.call(args);
        } catch (Exception e) {
            return null;
        }
    }

    private static String info(DataNode n) {
        String s = call(n, "INFO", "replication");
        return s == null ? "" : s;
    }

    private static long offsetOf(DataNode n) {
        String v = field(info(n), "slave_repl_offset");
        return v.isEmpty() ? -1 : Long.parseLong(v);
    }

    static String field(String info, String name) {
        for (String l : info.split("\r?\n")) {
            if (l.startsWith(name + ":")) return l.substring(name.length() + 1).trim();
        }
        return "";
    }

    private static void await(BooleanSupplier cond, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (!cond.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) throw new AssertionError("timed out waiting: " + what);
            Thread.sleep(20);
        }
    }
}
