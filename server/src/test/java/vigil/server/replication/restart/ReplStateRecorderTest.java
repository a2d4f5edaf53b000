package vigil.server.replication.restart;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static vigil.server.replication.restart.ReplStateRecord.Role.MASTER;
import static vigil.server.replication.restart.ReplStateRecord.Role.REPLICA;

/** The replication state file's content and when it is written, stepped with a fake clock and no file. */
class ReplStateRecorderTest {
    static final String A = "a".repeat(40);
    static final String B = "b".repeat(40);

    static ReplStateRecord master(String id, long offset, int replicas) {
        return new ReplStateRecord(MASTER, id, offset, replicas);
    }

    static ReplStateRecord replica(String id, long offset) {
        return new ReplStateRecord(REPLICA, id, offset, 0);
    }

    @Test
    void aMasterWithoutReplicasWritesNothing() {
        ReplStateRecorder r = new ReplStateRecorder(null);
        assertNull(r.next(master(A, 0, 0), false, 0));
        assertNull(r.next(master(A, 500, 0), false, 5000));
        assertNull(r.next(replica(A, 500), false, 6000), "a replica never creates the file");
    }

    @Test
    void aMasterWithAReplicaWritesAtOnceThenAtMostOncePerSecondWhileItsOffsetMoves() {
        ReplStateRecorder r = new ReplStateRecorder(null);
        assertEquals(master(A, 10, 1), r.next(master(A, 10, 1), false, 1000), "becoming a master with a replica: at once");
        assertNull(r.next(master(A, 10, 1), false, 1100), "nothing changed");
        assertNull(r.next(master(A, 20, 1), false, 1500), "offset moved, but within the second");
        assertEquals(master(A, 30, 1), r.next(master(A, 30, 1), false, 2000));
        assertNull(r.next(master(A, 30, 1), false, 9000), "a quiet master is not rewritten");
        assertEquals(master(A, 30, 2), r.next(master(A, 30, 2), false, 9100), "the replica count changed");
        assertEquals(master(B, 30, 2), r.next(master(B, 30, 2), false, 9200), "a new replication id: at once");
    }

    @Test
    void losingTheReplicasKeepsTheLastRecord() {
        ReplStateRecorder r = new ReplStateRecorder(null);
        r.next(master(A, 10, 1), false, 0);
        assertNull(r.next(master(A, 99, 0), false, 5000), "the replicas that hold the data may still be promoted");
        assertEquals(master(A, 120, 1), r.next(master(A, 120, 1), false, 6000), "one is back");
    }

    @Test
    void becomingAReplicaRewritesTheRecordAtOnceAndOnlyOnce() {
        ReplStateRecorder r = new ReplStateRecorder(master(A, 10, 1));
        assertEquals(replica(B, 5), r.next(replica(B, 5), false, 100));
        assertNull(r.next(replica(B, 50), false, 5000));
        assertEquals(master(B, 60, 1), r.next(master(B, 60, 1), false, 5100), "promoted, with a replica");
    }

    @Test
    void theRecordReadAtStartCounts() {
        ReplStateRecorder r = new ReplStateRecorder(master(A, 10, 1));
        assertNull(r.next(master(A, 10, 1), false, 0), "the file already says so");
        assertEquals(master(A, 11, 1), r.next(master(A, 11, 1), false, 1), "nothing written yet by this process: no wait");
        assertNull(new ReplStateRecorder(replica(A, 3)).next(replica(A, 9), false, 0));
    }

    @Test
    void theStartFenceHoldsTheRecordUntilARoleChangeThenRecordsTheNodeAsItIs() {
        ReplStateRecorder r = new ReplStateRecorder(master(A, 1000, 2));
        r.startFenced();
        assertNull(r.next(master(B, 0, 0), true, 0));
        assertNull(r.next(master(B, 0, 1), true, 5000), "not even with a replica: the record explains the fence");
        assertEquals(master(B, 0, 0), r.next(master(B, 0, 0), false, 6000), "REPLICAOF NO ONE: this master, even alone");
        assertNull(r.next(master(B, 14, 0), false, 8000));
    }

    @Test
    void theStartFenceLiftedByReplicaofRecordsAReplica() {
        ReplStateRecorder r = new ReplStateRecorder(master(A, 1000, 2));
        r.startFenced();
        assertNull(r.next(master(B, 0, 0), true, 0));
        assertEquals(replica(B, 0), r.next(replica(B, 0), false, 100));
    }

    @Test
    void aFailedWriteIsRetriedAfterTheInterval() {
        ReplStateRecorder r = new ReplStateRecorder(null);
        r.next(master(A, 10, 1), false, 0);
        r.failed();
        assertNull(r.next(master(A, 10, 1), false, 500));
        assertEquals(master(A, 10, 1), r.next(master(A, 10, 1), false, 1000));
        ReplStateRecorder q = new ReplStateRecorder(master(A, 10, 1));
        q.next(replica(A, 10), false, 0);
        q.failed();
        assertEquals(replica(A, 12), q.next(replica(A, 12), false, 1000), "the replica record too");
    }

    @Test
    void theFileFormatRoundTripsAndDamageIsRefused() {
        ReplStateRecord rec = master(A, 123456, 2);
        assertEquals("vigil-replication-state 1\nrole master\nreplid " + A + "\noffset 123456\nreplicas 2\n", rec.format());
        assertEquals(rec, ReplStateRecord.parse(rec.format()));
        assertEquals(replica(B, 7), ReplStateRecord.parse(replica(B, 7).format()));
        assertEquals(rec, ReplStateRecord.parse(rec.format().replace("\n", "\r\n") + "future-field x\n"));
        for (String bad : new String[]{"", "vigil-replication-state 2\nrole master\n", rec.format().replace("role master", "role primary"),
                rec.format().replace(A, "xyz"), rec.format().replace("123456", "-1"), rec.format().replace("replicas 2\n", ""),
                rec.format().replace("offset 123456", "offset")}) {
            assertThrows(IllegalArgumentException.class, () -> ReplStateRecord.parse(bad), bad);
        }
    }
}
