package vigil.server.persistence;

import org.junit.jupiter.api.Test;
import vigil.client.BlockingClient;
import vigil.resp.RespValue;
import vigil.server.support.TestNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * BGSAVE runs in the background on the no-fork snapshot: the node answers while it runs, and the
 * file holds the data as it was when BGSAVE was called, whatever is written meanwhile.
 */
class BackgroundSaveTest {
    private static void pipelineFill(BlockingClient c, int keys) throws Exception {
        for (int i = 0; i < keys; i++) {
            if (i % 4 == 0) c.send("RPUSH", "list:" + i, "a", "b", "c" + i);
            else if (i % 4 == 1) c.send("HSET", "hash:" + i, "f", "v" + i, "g", "w");
            else if (i % 4 == 2) c.send("SADD", "set:" + i, "1", "2", Integer.toString(i));
            else c.send("SET", "str:" + i, "value-" + i, "EX", "100000");
        }
        for (int i = 0; i < keys; i++) c.read();
    }

    @Test
    void bgsaveWritesThePointInTimeWhileWritesGoOn() throws Exception {
        Path dir = Files.createTempDirectory("vigil-bgsave");
        int keys = 100_000;
        String digestAtStart;
        try (TestNode n = TestNode.start("dir", dir.toString())) {
            BlockingClient c = n.raw();
            pipelineFill(c, keys);
            digestAtStart = c.call("DEBUG", "DIGEST").asString();
            assertEquals("Background saving started", c.call("BGSAVE").asString());
            boolean sawInProgress = false;
            int writes = 0;
            // Overwrite, delete, mutate and add keys while the save runs.
            while (true) {
                Map<String, String> info = SnapshotRoundTripTest.info(c);
                if (info.get("rdb_bgsave_in_progress").equals("1")) {
                    if (!sawInProgress) {
                        // Asked once, right after the start: asked at every turn, it could land just
                        // after the save ended and start another one (with a later point in time).
                        RespValue again = c.call("BGSAVE");
                        assertTrue(again instanceof RespValue.Error, "a second BGSAVE started: " + again);
                        assertEquals("ERR Background save already in progress", ((RespValue.Error) again).message());
                    }
                    sawInProgress = true;
                } else {
                    break;
                }
                int i = writes * 4;
                c.call("RPUSH", "list:" + i, "more");
                c.call("HSET", "hash:" + (i + 1), "f", "changed");
                c.call("DEL", "set:" + (i + 2));
                c.call("SET", "str:" + (i + 3), "changed");
                c.call("SET", "new:" + writes, "added");
                writes++;
            }
            assertTrue(sawInProgress, "BGSAVE finished before the node answered a second command");
            assertTrue(writes > 0, "no writes happened during the save");
            Map<String, String> info = SnapshotRoundTripTest.info(c);
            assertEquals("ok", info.get("rdb_last_bgsave_status"));
            // Each turn's two SETs always change data (its DEL and RPUSH may find nothing once a
            // long save has run past the filled keys): those changes are after the point in time.
            assertTrue(Long.parseLong(info.get("rdb_changes_since_last_save")) >= writes * 2L,
                    "changes made during the save stay unsaved");
        }
        try (TestNode n = TestNode.start("dir", dir.toString())) {
            BlockingClient c = n.raw();
            assertEquals(digestAtStart, c.call("DEBUG", "DIGEST").asString());
            assertEquals((long) keys, ((RespValue.Int) c.call("DBSIZE")).value());
        }
    }

    @Test
    void lastCowSizeReportsTheCapturedValuesAndQueuedChunks() throws Exception {
        Path dir = Files.createTempDirectory("vigil-bgsave-cow");
        try (TestNode n = TestNode.start("dir", dir.toString())) {
            BlockingClient c = n.raw();
            assertEquals("0", SnapshotRoundTripTest.info(c).get("rdb_last_cow_size"));
            pipelineFill(c, 100_000);   // db 0: the walk takes many slices
            c.call("SELECT", "1");
            int big = 200;
            for (int i = 0; i < big; i++) c.send("SET", "big:" + i, "x".repeat(1000));
            for (int i = 0; i < big; i++) c.read();
            assertEquals("Background saving started", c.call("BGSAVE").asString());
            // Overwrite every db-1 key while the walk is still in db 0: each old value is kept for the file.
            for (int i = 0; i < big; i++) c.send("SET", "big:" + i, "y");
            for (int i = 0; i < big; i++) c.read();
            assertEquals("1", SnapshotRoundTripTest.info(c).get("rdb_bgsave_in_progress"), "the save ended before the writes");
            while (SnapshotRoundTripTest.info(c).get("rdb_bgsave_in_progress").equals("1")) Thread.onSpinWait();
            long cow = Long.parseLong(SnapshotRoundTripTest.info(c).get("rdb_last_cow_size"));
            assertTrue(cow >= SnapshotSaver.CHUNK + big * 1000L, "rdb_last_cow_size " + cow);
        }
    }
}
