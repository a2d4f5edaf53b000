package vigil.sentinel.e2e;

import org.junit.jupiter.api.Test;
import vigil.client.BlockingClient;
import vigil.resp.RespValue;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vigil.sentinel.e2e.ClientsFailoverTest.masterFields;
import static vigil.sentinel.e2e.HaCluster.awaitReplicaOf;
import static vigil.sentinel.e2e.HaCluster.awaitTrue;

/**
 * The sentinel's promises, each against real processes: manual failover, no failover without a
 * majority, priority 0 is never promoted, a restarted sentinel keeps its identity and knowledge,
 * and Vigil sentinels fail over Redis 7.0 nodes.
 */
class SentinelScenariosTest {
    static final HaCluster.Kind SENTINELS = ClientsFailoverTest.SENTINELS;

    static void awaitDiscovery(HaCluster ha, int replicas) throws Exception {
        String want = Integer.toString(replicas), peers = Integer.toString(ha.sentinels.size() - 1);
        awaitTrue("sentinels know " + want + " replicas and each other", 30_000, () -> {
            for (HaCluster.Proc s : ha.sentinels) {
                if (!s.alive()) continue;
                Map<String, String> m = masterFields(s);
                if (!want.equals(m.get("num-slaves")) || !peers.equals(m.get("num-other-sentinels"))) return false;
            }
            return true;
        });
    }

    @Test
    void manualFailoverPromotesAReplicaAndRepointsTheOthersAndRunsTheScripts() throws Exception {
        // Every sentinel runs a notification script and a client-reconfig script that log their arguments.
        java.nio.file.Path scripts = java.nio.file.Files.createTempDirectory("sentinel-scripts");
        java.nio.file.Path notified = scripts.resolve("notify.log"), reconfigured = scripts.resolve("reconfig.log");
        java.nio.file.Path notify = scripts.resolve("notify.sh"), reconfig = scripts.resolve("reconfig.sh");
        java.nio.file.Files.writeString(notify, "#!/bin/sh\necho \"$1|$2\" >> " + notified + "\n");
        java.nio.file.Files.writeString(reconfig, "#!/bin/sh\necho \"$1|$2|$3|$4|$5|$6|$7\" >> " + reconfigured + "\n");
        for (java.nio.file.Path p : List.of(notify, reconfig)) {
            java.nio.file.Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        String extra = "sentinel notification-script " + HaCluster.MASTER_NAME + " " + notify + "\n"
                + "sentinel client-reconfig-script " + HaCluster.MASTER_NAME + " " + reconfig + "\n";
        try (HaCluster ha = HaCluster.startWith(extra, HaCluster.Kind.VIGIL, SENTINELS, 3, 3, 1000)) {
            awaitDiscovery(ha, 2);
            String old = ha.master().addr();
            try (BlockingClient c = ha.sentinels.get(0).client(5000)) {
                assertEquals("OK", c.call("SENTINEL", "FAILOVER", HaCluster.MASTER_NAME).asString());
                RespValue again = c.call("SENTINEL", "FAILOVER", HaCluster.MASTER_NAME);
                assertTrue(again instanceof RespValue.Error, "a second failover while one runs is refused: " + again);
            }
            String fresh = ha.awaitAgreedMasterOtherThan(old, 60_000);
            for (HaCluster.Proc n : ha.nodes) {
                if (!n.addr().equals(fresh)) awaitReplicaOf(n, fresh, 60_000);
            }
            // Redis's arguments: <master> <role> <state> <from ip> <from port> <to ip> <to port>,
            // and <event type> <event description> for warning-level events.
            String reconf = HaCluster.MASTER_NAME + "|leader|start|" + old.replace(':', '|') + "|" + fresh.replace(':', '|');
            awaitTrue("the leader's client-reconfig-script ran", 20_000,
                    () -> java.nio.file.Files.exists(reconfigured) && java.nio.file.Files.readAllLines(reconfigured).contains(reconf));
            String switched = "+switch-master|" + HaCluster.MASTER_NAME + " " + old.replace(':', ' ') + " " + fresh.replace(':', ' ');
            awaitTrue("the notification script saw +switch-master", 20_000,
                    () -> java.nio.file.Files.exists(notified) && java.nio.file.Files.readAllLines(notified).contains(switched));
        }
    }

    @Test
    void noFailoverWhenOnlyOneSentinelOfThreeIsAlive() throws Exception {
        try (HaCluster ha = HaCluster.start(HaCluster.Kind.VIGIL, SENTINELS, 2, 3, 1000)) {
            awaitDiscovery(ha, 1);
            String old = ha.master().addr();
            ha.sentinels.get(1).kill9();
            ha.sentinels.get(2).kill9();
            ha.master().kill9();
            HaCluster.Proc last = ha.sentinels.get(0);
            awaitTrue("the last sentinel sees the master subjectively down", 30_000,
                    () -> String.valueOf(masterFields(last).get("flags")).contains("s_down"));
            // Quorum 2 cannot be met: the master stays as it is, for longer than a failover takes
            // with a majority (the other tests see one within a few seconds).
            long until = System.currentTimeMillis() + 8_000;
            while (System.currentTimeMillis() < until) {
                assertEquals(old, ha.masterAddrFrom(last));
                assertFalse(String.valueOf(masterFields(last).get("flags")).contains("o_down"));
                Thread.sleep(200);
            }
            assertEquals("slave", HaCluster.replicationInfo(ha.nodes.get(1)).get("role"));
        }
    }

    @Test
    void aReplicaWithPriorityZeroIsNeverPromoted() throws Exception {
        // nodes[1] has priority 0, nodes[2] priority 100: only nodes[2] may become master.
        try (HaCluster ha = HaCluster.start(HaCluster.Kind.VIGIL, SENTINELS, 3, 3, 1000, 0, 100)) {
            awaitDiscovery(ha, 2);
            String old = ha.master().addr();
            ha.master().kill9();
            String fresh = ha.awaitAgreedMasterOtherThan(old, 60_000);
            assertEquals(ha.nodes.get(2).addr(), fresh);
            awaitReplicaOf(ha.nodes.get(1), fresh, 60_000);
        }
    }

    @Test
    void aRestartedSentinelKeepsItsIdEpochReplicasAndPeers() throws Exception {
        try (HaCluster ha = HaCluster.start(HaCluster.Kind.VIGIL, SENTINELS, 3, 3, 1000)) {
            awaitDiscovery(ha, 2);
            String old = ha.master().addr();
            try (BlockingClient c = ha.sentinels.get(0).client(5000)) {
                assertEquals("OK", c.call("SENTINEL", "FAILOVER", HaCluster.MASTER_NAME).asString());
            }
            String fresh = ha.awaitAgreedMasterOtherThan(old, 60_000);
            HaCluster.Proc s = ha.sentinels.get(1);
            String id;
            Map<String, String> before;
            try (BlockingClient c = s.client(5000)) {
                id = c.call("SENTINEL", "MYID").asString();
            }
            before = masterFields(s);
            s.kill9();
            s.start();
            // Straight from its conf, before it could learn anything anew:
            try (BlockingClient c = s.client(5000)) {
                assertEquals(id, c.call("SENTINEL", "MYID").asString());
                RespValue addr = c.call("SENTINEL", "GET-MASTER-ADDR-BY-NAME", HaCluster.MASTER_NAME);
                assertEquals(fresh, ((RespValue.Aggregate) addr).items().get(0).asString() + ":"
                        + ((RespValue.Aggregate) addr).items().get(1).asString());
            }
            Map<String, String> after = masterFields(s);
            assertEquals(before.get("config-epoch"), after.get("config-epoch"));
            assertEquals(before.get("num-slaves"), after.get("num-slaves"));
            assertEquals(before.get("num-other-sentinels"), after.get("num-other-sentinels"));
            String conf = java.nio.file.Files.readString(s.conf);
            assertTrue(conf.contains("sentinel myid " + id), conf);
            assertTrue(conf.contains("sentinel current-epoch"), conf);
        }
    }

    @Test
    void vigilSentinelsFailOverRedisNodes() throws Exception {
        try (HaCluster ha = HaCluster.start(HaCluster.Kind.REDIS, SENTINELS, 3, 3, 1000)) {
            awaitDiscovery(ha, 2);
            String old = ha.master().addr();
            ha.master().kill9();
            String fresh = ha.awaitAgreedMasterOtherThan(old, 60_000);
            for (HaCluster.Proc n : ha.nodes) {
                if (n != ha.master() && !n.addr().equals(fresh)) awaitReplicaOf(n, fresh, 60_000);
            }
            ha.master().start();
            awaitReplicaOf(ha.master(), fresh, 60_000);
            try (BlockingClient c = ha.nodeAt(fresh).client(5000)) {
                RespValue role = c.call("ROLE");
                List<RespValue> items = ((RespValue.Aggregate) role).items();
                assertEquals("master", items.get(0).asString());
            }
        }
    }
}
