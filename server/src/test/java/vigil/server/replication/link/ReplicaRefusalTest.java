package vigil.server.replication.link;

import org.junit.jupiter.api.Test;
import vigil.server.replication.link.ReplicaLink.Action;
import vigil.server.replication.link.ReplicaLink.State;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vigil.server.replication.link.ReplicaLinkTest.ID;
import static vigil.server.replication.link.ReplicaLinkTest.ID2;
import static vigil.server.replication.link.ReplicaLinkTest.of;

/**
 * Vigil's crash-restart protection on the replica side: a +FULLRESYNC from a master with less
 * history than ours (neither of our ids, a lower offset) is refused, our data kept, and retried
 * until replica-refuse-behind-master-period has passed since the first refusal.
 */
class ReplicaRefusalTest {
    static final String RESTARTED = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    static final long PERIOD = 60_000;

    /** A replica that synced once with the master (so the refusal is armed), now reconnecting. */
    static ReplicaLinkTest.Driver reconnectedAfterSync(long ownOffset) {
        ReplicaLinkTest.Driver d = new ReplicaLinkTest.Driver().handshake();
        d.link.refuseBehindMasterPeriod(PERIOD);
        d.feed("+CONTINUE\r\n");
        assertEquals(State.CONNECTED, d.link.state());
        d.actions.addAll(d.link.closed(d.now));
        d.take();
        reconnect(d, ownOffset);
        return d;
    }

    static void reconnect(ReplicaLinkTest.Driver d, long ownOffset) {
        d.tick(1000);
        d.link.psyncFrom(ID, ownOffset);
        d.link.ownHistory(ID, ID2, ownOffset);
        d.actions.addAll(d.link.connected(d.now));
        d.feed("+PONG\r\n+OK\r\n+OK\r\n");
        d.take();
        assertEquals(State.RECEIVE_PSYNC_REPLY, d.link.state());
    }

    @Test
    void masterBehindUsIsRefusedAndRetriedKeepingOurData() {
        ReplicaLinkTest.Driver d = reconnectedAfterSync(5000);
        d.feed("+FULLRESYNC " + RESTARTED + " 0\r\n$10\r\n0123456789");
        List<Action> a = d.take();
        assertEquals(List.of(new ReplicaLink.SyncRefused(RESTARTED, 0, 5000)), of(a, ReplicaLink.SyncRefused.class));
        assertTrue(of(a, ReplicaLink.FullResync.class).isEmpty(), "no full sync starts: " + a);
        assertTrue(of(a, ReplicaLink.BeginLoad.class).isEmpty(), "nothing is loaded: " + a);
        assertEquals(1, of(a, ReplicaLink.Close.class).size());
        assertEquals(State.CONNECT, d.link.state());
        assertNotNull(d.link.refusal());
        assertEquals(d.now, d.link.refusingSince());
        d.tick(1000);
        assertEquals(1, of(d.take(), ReplicaLink.Connect.class).size(), "retried");
    }

    @Test
    void afterThePeriodTheMasterHistoryIsAccepted() {
        ReplicaLinkTest.Driver d = reconnectedAfterSync(5000);
        long first = d.now;
        d.feed("+FULLRESYNC " + RESTARTED + " 0\r\n");
        assertEquals(1, of(d.take(), ReplicaLink.SyncRefused.class).size());
        d.now = first + PERIOD - 1500;
        reconnect(d, 5000);
        d.feed("+FULLRESYNC " + RESTARTED + " 12\r\n");
        assertEquals(1, of(d.take(), ReplicaLink.SyncRefused.class).size(), "still within the period");
        assertEquals(first, d.link.refusingSince(), "the period counts from the first refusal");
        d.now = first + PERIOD;
        reconnect(d, 5000);
        d.feed("+FULLRESYNC " + RESTARTED + " 20\r\n");
        List<Action> a = d.take();
        assertEquals(List.of(new ReplicaLink.FullResync(RESTARTED, 20)), of(a, ReplicaLink.FullResync.class));
        assertEquals(State.TRANSFER, d.link.state());
        assertNull(d.link.refusal());
        assertEquals(0, d.link.refusingSince());
    }

    @Test
    void aMasterWithOurHistoryOrMoreDataIsAccepted() {
        ReplicaLinkTest.Driver d = reconnectedAfterSync(5000);
        d.feed("+FULLRESYNC " + RESTARTED + " 5000\r\n");   // not behind us
        assertEquals(1, of(d.take(), ReplicaLink.FullResync.class).size());

        d = reconnectedAfterSync(5000);
        d.feed("+FULLRESYNC " + ID2 + " 10\r\n");   // our replid2: it continues our history
        assertEquals(1, of(d.take(), ReplicaLink.FullResync.class).size());

        d = reconnectedAfterSync(5000);
        d.feed("+FULLRESYNC " + ID + " 10\r\n");   // our replid
        assertEquals(1, of(d.take(), ReplicaLink.FullResync.class).size());
    }

    @Test
    void zeroPeriodTurnsTheRefusalOff() {
        ReplicaLinkTest.Driver d = reconnectedAfterSync(5000);
        d.link.refuseBehindMasterPeriod(0);
        d.feed("+FULLRESYNC " + RESTARTED + " 0\r\n");
        assertEquals(1, of(d.take(), ReplicaLink.FullResync.class).size());
    }

    @Test
    void aNewMasterByReplicaofIsNotRefusedUntilItsFirstSync() {
        ReplicaLinkTest.Driver d = new ReplicaLinkTest.Driver().handshake();   // start(): not armed
        d.link.refuseBehindMasterPeriod(PERIOD);
        d.link.ownHistory(ID, ID2, 5000);
        d.feed("+FULLRESYNC " + RESTARTED + " 0\r\n");
        assertEquals(1, of(d.take(), ReplicaLink.FullResync.class).size(), "an operator's / sentinel's choice");

        ReplicaLinkTest.Driver fromConf = new ReplicaLinkTest.Driver().handshake();
        fromConf.link.refuseBehindMasterPeriod(PERIOD);
        fromConf.link.armRefusal();   // replicaof in the conf, data loaded from disk
        fromConf.link.ownHistory(ID, ID2, 5000);
        fromConf.feed("+FULLRESYNC " + RESTARTED + " 0\r\n");
        assertEquals(1, of(fromConf.take(), ReplicaLink.SyncRefused.class).size());
    }

    @Test
    void aReplicaWithNoDataNeverRefuses() {
        ReplicaLinkTest.Driver d = reconnectedAfterSync(0);
        d.feed("+FULLRESYNC " + RESTARTED + " 0\r\n");
        assertEquals(1, of(d.take(), ReplicaLink.FullResync.class).size());
    }
}
