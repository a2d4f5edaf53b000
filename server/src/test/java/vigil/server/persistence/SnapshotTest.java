package vigil.server.persistence;

import vigil.server.node.Persistence;
import vigil.server.snapshot.SnapshotHandle;
import vigil.server.snapshot.Snapshot;
import org.junit.jupiter.api.Test;
import vigil.server.node.VigilServer;
import vigil.server.config.EncodingLimits;
import vigil.server.config.ServerConfig;
import vigil.server.keyspace.Db;
import vigil.server.keyspace.Dict;
import vigil.server.keyspace.Keyspace;
import vigil.server.types.hash.HashValue;
import vigil.server.types.list.ListValue;
import vigil.server.types.set.SetValue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The snapshot state machine on a bare server (no sockets, a manual scheduler: the test runs the
 * slices), with writes made through Db's own API between slices.
 */
class SnapshotTest {
    private static final EncodingLimits LIMITS = new EncodingLimits();

    final AtomicLong clock = new AtomicLong(1_700_000_000_000L);
    final VigilServer server = vigil.server.support.BareNode.assemble(new ServerConfig(), clock::get).server;
    final Keyspace ks = server.keyspace;
    final Persistence p = server.persistence;

    static byte[] b(String s) {
        return s.getBytes();
    }

    void fill(int db, String prefix, int n) {
        for (int i = 0; i < n; i++) ks.db(db).set(b(prefix + i), b("v" + i), false);
    }

    static ListValue list(String... xs) {
        ListValue l = new ListValue();
        for (String x : xs) l.push(LIMITS, b(x), false);
        return l;
    }

    /** Runs slices of one key until the snapshot ends; returns how many. */
    int runToEnd() {
        int n = 0;
        while (!p.slice()) n++;
        return n;
    }

    @Test
    void emptyKeyspaceEmitsOnlyBeginAndEnd() {
        RecordingSink sink = new RecordingSink();
        AtomicInteger done = new AtomicInteger();
        SnapshotHandle h = p.startSnapshot(sink, done::incrementAndGet);
        assertEquals(Snapshot.State.RUNNING, h.state());
        assertTrue(p.slice());
        assertEquals(List.of("begin 16", "end"), sink.events);
        assertEquals(Snapshot.State.DONE, h.state());
        assertEquals(1, done.get());
        assertFalse(ks.snapshotRunning());
    }

    @Test
    void walksInSlicesGroupedByDbAndSkipsEmptyDbs() {
        fill(0, "a", 300);
        fill(5, "b", 200);
        Map<Integer, Map<String, String>> start = RecordingSink.capture(ks);
        RecordingSink sink = new RecordingSink();
        p.setSliceBudget(50, Long.MAX_VALUE);
        SnapshotHandle h = p.startSnapshot(sink, null);
        int slices = 1 + runToEnd();
        sink.assertContent(start);
        assertTrue(slices >= 10, "500 keys in slices of ~50: " + slices);
        assertEquals(500, h.keysEmitted());
        assertEquals(500, h.keysTotal());
        assertEquals("beginDb 0 300 0", sink.events.get(1));
        assertTrue(sink.events.contains("beginDb 5 200 0"));
        assertEquals(0, h.valuesCopied());
    }

    @Test
    void everyDbMutatorCapturesTheOldStateFirst() {
        Db d0 = ks.db(0), d1 = ks.db(1);
        fill(0, "k", 400);
        d1.set(b("str"), b("old"), false);
        d1.set(b("list"), list("a", "b"), false);
        d1.set(b("ttl"), b("x"), false);
        d1.setExpire(d1.find(b("ttl")), clock.get() + 10_000);
        d1.set(b("persist"), b("y"), false);
        d1.setExpire(d1.find(b("persist")), clock.get() + 20_000);
        d1.set(b("gone"), b("z"), false);
        d1.set(b("expiring"), b("e"), false);
        d1.setExpire(d1.find(b("expiring")), clock.get() + 5);
        HashValue hv = new HashValue();
        hv.set(LIMITS, b("f"), b("1"));
        d1.set(b("hash"), hv, false);
        Map<Integer, Map<String, String>> start = RecordingSink.capture(ks);

        RecordingSink sink = new RecordingSink();
        p.setSliceBudget(100, Long.MAX_VALUE);
        SnapshotHandle h = p.startSnapshot(sink, null);
        assertFalse(p.slice());   // db 0 partly walked, db 1 not reached
        // db 1 (not reached yet): every kind of change is captured into its pending list
        d1.set(b("str"), b("new"), false);
        ((ListValue) d1.lookupWrite(b("list")).value).push(LIMITS, b("c"), true);
        d1.setExpire(d1.find(b("ttl")), clock.get() + 99_000);
        d1.removeExpire(d1.find(b("persist")));
        d1.delete(b("gone"));
        ((HashValue) d1.lookupWrite(b("hash")).value).set(LIMITS, b("f"), b("2"));
        clock.addAndGet(10);
        assertNull(d1.find(b("expiring")));   // lazily expired and deleted
        d1.set(b("added"), b("new"), false);
        // str, list, ttl, persist, gone, hash, expiring: kept for db 1's turn (strings shared, collections copied)
        assertEquals(7, h.valuesCopied());
        assertTrue(h.copiedBytesHeld() > 0);
        // db 0 (being walked): changes emit the old state at once
        for (int i = 0; i < 400; i += 3) d0.set(b("k" + i), b("changed"), false);
        for (int i = 1; i < 400; i += 3) d0.delete(b("k" + i));
        d0.set(b("fresh"), b("x"), false);
        runToEnd();
        sink.assertContent(start);
        assertFalse(ks.snapshotRunning());
    }

    @Test
    void shrinkAndGrowDuringTheWalkEmitEachKeyOnce() {
        Db d = ks.db(0);
        fill(0, "k", 5000);
        Map<Integer, Map<String, String>> start = RecordingSink.capture(ks);
        RecordingSink sink = new RecordingSink();
        p.setSliceBudget(500, Long.MAX_VALUE);
        p.startSnapshot(sink, null);
        assertFalse(p.slice());
        int before = d.dict().buckets();
        for (int i = 0; i < 4000; i++) d.delete(b("k" + i));        // shrinks the table
        assertTrue(d.dict().buckets() < before);
        assertFalse(p.slice());
        for (int i = 0; i < 20_000; i++) d.set(b("n" + i), b("x"), false);   // grows it again
        runToEnd();
        sink.assertContent(start);
    }

    @Test
    void flushAndSwapHandTheOldDictsToTheSnapshot() {
        fill(0, "a", 300);
        fill(1, "b", 300);
        fill(2, "c", 300);
        fill(3, "d", 10);
        Map<Integer, Map<String, String>> start = RecordingSink.capture(ks);
        RecordingSink sink = new RecordingSink();
        p.setSliceBudget(100, Long.MAX_VALUE);
        p.startSnapshot(sink, null);
        assertFalse(p.slice());
        ks.flushDb(0);            // the db being walked
        ks.db(0).set(b("a1"), b("after flush"), false);
        ks.swap(1, 2);            // two dbs not reached yet
        ks.db(1).set(b("c1"), b("changed in swapped db"), false);
        ks.db(2).delete(b("b2"));
        ks.swap(3, 4);            // with an empty db
        ks.db(4).delete(b("d3"));
        ks.flushAll();
        fill(2, "x", 50);
        runToEnd();
        sink.assertContent(start);
        assertEquals(Map.of(2, 50), Map.of(2, ks.db(2).size()));
        assertEquals(0, ks.db(0).size() + ks.db(1).size() + ks.db(3).size() + ks.db(4).size());
    }

    @Test
    void abortRemovesTheBarrierAndTellsTheSink() {
        fill(0, "k", 100);
        RecordingSink sink = new RecordingSink();
        AtomicInteger done = new AtomicInteger();
        p.setSliceBudget(10, Long.MAX_VALUE);
        SnapshotHandle h = p.startSnapshot(sink, done::incrementAndGet);
        assertThrows(IllegalStateException.class, () -> p.startSnapshot(new RecordingSink(), null));
        assertFalse(p.slice());
        h.abort();
        assertEquals(Snapshot.State.ABORTED, h.state());
        assertTrue(sink.aborted);
        assertNull(sink.abortedWith);
        assertEquals(1, done.get());
        assertFalse(ks.snapshotRunning());
        h.abort();
        assertEquals(1, done.get());
        // a new one may start and sees everything
        RecordingSink again = new RecordingSink();
        p.startSnapshot(again, null);
        runToEnd();
        again.assertContent(RecordingSink.capture(ks));
    }

    @Test
    void aSinkFailureAbortsWithoutFailingTheWrite() {
        fill(0, "k", 100);
        fill(1, "j", 100);
        RecordingSink failing = new RecordingSink() {
            @Override
            public void key(int dbIndex, byte[] key, Object value, long expireAtMs) {
                if (dbIndex == 0 && new String(key).equals("k7")) throw new IllegalStateException("disk full");
                super.key(dbIndex, key, value, expireAtMs);
            }
        };
        p.setSliceBudget(1, Long.MAX_VALUE);
        SnapshotHandle h = p.startSnapshot(failing, null);
        p.slice();
        ks.db(0).set(b("k7"), b("written"), false);   // emits k7 from inside the write if not walked yet
        runToEnd();
        assertEquals(Snapshot.State.ABORTED, h.state());
        assertEquals("disk full", h.failure().getMessage());
        assertEquals("written", new String((byte[]) ks.db(0).find(b("k7")).value));
    }

    @Test
    void aWritePathThatBypassesDbIsDetectedAsAnAbort() {
        fill(0, "k", 100);
        p.setSliceBudget(10, Long.MAX_VALUE);
        SnapshotHandle h = p.startSnapshot(new RecordingSink(), null);
        assertFalse(p.slice());
        for (int i = 0; i < 100; i++) ks.db(0).dict().remove(b("k" + i));   // no hook: wrong on purpose
        runToEnd();
        assertEquals(Snapshot.State.ABORTED, h.state());
        assertNotNull(h.failure());
        assertTrue(h.failure().getMessage().contains("bypassed"), h.failure().getMessage());
    }

    @Test
    void keysExpiredAtTheStartAreEmittedWithTheirPastTime() {
        Db d = ks.db(0);
        d.set(b("old"), b("x"), false);
        d.setExpire(d.find(b("old")), clock.get() - 1);   // logically expired, not deleted yet
        Map<Integer, Map<String, String>> start = RecordingSink.capture(ks);
        RecordingSink sink = new RecordingSink();
        p.startSnapshot(sink, null);
        runToEnd();
        sink.assertContent(start);
        assertTrue(start.get(0).get("old").endsWith(":" + (clock.get() - 1)));
    }

    @Test
    void epochWrapResetsEveryMark() {
        fill(0, "k", 10);
        char first = ks.nextSnapshotEpoch();
        ks.db(0).dict().forEach(n -> n.snapshotMark = first);
        for (int i = first; i < Character.MAX_VALUE; i++) ks.nextSnapshotEpoch();
        assertEquals(Character.MAX_VALUE, ks.snapshotEpoch());
        ks.db(0).dict().forEach(n -> n.snapshotMark = Character.MAX_VALUE);
        assertEquals(1, ks.nextSnapshotEpoch());
        ks.db(0).dict().forEach(n -> assertEquals(0, n.snapshotMark));
        RecordingSink sink = new RecordingSink();
        p.startSnapshot(sink, null);
        runToEnd();
        sink.assertContent(RecordingSink.capture(ks));
    }
}
