package vigil.sentinel.link;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vigil.sentinel.core.Addr;
import vigil.sentinel.core.InstanceKind;
import vigil.sentinel.core.Target;
import vigil.sentinel.netsupport.RedisRef;
import vigil.sentinel.netsupport.VigilNode;

import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Links against an in-process Vigil node and Debian's redis-server: connection names, PING/INFO
 * replies, hellos through the subscription, AUTH, loss and reconnection, a hung instance, and the
 * SLAVEOF transactions of a failover.
 */
class InstanceLinkTest {
    private static final String MY_ID = "0123456789abcdef0123456789abcdef01234567";
    private Vertx vertx;
    private Context ctx;
    private final List<AutoCloseable> closing = new ArrayList<>();
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    private final List<InstanceLink> links = new ArrayList<>();

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        ctx = vertx.getOrCreateContext();
    }

    @AfterEach
    void tearDown() throws Exception {
        onLoop(() -> {
            links.forEach(InstanceLink::close);
            return null;
        });
        for (AutoCloseable c : closing) c.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private <T> T onLoop(Supplier<T> s) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        ctx.runOnContext(v -> {
            try {
                f.complete(s.get());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f.get(10, TimeUnit.SECONDS);
    }

    private final LinkListener recorder = new LinkListener() {
        @Override
        public void onLinkUp(Target t) {
            assertTrue(ctx == Vertx.currentContext(), "callbacks run on the sentinel's context");
            events.add("up");
        }

        @Override
        public void onLinkDown(Target t) {
            events.add("down");
        }

        @Override
        public void onPingReply(Target t, boolean valid, boolean busy) {
            events.add("ping valid=" + valid + " busy=" + busy);
        }

        @Override
        public void onInfo(Target t, String info) {
            events.add("info " + (info.contains("role:master") ? "master" : info.contains("role:slave") ? "slave" : "?"));
        }

        @Override
        public void onHello(Target t, String payload) {
            events.add("hello " + payload);
        }
    };

    private InstanceLink link(int port, LinkOptions o) throws Exception {
        Target t = new Target("mymaster", InstanceKind.MASTER, new Addr("127.0.0.1", port));
        InstanceLink l = onLoop(() -> new InstanceLink(vertx, t, o, recorder));
        links.add(l);
        return l;
    }

    private InstanceLink link(int port) throws Exception {
        return link(port, LinkOptions.defaults(MY_ID, null, null, 1000));
    }

    private String next() throws InterruptedException {
        String e = events.poll(10, TimeUnit.SECONDS);
        assertNotNull(e, "an event within 10 s");
        return e;
    }

    /** The next event that starts with {@code prefix}, skipping others. */
    private String nextLike(String prefix) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 15_000;
        while (System.currentTimeMillis() < deadline) {
            String e = events.poll(200, TimeUnit.MILLISECONDS);
            if (e != null && e.startsWith(prefix)) return e;
        }
        throw new AssertionError("no event starting with " + prefix);
    }

    private void pingInfoHello(InstanceLink l, java.util.function.Function<String[], String> call) throws Exception {
        assertEquals("up", next());
        onLoop(() -> {
            l.ping();
            return null;
        });
        assertEquals("ping valid=true busy=false", next());
        onLoop(() -> {
            l.info();
            return null;
        });
        assertEquals("info master", next());
        onLoop(() -> {
            l.publishHello("127.0.0.1,26379," + MY_ID + ",0,mymaster,127.0.0.1,6379,0");
            return null;
        });
        assertEquals("hello 127.0.0.1,26379," + MY_ID + ",0,mymaster,127.0.0.1,6379,0", next());
        String list = call.apply(new String[]{"CLIENT", "LIST"});
        assertTrue(list.contains("name=sentinel-01234567-cmd"), list);
        assertTrue(list.contains("name=sentinel-01234567-pubsub"), list);
        assertEquals(0, (int) onLoop(l::pendingCommands));
        assertEquals("127.0.0.1", onLoop(l::localIp));
    }

    @Test
    void linkToVigilNodeNamesItsConnectionsAndCarriesPingInfoAndHellos() throws Exception {
        VigilNode n = VigilNode.start();
        closing.add(n);
        InstanceLink l = link(n.port());
        pingInfoHello(l, args -> {
            try {
                return n.call(args);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
    }

    @Test
    void linkToRedisServerBehavesTheSame() throws Exception {
        RedisRef r = RedisRef.start();
        closing.add(r);
        InstanceLink l = link(r.port);
        pingInfoHello(l, args -> {
            try {
                return r.call(args);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
    }

    @Test
    void authPassIsSentAndAWrongOneMakesPingsInvalid() throws Exception {
        VigilNode n = VigilNode.start("requirepass", "s3cret");
        closing.add(n);
        InstanceLink good = link(n.port(), LinkOptions.defaults(MY_ID, null, "s3cret", 1000));
        assertEquals("up", next());
        onLoop(() -> {
            good.ping();
            return null;
        });
        assertEquals("ping valid=true busy=false", next());
        InstanceLink bad = link(n.port(), LinkOptions.defaults(MY_ID, null, "wrong", 1000));
        nextLike("up");
        onLoop(() -> {
            bad.ping();
            return null;
        });
        assertEquals("ping valid=false busy=false", nextLike("ping"));
    }

    @Test
    void aClosedInstanceTakesTheLinkDownAndItComesBackWhenTheInstanceReturns() throws Exception {
        int port = VigilNode.freePort();
        VigilNode n = VigilNode.start(port);
        link(port);
        assertEquals("up", next());
        long t0 = System.nanoTime();
        n.close();
        assertEquals("down", nextLike("down"));
        System.out.printf("link: instance close noticed in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        VigilNode again = VigilNode.start(port);
        closing.add(again);
        assertEquals("up", nextLike("up"));
    }

    @Test
    void anInstanceThatStopsAnsweringTimesOutAndCountsAsDown() throws Exception {
        // Answers the client's connect-time PING on each connection, then never again (a hung process).
        try (ServerSocket hung = new ServerSocket(0)) {
            List<Socket> accepted = new java.util.concurrent.CopyOnWriteArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        Socket s = hung.accept();
                        accepted.add(s);
                        s.getInputStream().read(new byte[64]);
                        s.getOutputStream().write("+PONG\r\n".getBytes());
                    }
                } catch (Exception ignored) {
                    // closed
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            InstanceLink l = link(hung.getLocalPort(), new LinkOptions(MY_ID, null, null, 1000, 300, 1000, 6000, true));
            assertEquals("up", next());
            onLoop(() -> {
                l.ping();
                return null;
            });
            long t0 = System.nanoTime();
            assertEquals("down", next(), "the unanswered commands time out and close the link");
            System.out.printf("link: hung instance dropped %d ms after the PING (timeout 300 ms)%n", (System.nanoTime() - t0) / 1_000_000);
            assertTrue(events.stream().noneMatch(e -> e.startsWith("ping")), "no reply is reported");
            for (Socket s : accepted) s.close();
        }
    }

    @Test
    void promoteAndReplicaOfRunTheFailoverTransaction() throws Exception {
        VigilNode a = VigilNode.start();
        VigilNode b = VigilNode.start();
        closing.add(a);
        closing.add(b);
        InstanceLink lb = link(b.port());
        assertEquals("up", next());
        onLoop(() -> {
            lb.replicaOf(new Addr("127.0.0.1", a.port()));
            return null;
        });
        awaitRole(b, "slave");
        // CLIENT KILL TYPE pubsub dropped our own subscription: the link goes down and comes back.
        assertEquals("down", nextLike("down"));
        assertEquals("up", nextLike("up"));
        onLoop(() -> {
            lb.promote();
            return null;
        });
        awaitRole(b, "master");
    }

    /** The transaction's CLIENT KILL TYPE normal may reset our polling connection: that is "not yet". */
    private static boolean roleIs(VigilNode n, String role) {
        try {
            return n.call("INFO", "replication").contains("role:" + role);
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static void awaitRole(VigilNode n, String role) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (!roleIs(n, role)) {
            if (System.currentTimeMillis() > deadline) throw new AssertionError("role never became " + role);
            Thread.sleep(20);
        }
    }
}
