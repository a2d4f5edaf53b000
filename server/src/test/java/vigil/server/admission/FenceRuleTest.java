package vigil.server.admission;

import org.junit.jupiter.api.Test;
import vigil.client.BlockingClient;
import vigil.server.support.TestNode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The "fenced" admission rule through a real socket: sentinel hellos PUBLISHed on a Vigil master
 * (as sentinels do on every instance they monitor) raise and lift its write fence.
 */
class FenceRuleTest {
    static final String SENTINEL = "0123456789abcdef0123456789abcdef01234567";

    static String hello(String masterIp, int masterPort, long configEpoch) {
        return "127.0.0.1,26379," + SENTINEL + "," + configEpoch + ",mymaster," + masterIp + "," + masterPort + "," + configEpoch;
    }

    static void publish(BlockingClient c, String payload) throws Exception {
        c.call("PUBLISH", "__sentinel__:hello", payload);
    }

    static String set(BlockingClient c) throws Exception {
        return c.call("SET", "k", "v").asString();
    }

    @Test
    void aNewerEpochNamingAnotherMasterFencesUntilNamedAgain() throws Exception {
        try (TestNode n = TestNode.start(); BlockingClient c = n.raw()) {
            int me = n.port();
            publish(c, hello("127.0.0.1", me, 1));                 // named master in epoch 1
            assertEquals("OK", set(c));
            publish(c, hello("127.0.0.1", me + 1, 1));             // a stale sentinel: same epoch, another address
            assertEquals("OK", set(c), "an epoch not newer than ours never fences");
            publish(c, hello("10.9.9.9", 6379, 2));                // epoch 2 names another master
            assertEquals(AdmissionRules.FENCED, set(c));
            assertEquals(AdmissionRules.FENCED, c.call("DEL", "k").asString());
            assertEquals("v", c.call("GET", "k").asString(), "reads still served");
            String info = c.call("INFO", "replication").asString();
            assertTrue(info.contains("master_fenced:1"), info);
            assertTrue(info.contains("master_fenced_by:mymaster/10.9.9.9:6379/epoch/2"), info);
            c.call("MULTI");
            assertEquals(AdmissionRules.FENCED, set(c));
            assertTrue(c.call("EXEC").asString().startsWith("EXECABORT"));
            publish(c, hello("127.0.0.1", me, 1));                 // named again, but in an older epoch
            assertEquals(AdmissionRules.FENCED, set(c));
            publish(c, hello("localhost", me, 2));                 // named master in the fence's epoch
            assertEquals("OK", set(c));
            assertFalse(c.call("INFO", "replication").asString().contains("master_fenced"));
        }
    }

    @Test
    void replicaofLiftsTheFence() throws Exception {
        try (TestNode n = TestNode.start(); BlockingClient c = n.raw()) {
            publish(c, hello("10.9.9.9", 6379, 3));
            assertEquals(AdmissionRules.FENCED, set(c), "a restarted node knows no epoch: the first hello naming another fences it");
            assertEquals("OK", c.call("REPLICAOF", "NO", "ONE").asString());
            assertEquals("OK", set(c), "REPLICAOF NO ONE: the operator says this is the master");
            publish(c, hello("10.9.9.9", 6379, 3));
            assertEquals("OK", set(c), "the same epoch again does not fence");
            publish(c, hello("10.9.9.8", 6379, 4));
            assertEquals(AdmissionRules.FENCED, set(c));
            assertEquals("OK", c.call("REPLICAOF", "127.0.0.1", "1").asString());
            assertEquals(AdmissionRules.READONLY, set(c), "a replica: the readonly rule answers");
            assertEquals("OK", c.call("REPLICAOF", "NO", "ONE").asString());
            assertEquals("OK", set(c));
        }
    }

    @Test
    void epochsSeenAsAReplicaDoNotFenceAfterPromotion() throws Exception {
        try (TestNode n = TestNode.start(); BlockingClient c = n.raw()) {
            c.call("REPLICAOF", "127.0.0.1", "1");
            publish(c, hello("127.0.0.1", 1, 5));                  // as a replica: its master, epoch 5
            c.call("REPLICAOF", "NO", "ONE");                       // promoted
            publish(c, hello("127.0.0.1", 1, 5));                  // the leader has not seen the promotion yet
            assertEquals("OK", set(c));
            publish(c, hello("127.0.0.1", 2, 6));                  // but a newer configuration elsewhere fences
            assertEquals(AdmissionRules.FENCED, set(c));
        }
    }

    @Test
    void aPromotedReplicaNamedByTheNewConfigurationTakesWrites() throws Exception {
        try (TestNode n = TestNode.start("replica-priority", "10"); BlockingClient c = n.raw()) {
            c.call("REPLICAOF", "127.0.0.1", "1");
            publish(c, hello("127.0.0.1", 1, 0));                  // its master, epoch 0
            c.call("REPLICAOF", "NO", "ONE");                       // promoted by the sentinels
            publish(c, hello("127.0.0.1", 1, 0));
            publish(c, hello("127.0.0.1", n.port(), 1));           // the new configuration names it
            assertEquals("OK", set(c));
            publish(c, hello("127.0.0.1", 1, 0));                  // a sentinel that has not switched yet
            assertEquals("OK", set(c));
        }
    }

    @Test
    void otherChannelsAndMalformedHellosAreIgnored() throws Exception {
        try (TestNode n = TestNode.start(); BlockingClient c = n.raw()) {
            c.call("PUBLISH", "news", hello("10.9.9.9", 6379, 3));
            publish(c, "not,a,hello");
            publish(c, "127.0.0.1,26379," + SENTINEL + ",1,mymaster,10.9.9.9,port,7");
            assertEquals("OK", set(c));
        }
    }
}
