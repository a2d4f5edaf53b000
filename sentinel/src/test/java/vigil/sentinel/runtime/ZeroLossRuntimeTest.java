package vigil.sentinel.runtime;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import vigil.client.BlockingClient;
import vigil.resp.RespValue;
import vigil.sentinel.netsupport.DataNode;
import vigil.sentinel.netsupport.RedisRef;
import vigil.sentinel.netsupport.VigilNode;

import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Zero-loss mode end to end in one JVM: three SentinelRuntimes that know the mode from their conf
 * ({@code sentinel known-min-replicas-ack mymaster 1}; redis-server does not report it, a Vigil
 * master runs with min-replicas-ack 1 and reports it in INFO), a master
 * and two replicas, one of which stopped replicating before the last writes but has the better
 * priority. Closing the master must detach both replicas through the real links, read their final
 * offsets, and promote the one with every write; the other continues from it.
 */
class ZeroLossRuntimeTest {
    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void tearDown() {
        for (int i = closing.size() - 1; i >= 0; i--) {
            try {
                closing.get(i).close();
            } catch (Exception ignored) {
                // best effort
            }
        }
    }

    @Test
    void vigilNodes() throws Exception {
        run("vigil", VigilNode.start("repl-diskless-sync-delay", "0"), VigilNode.start(), VigilNode.start());
    }

    @Test
    void redisServerNodes() throws Exception {
        run("redis", RedisRef.start("--repl-diskless-sync-delay", "0"), RedisRef.start(), RedisRef.start());
    }

    private void run(String kind, DataNode master, DataNode full, DataNode behind) throws Exception {
        closing.add(full);
        closing.add(behind);
        boolean masterClosed = false;
        try {
            int pm = master.port();
            for (DataNode r : List.of(full, behind)) {
                assertEquals("OK", r.call("REPLICAOF", "127.0.0.1", Integer.toString(pm)));
            }
            assertEquals("OK", behind.call("CONFIG", "SET", "replica-priority", "1")); // the default choice
            if (kind.equals("vigil")) {
                // A Vigil master reports its mode (INFO min_replicas_ack), which the sentinels follow over their conf.
                assertEquals("OK", master.call("CONFIG", "SET", "min-replicas-ack", "1"));
            }
            for (int i = 0; i < 20; i++) {
                master.call("SET", "before" + i, "x");
            }
            long synced = offset(master.call("INFO", "replication"), "master_repl_offset");
            SentinelFailoverTest.await("both replicas in sync", 20_000, () -> offset(info(full), "slave_repl_offset") == synced
                    && offset(info(behind), "slave_repl_offset") == synced);

            Path dir = Files.createTempDirectory("vigil-zl-sentinels");
            String group = "zl-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
            List<SentinelRuntime> sentinels = new ArrayList<>();
            List<BlockingClient> subs = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                SentinelRuntime s = SentinelFailoverTest.sentinel(group, dir, "sentinel monitor mymaster 127.0.0.1 " + pm + " 2",
                        "sentinel down-after-milliseconds mymaster 1000", "sentinel failover-timeout mymaster 6000",
                        "sentinel known-min-replicas-ack mymaster 1",
                        "sentinel known-replica mymaster 127.0.0.1 " + behind.port());
                sentinels.add(s);
                closing.add(s);
            }
            SentinelFailoverTest.await("every sentinel to know 2 live peers and both replicas with their INFO", 60_000,
                    () -> sentinels.stream().allMatch(s -> ready(s)));
            for (SentinelRuntime s : sentinels) {
                BlockingClient sub = new BlockingClient("127.0.0.1", s.port(), 2000);
                closing.add(sub);
                sub.send("PSUBSCRIBE", "*");
                sub.read();
                subs.add(sub);
            }

            // "behind" stops replicating (as if cut off); the last writes reach "full" only. The master
            // is closed well within failover-timeout, before any sentinel would fix behind's config.
            assertEquals("OK", behind.call("REPLICAOF", "127.0.0.1", Integer.toString(VigilNode.freePort())));
            SentinelFailoverTest.await("the master to lose it", 10_000,
                    () -> info(master).contains("connected_slaves:1"));
            master.call("SET", "last", "acknowledged-by-full");
            long last = offset(master.call("INFO", "replication"), "master_repl_offset");
            SentinelFailoverTest.await("full to have the last write", 10_000, () -> offset(info(full), "slave_repl_offset") >= last);
            long behindAt = offset(info(behind), "slave_repl_offset");
            assertTrue(behindAt < last, behindAt + " < " + last);

            long t0 = System.nanoTime();
            master.close();
            masterClosed = true;
            SentinelFailoverTest.await("all three sentinels to agree on a new master", 60_000, () -> {
                String a = SentinelFailoverTest.call(sentinels.get(0).port(), "SENTINEL", "GET-MASTER-ADDR-BY-NAME", "mymaster");
                return !a.contains(Integer.toString(pm)) && !a.startsWith("ERR") && sentinels.stream().allMatch(s ->
                        a.equals(SentinelFailoverTest.call(s.port(), "SENTINEL", "GET-MASTER-ADDR-BY-NAME", "mymaster")));
            });
            long agreed = (System.nanoTime() - t0) / 1_000_000;
            String addr = SentinelFailoverTest.call(sentinels.get(0).port(), "SENTINEL", "GET-MASTER-ADDR-BY-NAME", "mymaster");
            assertTrue(addr.contains(Integer.toString(full.port())), "promoted the replica with every write: " + addr);
            assertEquals("acknowledged-by-full", full.call("GET", "last"));
            SentinelFailoverTest.await("the other replica to continue from the promoted one", 30_000, () -> {
                String i = info(behind);
                return i.contains("master_port:" + full.port()) && i.contains("master_link_status:up");
            });
            SentinelFailoverTest.await("the other replica to get the write it lacked", 10_000,
                    () -> "acknowledged-by-full".equals(SentinelFailoverTest.call(behind.port(), "GET", "last")));
            System.out.printf("e2e zero-loss %s: master closed -> all sentinels agree on the new master in %d ms%n", kind, agreed);

            List<String> events = new ArrayList<>();
            for (BlockingClient sub : subs) {
                events.addAll(drain(sub));
            }
            String seen = String.join("\n", events);
            assertTrue(seen.contains("+failover-state-detach-slaves"), seen);
            long fullOffset = detachedOffset(events, full, pm);
            long behindOffset = detachedOffset(events, behind, pm);
            assertTrue(fullOffset >= last && behindOffset == behindAt, fullOffset + " / " + behindOffset + "\n" + seen);
        } finally {
            if (!masterClosed) master.close();
        }
    }

    /** The offset of the +detached-slave event for {@code n}. */
    private static long detachedOffset(List<String> events, DataNode n, int masterPort) {
        String prefix = "+detached-slave slave 127.0.0.1:" + n.port() + " 127.0.0.1 " + n.port() + " @ mymaster 127.0.0.1 "
                + masterPort + " #offset ";
        for (String e : events) {
            if (e.startsWith(prefix)) return Long.parseLong(e.substring(prefix.length()).trim());
        }
        throw new AssertionError("no " + prefix + " in " + events);
    }

    /** 2 live peers, both replicas known with an INFO that gave their offset. */
    private static boolean ready(SentinelRuntime s) {
        try {
            return s.call(() -> {
                var m = s.brain().masters.get("mymaster");
                return m.sentinels.values().stream().filter(p -> p.alive).count() == 2 && m.replicas.size() == 2
                        && m.replicas.values().stream().allMatch(r -> r.infoRefresh != 0 && r.linkUp);
            });
        } catch (Exception e) {
            return false;
        }
    }

    private static List<String> drain(BlockingClient sub) throws Exception {
        List<String> out = new ArrayList<>();
        while (true) {
            try {
                RespValue v = sub.read();
                List<RespValue> items = ((RespValue.Aggregate) v).items();
                out.add(items.get(2).asString() + " " + items.get(3).asString());
            } catch (SocketTimeoutException e) {
                return out;
            }
        }
    }

    private static String info(DataNode n) {
        try {
            return n.call("INFO", "replication");
        } catch (Exception e) {
            return "";
        }
    }

    private static long offset(String info, String field) {
        for (String l : info.split("\r?\n")) {
            if (l.startsWith(field + ":")) return Long.parseLong(l.substring(field.length() + 1).trim());
        }
        return -1;
    }
}
