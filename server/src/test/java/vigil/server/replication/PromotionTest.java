package vigil.server.replication;

import org.junit.jupiter.api.Test;
import vigil.client.BlockingClient;
import vigil.server.support.TestNode;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static vigil.server.replication.ReplicaTestKit.*;

/**
 * PSYNC2 across a promotion: replica A takes over (REPLICAOF NO ONE), its sibling B and then
 * the old master M replicate from A and both continue partially through A's replid2.
 */
class PromotionTest {

    @Test
    void siblingAndOldMasterContinuePartiallyFromThePromotedReplica() throws Exception {
        try (TestNode m = TestNode.start("repl-ping-replica-period", "3600"); TestNode a = TestNode.start(); TestNode b = TestNode.start()) {
            BlockingClient cm = m.raw(), ca = a.raw(), cb = b.raw();
            populate(cm, "p:");
            ca.call("REPLICAOF", "127.0.0.1", Integer.toString(m.port()));
            cb.call("REPLICAOF", "127.0.0.1", Integer.toString(m.port()));
            awaitInSync(cm, ca);
            awaitInSync(cm, cb);
            writes(cm, "w:", 50);
            awaitInSync(cm, ca);
            awaitInSync(cm, cb);
            String oldId = info(cm, "replication").get("master_replid");

            assertEquals("OK", ca.call("REPLICAOF", "NO", "ONE").asString());
            Map<String, String> ia = info(ca, "replication");
            assertEquals(oldId, ia.get("master_replid2"));
            cb.call("REPLICAOF", "127.0.0.1", Integer.toString(a.port()));
            awaitInSync(ca, cb);
            assertEquals("1", info(ca, "stats").get("sync_partial_ok"));

            cm.call("REPLICAOF", "127.0.0.1", Integer.toString(a.port()));
            awaitInSync(ca, cm);
            assertEquals("2", info(ca, "stats").get("sync_partial_ok"));
            assertEquals("0", info(ca, "stats").get("sync_full"));

            writes(ca, "after:", 50);
            awaitInSync(ca, cb);
            awaitInSync(ca, cm);
            assertSameData(ca, cb);
            assertSameData(ca, cm);
            assertEquals(info(ca, "replication").get("master_replid"), info(cm, "replication").get("master_replid"));
        }
    }
}
