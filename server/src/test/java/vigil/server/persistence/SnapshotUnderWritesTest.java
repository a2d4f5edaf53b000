package vigil.server.persistence;

import vigil.server.snapshot.SnapshotHandle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import vigil.client.BlockingClient;
import vigil.server.node.VigilServer;
import vigil.resp.server.command.CommandSpec;
import vigil.server.support.TestNode;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The snapshot invariant through real commands on a real socket: whatever clients do during the
 * save (write, delete, expire, rename, move, flush, swap, mutate collections, change TTLs, add
 * keys), the snapshot holds the keyspace exactly as it was when the save started. The test runs
 * the slices itself (between commands) so the interleavings are reproducible.
 */
class SnapshotUnderWritesTest {
    TestNode node;
    BlockingClient client;
    VigilServer server;
    RecordingSink sink;
    Map<Integer, Map<String, String>> atStart;
    SnapshotHandle handle;

    void startNode() throws Exception {
        node = TestNode.start();
        client = node.raw();
        server = node.node.server();
    }

    @AfterEach
    void close() throws Exception {
        if (node != null) node.close();
    }

    /** Captures the expected content and starts a snapshot in the same event-loop task. */
    void begin(int sliceKeys) throws Exception {
        sink = new RecordingSink();
        node.node.onLoop(() -> {
            server.persistence.setAutoSlices(false);
            server.persistence.setSliceBudget(sliceKeys, Long.MAX_VALUE);
            atStart = RecordingSink.capture(server.keyspace);
            handle = server.persistence.startSnapshot(sink, null);
            return null;
        });
    }

    boolean slice() throws Exception {
        return node.node.onLoop(() -> server.persistence.slice());
    }

    void finishAndCompare() throws Exception {
        while (!slice()) {
            // next slice
        }
        sink.assertContent(atStart);
        assertFalse(node.node.onLoop(() -> server.keyspace.snapshotRunning()));
    }

    void run(String... cmd) throws Exception {
        client.call(cmd);
    }

    /** Sends the commands pipelined and reads every reply (errors included). */
    void pipeline(List<String[]> cmds) throws Exception {
        for (String[] c : cmds) client.send(c);
        for (int i = 0; i < cmds.size(); i++) client.read();
    }

    void fill(int db, int count) throws Exception {
        run("select", Integer.toString(db));
        pipeline(new WriteLoad(db, count, false).fill(count));
    }

    @Test
    void writesOfEveryKindDuringTheSaveLeaveTheSnapshotAsAtTheStart() throws Exception {
        startNode();
        for (int db = 0; db < 3; db++) fill(db, 400);
        begin(100);
        assertFalse(slice());   // db 0 partly walked; dbs 1 and 2 not reached
        for (int db = 0; db < 3; db++) {
            run("select", Integer.toString(db));
            List<String[]> w = new java.util.ArrayList<>();
            for (int i = 0; i < 400; i += 3) {
                String id = Integer.toString(i);
                switch (i % 10) {
                    case 0 -> w.add(new String[]{"set", "s:" + id, "overwritten"});
                    case 1 -> w.add(new String[]{"append", "s:" + id, "+more"});
                    case 2 -> w.add(new String[]{"del", "s:" + id});
                    case 3 -> w.add(new String[]{"expire", "s:" + id, "500"});
                    case 4 -> w.add(new String[]{"rename", "s:" + id, "renamed:" + id});
                    case 5 -> w.add(new String[]{"lpush", "l:" + id, "new"});
                    case 6 -> w.add(new String[]{"hset", "h:" + id, "f", "changed", "new", "field"});
                    case 7 -> w.add(new String[]{"sadd", "t:" + id, "999", "word"});
                    case 8 -> w.add(new String[]{"zadd", "z:" + id, "5", "a", "7", "new"});
                    default -> w.add(new String[]{"persist", "s:" + id});
                }
                switch (i % 7) {
                    case 0 -> w.add(new String[]{"lpop", "l:" + (i / 10 * 10 + 5)});
                    case 1 -> w.add(new String[]{"zpopmin", "z:" + (i / 10 * 10 + 8)});
                    case 2 -> w.add(new String[]{"move", "s:" + (i / 10 * 10 + 1), "3"});
                    case 3 -> w.add(new String[]{"hdel", "h:" + (i / 10 * 10 + 6), "g"});
                    case 4 -> w.add(new String[]{"srem", "t:" + (i / 10 * 10 + 7), "1"});
                    case 5 -> w.add(new String[]{"setrange", "s:" + (i / 10 * 10), "2", "XY"});
                    default -> w.add(new String[]{"set", "added:" + id, "new key"});
                }
            }
            pipeline(w);
            slice();
        }
        finishAndCompare();
        assertTrue(handle.valuesCopied() > 100, "writes reached dbs 1 and 2 before the walk: " + handle.valuesCopied());
        assertEquals(1200, handle.keysEmitted());
    }

    @Test
    void keysExpiredLazilyAndActivelyDuringTheSaveAppearAsAtTheStart() throws Exception {
        startNode();
        run("debug", "set-active-expire", "0");
        fill(0, 1000);
        for (int i = 0; i < 200; i++) run("set", "past:" + i, "x", "PX", "1");
        for (int i = 0; i < 200; i++) run("set", "soon:" + i, "y", "PX", "300");
        long soonAt = System.currentTimeMillis() + 300;
        awaitClockPast(System.currentTimeMillis() + 2);   // every past:* key is logically expired, still stored
        long expiredBefore = expiredKeys();
        begin(100);
        assertFalse(slice());
        for (int i = 0; i < 100; i++) run("get", "past:" + i);                // lazy expiry
        awaitClockPast(soonAt + 1);
        for (int i = 0; i < 100; i++) run("exists", "soon:" + i);             // lazy expiry
        assertFalse(slice());
        run("debug", "set-active-expire", "1");
        awaitStoredKeys(1000);                                                    // active expiry took the rest
        finishAndCompare();
        assertEquals(400, expiredKeys() - expiredBefore);
        assertTrue(sink.content.get(0).keySet().containsAll(List.of("past:0", "past:199", "soon:0", "soon:199")));
    }

    @Test
    void flushesAndSwapsDuringTheSaveLeaveTheSnapshotAsAtTheStart() throws Exception {
        startNode();
        for (int db = 0; db < 4; db++) fill(db, 300);
        begin(100);
        assertFalse(slice());
        run("select", "0");
        run("flushdb");                       // the db being walked
        run("set", "s:1", "after the flush");
        assertFalse(slice());
        run("swapdb", "1", "2");              // two dbs not reached yet
        run("select", "1");
        run("hset", "h:6", "f", "in the swapped db");
        run("del", "s:0");
        run("swapdb", "2", "7");              // with an empty db
        run("select", "7");
        run("lpush", "l:5", "moved here by swapdb");
        assertFalse(slice());
        run("flushall");
        run("set", "s:2", "after flushall");
        finishAndCompare();
        assertEquals(1200, handle.keysEmitted());
    }

    /**
     * Every write command of the table, in a random stream, while snapshots run back to back in
     * slices of two keys: each snapshot must equal the keyspace at its own start. A write path
     * that changes a key without Db's hook shows up here as a difference (or an abort); a write
     * command the stream does not know fails the coverage check, so it gets added.
     */
    @Test
    void everyWriteCommandDuringSnapshotsLeavesEachAsAtItsStart() throws Exception {
        startNode();
        WriteLoad load = new WriteLoad(0x5A7E, 40, true);
        for (int db = 0; db < 4; db++) fill(db, 40);
        int snapshots = 0;
        begin(2);
        for (int i = 0; i < 12_000; i++) {
            String[] cmd = load.next();
            client.call(cmd);
            if (slice()) {
                try {
                    sink.assertContent(atStart);
                } catch (AssertionError e) {
                    throw new AssertionError("snapshot " + snapshots + " ending at stream command " + i + ": " + e.getMessage(), e);
                }
                snapshots++;
                begin(2);
            }
        }
        finishAndCompare();
        assertTrue(snapshots > 20, "snapshots completed: " + snapshots);
        Set<String> missing = new TreeSet<>();
        for (CommandSpec spec : server.commands.all()) {
            if (spec.isWrite() && !NOT_IN_STREAM.contains(spec.name) && !load.sent.contains(spec.name)) missing.add(spec.name);
        }
        assertEquals(Set.of(), missing, "write commands the stream never sends (add them to WriteLoad)");
    }

    /** Write commands left out of the stream, each with its reason. */
    static final Set<String> NOT_IN_STREAM = Set.of(
            "debug"   // DEBUG's writes (none so far besides SET-ACTIVE-EXPIRE) are admin only
    );

    long expiredKeys() throws Exception {
        return node.node.onLoop(() -> server.keyspace.stats().expiredKeys);
    }

    void awaitStoredKeys(int n) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (node.node.onLoop(() -> server.keyspace.db(0).size()) != n) {
            assertTrue(System.currentTimeMillis() < deadline, "active expiry did not finish");
            Thread.onSpinWait();
        }
    }

    static void awaitClockPast(long ms) {
        while (System.currentTimeMillis() <= ms) Thread.onSpinWait();
    }
}
