package vigil.server.replication;

import vigil.resp.RespCommand;
import org.junit.jupiter.api.Test;
import vigil.client.BlockingClient;
import vigil.rdb.RdbWriter;
import vigil.resp.RespValue;
import vigil.server.support.TestNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vigil.server.replication.ReplicaTestKit.await;
import static vigil.server.replication.ReplicaTestKit.info;

/**
 * Vigil against a scripted master on a plain socket: the exact handshake bytes, offsets counted
 * per processed command (a transaction only once its EXEC arrived), the selected db kept across
 * a +CONTINUE, -LOADING answered by a retry, and a new replication id adopted PSYNC2-style.
 */
class FakeMasterTest {
    static final String ID = "1111111111111111111111111111111111111111";
    static final String ID2 = "2222222222222222222222222222222222222222";

    static String cmd(String... a) {
        return new String(RespCommand.encode(a), java.nio.charset.StandardCharsets.UTF_8);
    }

    static void expect(InputStream in, String expected) throws IOException {
        byte[] got = in.readNBytes(expected.length());
        assertEquals(expected, new String(got, StandardCharsets.ISO_8859_1));
    }

    static void send(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    static Socket accept(ServerSocket ss) throws IOException {
        Socket s = ss.accept();
        s.setSoTimeout(10_000);
        return s;
    }

    /** Handshake up to the PSYNC, which is checked against the expected one. */
    static void handshake(Socket s, int replicaPort, String psync) throws IOException {
        InputStream in = s.getInputStream();
        expect(in, cmd("PING"));
        send(s.getOutputStream(), "+PONG\r\n");
        expect(in, cmd("REPLCONF", "listening-port", Integer.toString(replicaPort)) + cmd("REPLCONF", "capa", "eof", "capa", "psync2"));
        send(s.getOutputStream(), "+OK\r\n+OK\r\n");
        expect(in, psync);
    }

    static long offset(BlockingClient r, String field) throws Exception {
        return Long.parseLong(info(r, "replication").get(field));
    }

    @Test
    void scriptedMasterSeesExactBytesAndOffsetsCountProcessedCommands() throws Exception {
        try (ServerSocket ss = new ServerSocket(0, 5, InetAddress.getLoopbackAddress()); TestNode vigil = TestNode.start()) {
            BlockingClient r = vigil.raw();
            String own = info(r, "replication").get("master_replid");   // a master continues its own history
            assertEquals("OK", r.call("REPLICAOF", "127.0.0.1", Integer.toString(ss.getLocalPort())).asString());
            Socket s = accept(ss);
            handshake(s, vigil.port(), cmd("PSYNC", own, "1"));
            ByteArrayOutputStream rdb = new ByteArrayOutputStream();
            RdbWriter w = new RdbWriter(rdb, false).header();
            w.selectDb(3);
            w.string("k".getBytes(), RdbWriter.NO_EXPIRE, "from-payload".getBytes());
            w.finish(true);
            OutputStream out = s.getOutputStream();
            send(out, "+FULLRESYNC " + ID + " 1000\r\n\n\n$" + rdb.size() + "\r\n");
            out.write(rdb.toByteArray());
            String select = cmd("SELECT", "3"), set = cmd("SET", "a", "1"), multi = cmd("MULTI"), incr = cmd("INCR", "c");
            send(out, select + set + multi + incr);
            long applied = 1000 + select.length() + set.length();
            long read = applied + multi.length() + incr.length();
            await("stream before the open transaction applied", () -> offset(r, "slave_repl_offset") == applied
                    && offset(r, "slave_read_repl_offset") == read);
            r.call("SELECT", "3");
            assertEquals("from-payload", r.call("GET", "k").asString());
            assertEquals("1", r.call("GET", "a").asString());
            assertTrue(r.call("GET", "c") instanceof RespValue.Null, "half a transaction is not applied");
            String exec = cmd("EXEC");
            send(out, exec);
            long afterExec = read + exec.length();
            await("transaction applied", () -> offset(r, "slave_repl_offset") == afterExec);
            assertEquals("1", r.call("GET", "c").asString());
            assertEquals(ID, info(r, "replication").get("master_replid"));

            // link break: PSYNC asks for the next byte; +CONTINUE keeps the selected db
            s.close();
            s = accept(ss);
            handshake(s, vigil.port(), cmd("PSYNC", ID, Long.toString(afterExec + 1)));
            send(s.getOutputStream(), "+CONTINUE\r\n" + cmd("SET", "b", "2"));
            await("write after +CONTINUE lands in db 3", () -> "2".equals(r.call("GET", "b").asString()));
            long afterB = afterExec + cmd("SET", "b", "2").length();
            assertEquals(afterB, offset(r, "slave_repl_offset"));

            // -LOADING from the master: retried; then a new id is adopted with the old one as replid2
            s.close();
            s = accept(ss);
            handshake(s, vigil.port(), cmd("PSYNC", ID, Long.toString(afterB + 1)));
            send(s.getOutputStream(), "-LOADING Redis is loading the dataset in memory\r\n");
            s = accept(ss);
            handshake(s, vigil.port(), cmd("PSYNC", ID, Long.toString(afterB + 1)));
            send(s.getOutputStream(), "+CONTINUE " + ID2 + "\r\n");
            await("new id adopted", () -> ID2.equals(info(r, "replication").get("master_replid")));
            Map<String, String> i = info(r, "replication");
            assertEquals(ID, i.get("master_replid2"));
            assertEquals(Long.toString(afterB + 1), i.get("second_repl_offset"));
            assertEquals("up", i.get("master_link_status"));
            s.close();
        }
    }
}
