package vigil.server.persistence;

import org.junit.jupiter.api.Test;
import vigil.client.BlockingClient;
import vigil.server.support.TestNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SAVE, restart on the same dir, and the node holds the same data: every type, encoding, db and expiry. */
class SnapshotRoundTripTest {
    static Map<String, String> info(BlockingClient c) throws Exception {
        Map<String, String> m = new java.util.HashMap<>();
        for (String line : c.call("INFO", "persistence").asString().split("\r\n")) {
            int i = line.indexOf(':');
            if (i > 0) m.put(line.substring(0, i), line.substring(i + 1));
        }
        return m;
    }

    @Test
    void everyTypeEncodingAndDbSurvivesSaveAndRestart() throws Exception {
        Path dir = Files.createTempDirectory("vigil-rdb");
        String digest;
        Map<String, String> before;
        try (TestNode n = TestNode.start("dir", dir.toString(), "dbfilename", "snap.rdb")) {
            BlockingClient c = n.raw();
            Dataset.populate(c, System.currentTimeMillis());
            digest = c.call("DEBUG", "DIGEST").asString();
            before = Dataset.read(c);
            assertNotEquals("0".repeat(40), digest);
            assertEquals("OK", c.call("SAVE").asString());
            assertEquals("0", info(c).get("rdb_changes_since_last_save"));
            assertEquals("1", info(c).get("rdb_saves"));
        }
        assertTrue(Files.exists(dir.resolve("snap.rdb")));
        try (TestNode n = TestNode.start("dir", dir.toString(), "dbfilename", "snap.rdb")) {
            BlockingClient c = n.raw();
            assertEquals(digest, c.call("DEBUG", "DIGEST").asString());
            assertEquals(before, Dataset.read(c));
            Map<String, String> info = info(c);
            assertEquals(Integer.toString(before.size()), info.get("rdb_last_load_keys_loaded"));
            assertEquals("0", info.get("rdb_last_load_keys_expired"));
        }
    }

    @Test
    void keysExpiredByLoadTimeAreSkippedOnAMaster() throws Exception {
        Path dir = Files.createTempDirectory("vigil-rdb");
        long at;
        try (TestNode n = TestNode.start("dir", dir.toString())) {
            BlockingClient c = n.raw();
            at = System.currentTimeMillis() + 200;
            c.call("SET", "soon", "v", "PXAT", Long.toString(at));
            c.call("SET", "kept", "v");
            assertEquals("OK", c.call("SAVE").asString());
        }
        while (System.currentTimeMillis() <= at) Thread.onSpinWait();
        try (TestNode n = TestNode.start("dir", dir.toString())) {
            BlockingClient c = n.raw();
            assertEquals("1", c.call("DBSIZE").asString());
            assertEquals("1", info(c).get("rdb_last_load_keys_expired"));
            assertEquals("1", info(c).get("rdb_last_load_keys_loaded"));
        }
    }

    @Test
    void debugReloadSavesAndLoadsBack() throws Exception {
        try (TestNode n = TestNode.start()) {
            BlockingClient c = n.raw();
            Dataset.populate(c, System.currentTimeMillis());
            String digest = c.call("DEBUG", "DIGEST").asString();
            Map<String, String> before = Dataset.read(c);
            assertEquals("OK", c.call("DEBUG", "RELOAD").asString());
            assertEquals(digest, c.call("DEBUG", "DIGEST").asString());
            assertEquals(before, Dataset.read(c));
            assertEquals("ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.",
                    c.call("DEBUG", "RELOAD", "bogus").asString());
        }
    }

    @Test
    void uncompressedAndUnchecksummedFilesLoadToo() throws Exception {
        Path dir = Files.createTempDirectory("vigil-rdb");
        String digest;
        try (TestNode n = TestNode.start("dir", dir.toString(), "rdbcompression", "no", "rdbchecksum", "no")) {
            BlockingClient c = n.raw();
            Dataset.populate(c, System.currentTimeMillis());
            digest = c.call("DEBUG", "DIGEST").asString();
            assertEquals("OK", c.call("SAVE").asString());
        }
        byte[] file = Files.readAllBytes(dir.resolve("dump.rdb"));
        for (int i = file.length - 8; i < file.length; i++) assertEquals(0, file[i], "rdbchecksum no writes a zero checksum");
        try (TestNode n = TestNode.start("dir", dir.toString())) {
            assertEquals(digest, n.raw().call("DEBUG", "DIGEST").asString());
        }
    }
}
