package vigil.server.replication.restart;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static vigil.server.replication.restart.ReplStateRecorderTest.A;
import static vigil.server.replication.restart.ReplStateRecorderTest.B;
import static vigil.server.replication.restart.ReplStateRecorderTest.master;
import static vigil.server.replication.restart.ReplStateRecorderTest.replica;

/** Whether a node starts fenced, from its recorded and loaded replication state. */
class StartFenceTest {
    static final String FRESH = "f".repeat(40);

    @Test
    void aMasterRestartedEmptyBehindItsRecordStartsFenced() {
        assertEquals("restarted-behind replid " + A + " offset 500",
                StartFence.reason(master(A, 500, 1), true, FRESH, 0, null, -1));
    }

    @Test
    void anOlderRdbOrAnotherHistoryIsBehindToo() {
        assertEquals("restarted-behind replid " + A + " offset 500", StartFence.reason(master(A, 500, 2), true, FRESH, 0, A, 499));
        assertEquals("restarted-behind replid " + A + " offset 500", StartFence.reason(master(A, 500, 2), true, FRESH, 0, B, 9000));
    }

    @Test
    void aRestartThatReachesTheRecordStartsOpen() {
        assertNull(StartFence.reason(master(A, 500, 1), true, FRESH, 0, A, 500), "a clean shutdown's RDB at the recorded offset");
        assertNull(StartFence.reason(master(A, 500, 1), true, FRESH, 0, A, 800), "the RDB was saved after the last record");
        assertNull(StartFence.reason(master(A, 500, 1), true, A, 500, null, -1), "the node's own history reaches it");
    }

    @Test
    void noRecordOfAMasterWithReplicasOrAReplicaStartStartsOpen() {
        assertNull(StartFence.reason(null, true, FRESH, 0, null, -1), "no file");
        assertNull(StartFence.reason(master(A, 500, 0), true, FRESH, 0, null, -1), "recorded with no replica online");
        assertNull(StartFence.reason(replica(A, 500), true, FRESH, 0, null, -1), "it was a replica");
        assertNull(StartFence.reason(master(A, 500, 1), false, FRESH, 0, null, -1), "replicaof in its conf: it starts as a replica");
    }
}
