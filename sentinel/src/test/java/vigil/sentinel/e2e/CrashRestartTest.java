package vigil.sentinel.e2e;

import org.junit.jupiter.api.Test;
import vigil.client.BlockingClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vigil.sentinel.e2e.HaCluster.awaitReplicaOf;
import static vigil.sentinel.e2e.HaCluster.awaitTrue;

/**
 * Crash-restart protection against real processes: the master (a Vigil JVM, no persistence) is
 * killed with SIGKILL and restarted at once from its conf, empty, in less than the sentinels'
 * down-after-milliseconds (5 s here). Its Vigil replicas must keep their data (they refuse its full
 * sync), the sentinels must fail over to one of them, and the restarted node must rejoin as a
 * replica of the new master and get the data back. Redis 7.0 replicas would full-sync the empty
 * master at once (docs/sentinel.md, "Crash-restart protection").
 */
class CrashRestartTest {
    static final int KEYS = 100;

    /** DBSIZE, or -1 when the node does not answer; an error reply (e.g. -LOADING) fails the parse: -2. */
    static long dbsize(HaCluster.Proc n) {
        String reply;
        try (BlockingClient c = n.client(2000)) {
            reply = c.call("DBSIZE").asString();
        } catch (Exception e) {
            return -1;
        }
        try {
            return Long.parseLong(reply);
        } catch (NumberFormatException e) {
            return -2;
        }
    }

    @Test
    void masterKilledAndRestartedEmptyDoesNotWipeItsReplicas() throws Exception {
        try (HaCluster ha = HaCluster.start(HaCluster.Kind.VIGIL, SentinelScenariosTest.SENTINELS, 3, 3, 5000)) {
            SentinelScenariosTest.awaitDiscovery(ha, 2);
            HaCluster.Proc master = ha.master();
            try (BlockingClient c = master.client(5000)) {
                for (int i = 0; i < KEYS; i++) {
                    c.call("SET", "k" + i, "v" + i);
                }
            }
            for (HaCluster.Proc r : ha.nodes.subList(1, 3)) {
                awaitTrue(r.name + " has the data", 20_000, () -> dbsize(r) == KEYS);
            }
            String old = master.addr();
            long t0 = System.nanoTime();
            master.kill9();
            master.start();   // empty: save "" and no replicaof in its conf
            long restartMs = (System.nanoTime() - t0) / 1_000_000;
            try (BlockingClient c = master.client(2000)) {   // fenced from its start (master-restart-fence), or converted already
                String reply = c.call("SET", "k0", "after-restart").asString();
                assertTrue(reply.startsWith("READONLY"), "the restarted node took a write before its conversion: " + reply);
            }
            String fresh = null;
            long deadline = System.currentTimeMillis() + 60_000;
            while (fresh == null && System.currentTimeMillis() < deadline) {
                for (HaCluster.Proc r : ha.nodes.subList(1, 3)) {
                    long d = dbsize(r);   // -1: no answer (the promotion's CLIENT KILL TYPE normal resets our connection)
                    if (d >= 0) assertEquals(KEYS, d, r.name + " lost its data:\n" + r.log());
                }
                String a = ha.masterAddrFrom(ha.sentinels.get(0));
                if (a != null && !a.equals(old) && ha.sentinels.stream().allMatch(s -> a.equals(ha.masterAddrFrom(s)))) {
                    fresh = a;
                }
                Thread.sleep(50);
            }
            assertNotEquals(null, fresh, "no failover after the restart:\n" + ha.logs());
            long failedOver = (System.nanoTime() - t0) / 1_000_000;
            HaCluster.Proc promoted = ha.nodeAt(fresh);
            assertEquals(KEYS, dbsize(promoted));
            awaitTrue("the restarted node to be converted", 30_000, () -> "slave".equals(HaCluster.replicationInfo(master).get("role")));
            long converted = (System.nanoTime() - t0) / 1_000_000;
            awaitReplicaOf(master, fresh, 30_000);
            awaitTrue("the restarted node has the data again", 30_000, () -> dbsize(master) == KEYS);
            try (BlockingClient c = master.client(2000)) {
                assertEquals("v0", c.call("GET", "k0").asString());
            }
            for (HaCluster.Proc n : ha.nodes) {
                if (n != promoted && n != master) awaitReplicaOf(n, fresh, 30_000);
            }
            System.out.printf("e2e crash-restart: restarted in %d ms (down-after 5000), failed over to a replica with the data %d ms after the kill, "
                    + "restarted node a replica after %d ms, in sync after %d ms (diskless sync delay 5 s)%n",
                    restartMs, failedOver, converted, (System.nanoTime() - t0) / 1_000_000);
        }
    }
}
