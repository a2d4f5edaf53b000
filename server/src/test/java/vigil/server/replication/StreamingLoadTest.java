package vigil.server.replication;

import org.junit.jupiter.api.Test;
import vigil.client.BlockingClient;
import vigil.rdb.RdbWriter;
import vigil.resp.RespValue;
import vigil.server.support.TestNode;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vigil.server.replication.FakeMasterTest.accept;
import static vigil.server.replication.FakeMasterTest.cmd;
import static vigil.server.replication.FakeMasterTest.handshake;
import static vigil.server.replication.FakeMasterTest.send;
import static vigil.server.replication.ReplicaTestKit.await;
import static vigil.server.replication.ReplicaTestKit.info;

/**
 * The replica parses a full-sync payload while it arrives (on its own thread): until the whole
 * payload is in, the old data is still served (repl-diskless-load disabled semantics); a
 * transfer cut halfway leaves no trace of its keys, and the next sync loads normally.
 */
class StreamingLoadTest {
    static final String ID = "3333333333333333333333333333333333333333";

    /** An RDB of n strings p0..p(n-1) in db 0, and one key with a TTL in db 2. */
    static byte[] payload(String prefix, int n) throws Exception {
        ByteArrayOutputStream rdb = new ByteArrayOutputStream();
        RdbWriter w = new RdbWriter(rdb, false).header();
        w.selectDb(0);
        w.resizeDb(n, 0);
        for (int i = 0; i < n; i++) w.string((prefix + i).getBytes(), RdbWriter.NO_EXPIRE, ("value-" + i).getBytes());
        w.selectDb(2);
        w.string("ttl".getBytes(), 4_102_444_800_000L, "later".getBytes());
        w.finish(true);
        return rdb.toByteArray();
    }

    @Test
    void oldDataIsServedUntilThePayloadIsCompleteThenReplaced() throws Exception {
        try (ServerSocket ss = new ServerSocket(0, 5, InetAddress.getLoopbackAddress()); TestNode vigil = TestNode.start()) {
            BlockingClient r = vigil.raw();
            r.call("SET", "old", "v");
            String own = info(r, "replication").get("master_replid");
            r.call("REPLICAOF", "127.0.0.1", Integer.toString(ss.getLocalPort()));
            Socket s = accept(ss);
            handshake(s, vigil.port(), cmd("PSYNC", own, "1"));
            byte[] rdb = payload("new:", 20_000);
            OutputStream out = s.getOutputStream();
            send(out, "+FULLRESYNC " + ID + " 500\r\n$" + rdb.length + "\r\n");
            int half = rdb.length / 2;
            out.write(rdb, 0, half);
            out.flush();
            await("half the payload received", () -> Long.parseLong(info(r, "replication").get("master_sync_read_bytes")) >= half);
            assertEquals("v", r.call("GET", "old").asString(), "the old data is served while the payload arrives");
            assertEquals("1", info(r, "replication").get("master_sync_in_progress"));
            out.write(rdb, half, rdb.length - half);
            out.flush();
            await("link up", () -> "up".equals(info(r, "replication").get("master_link_status")));
            assertTrue(r.call("GET", "old") instanceof RespValue.Null);
            assertEquals("20000", r.call("DBSIZE").asString());
            assertEquals("value-19999", r.call("GET", "new:19999").asString());
            r.call("SELECT", "2");
            assertEquals("later", r.call("GET", "ttl").asString());
            assertTrue(Long.parseLong(r.call("PTTL", "ttl").asString()) > 0, "the TTL came with the key");
            assertEquals("500", info(r, "replication").get("master_repl_offset"));
            send(out, cmd("SELECT", "0") + cmd("SET", "after", "sync"));
            r.call("SELECT", "0");
            await("stream applied after the payload", () -> "sync".equals(r.call("GET", "after").asString()));
            s.close();
        }
    }

    @Test
    void transferCutHalfwayLeavesNoKeysAndTheNextSyncLoads() throws Exception {
        try (ServerSocket ss = new ServerSocket(0, 5, InetAddress.getLoopbackAddress()); TestNode vigil = TestNode.start()) {
            BlockingClient r = vigil.raw();
            r.call("SET", "old", "v");
            String own = info(r, "replication").get("master_replid");
            r.call("REPLICAOF", "127.0.0.1", Integer.toString(ss.getLocalPort()));
            Socket s = accept(ss);
            handshake(s, vigil.port(), cmd("PSYNC", own, "1"));
            byte[] cut = payload("cut:", 20_000);
            String mark = "0123456789abcdef0123456789abcdef01234567";
            send(s.getOutputStream(), "+FULLRESYNC " + ID + " 100\r\n$EOF:" + mark + "\r\n");
            s.getOutputStream().write(Arrays.copyOf(cut, cut.length / 2));
            s.getOutputStream().flush();
            await("part of the payload received", () -> Long.parseLong(info(r, "replication").get("master_sync_read_bytes")) > 0);
            s.close();

            s = accept(ss);   // the replica retries; the aborted payload had not changed its history
            handshake(s, vigil.port(), cmd("PSYNC", own, "1"));
            assertEquals("v", r.call("GET", "old").asString());
            assertEquals("1", r.call("DBSIZE").asString());
            byte[] rdb = payload("second:", 3);
            send(s.getOutputStream(), "+FULLRESYNC " + ID + " 200\r\n$EOF:" + mark + "\r\n");
            s.getOutputStream().write(rdb);
            send(s.getOutputStream(), mark);
            await("link up", () -> "up".equals(info(r, "replication").get("master_link_status")));
            assertEquals("3", r.call("DBSIZE").asString());
            assertEquals("value-2", r.call("GET", "second:2").asString());
            assertTrue(r.call("GET", "cut:0") instanceof RespValue.Null);
            assertEquals("200", info(r, "replication").get("master_repl_offset"));
            s.close();
        }
    }
}
