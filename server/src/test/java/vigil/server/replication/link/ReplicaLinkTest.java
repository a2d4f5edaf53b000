package vigil.server.replication.link;

import vigil.resp.RespCommand;
import org.junit.jupiter.api.Test;
import vigil.server.replication.link.ReplicaLink.Action;
import vigil.server.replication.link.ReplicaLink.State;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Drives the replica link state machine through every branch with a fake clock and no sockets. */
class ReplicaLinkTest {
    static final String ID = "0123456789abcdef0123456789abcdef01234567";
    static final String ID2 = "fedcba9876543210fedcba9876543210fedcba98";
    static final ReplicaLink.Settings PLAIN = new ReplicaLink.Settings("", "", 6380, "", 60_000);
    static final ReplicaLink.Settings AUTH = new ReplicaLink.Settings("repl", "pw", 7000, "10.0.0.9", 60_000);

    /** The link plus every action it produced, and the fake time. */
    static final class Driver {
        final ReplicaLink link = new ReplicaLink();
        final List<Action> actions = new ArrayList<>();
        long now = 1_000_000;

        Driver start(ReplicaLink.Settings s) {
            actions.addAll(link.start("10.0.0.1", 6379, s, now));
            actions.addAll(link.tick(now));
            return this;
        }

        void feed(String s) {
            feed(s.getBytes(StandardCharsets.ISO_8859_1));
        }

        void feed(byte[] b) {
            actions.addAll(link.received(b, now));
        }

        void feedBytewise(String s) {
            for (byte b : s.getBytes(StandardCharsets.ISO_8859_1)) feed(new byte[]{b});
        }

        void tick(long advance) {
            now += advance;
            actions.addAll(link.tick(now));
        }

        List<Action> take() {
            List<Action> out = new ArrayList<>(actions);
            actions.clear();
            return out;
        }

        String sent() {
            StringBuilder sb = new StringBuilder();
            for (Action a : take()) if (a instanceof ReplicaLink.Send s) sb.append(new String(s.bytes(), StandardCharsets.ISO_8859_1));
            return sb.toString();
        }

        /** Start, connect, PONG and OK to each handshake reply: the link waits for the PSYNC reply. */
        Driver handshake() {
            start(PLAIN);
            actions.addAll(link.connected(now));
            feed("+PONG\r\n+OK\r\n+OK\r\n");
            take();
            assertEquals(State.RECEIVE_PSYNC_REPLY, link.state());
            return this;
        }
    }

    static String cmd(String... args) {
        return new String(RespCommand.encode(args), java.nio.charset.StandardCharsets.UTF_8);
    }

    static <T> List<T> of(List<Action> actions, Class<T> type) {
        List<T> out = new ArrayList<>();
        for (Action a : actions) if (type.isInstance(a)) out.add(type.cast(a));
        return out;
    }

    static String loaded(List<Action> actions) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ReplicaLink.LoadBytes l : of(actions, ReplicaLink.LoadBytes.class)) out.writeBytes(l.bytes());
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    static String streamed(List<Action> actions) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ReplicaLink.Stream l : of(actions, ReplicaLink.Stream.class)) out.writeBytes(l.bytes());
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void handshakeSendsEveryStepAndWaitsForEachReplyByteByByte() {
        Driver d = new Driver().start(AUTH);
        assertEquals(List.of(new ReplicaLink.Connect("10.0.0.1", 6379)), d.take());
        assertEquals(State.CONNECTING, d.link.state());
        d.actions.addAll(d.link.connected(d.now));
        assertEquals(cmd("PING"), d.sent());
        assertEquals(State.RECEIVE_PING_REPLY, d.link.state());
        d.feedBytewise("-NOAUTH Authentication required.\r\n");   // fine before AUTH
        assertEquals(cmd("AUTH", "repl", "pw") + cmd("REPLCONF", "listening-port", "7000")
                + cmd("REPLCONF", "ip-address", "10.0.0.9") + cmd("REPLCONF", "capa", "eof", "capa", "psync2"), d.sent());
        assertEquals(State.RECEIVE_AUTH_REPLY, d.link.state());
        d.feedBytewise("+OK\r\n");
        assertEquals(State.RECEIVE_PORT_REPLY, d.link.state());
        d.feedBytewise("-ERR unknown option\r\n");   // not fatal
        assertEquals(State.RECEIVE_IP_REPLY, d.link.state());
        d.feedBytewise("+OK\r\n");
        assertEquals(State.RECEIVE_CAPA_REPLY, d.link.state());
        assertTrue(d.link.inHandshake());
        d.link.psyncFrom(ID, 500);
        d.feedBytewise("+OK\r\n");
        assertEquals(cmd("PSYNC", ID, "501"), d.sent());
        assertEquals(State.RECEIVE_PSYNC_REPLY, d.link.state());
    }

    @Test
    void firstSyncAsksForAnyHistory() {
        Driver d = new Driver().start(PLAIN);
        d.actions.addAll(d.link.connected(d.now));
        assertEquals(cmd("PING"), d.sent());
        d.feed("+PONG\r\n");
        assertEquals(cmd("REPLCONF", "listening-port", "6380") + cmd("REPLCONF", "capa", "eof", "capa", "psync2"), d.sent());
        d.feed("+OK\r\n+OK\r\n");
        assertEquals(cmd("PSYNC", "?", "-1"), d.sent());
    }

    @Test
    void authErrorClosesAndRetriesWithBackoff() {
        Driver d = new Driver().start(AUTH);
        d.actions.addAll(d.link.connected(d.now));
        d.feed("+PONG\r\n");
        d.take();
        d.feed("-WRONGPASS invalid username-password pair or user is disabled.\r\n");
        List<Action> a = d.take();
        assertEquals(1, of(a, ReplicaLink.Close.class).size());
        assertEquals(List.of(new ReplicaLink.LinkDown(false)), of(a, ReplicaLink.LinkDown.class));
        assertEquals(State.CONNECT, d.link.state());
        d.tick(ReplicaLink.MIN_BACKOFF_MS - 1);
        assertTrue(d.take().isEmpty());
        d.tick(1);
        assertEquals(List.of(new ReplicaLink.Connect("10.0.0.1", 6379)), d.take());
        // the next failure waits twice as long
        d.actions.addAll(d.link.connectFailed(d.now, "refused"));
        d.take();
        d.tick(2 * ReplicaLink.MIN_BACKOFF_MS - 1);
        assertTrue(d.take().isEmpty());
        d.tick(1);
        assertEquals(1, of(d.take(), ReplicaLink.Connect.class).size());
    }

    @Test
    void errorReplyToPingCloses() {
        Driver d = new Driver().start(PLAIN);
        d.actions.addAll(d.link.connected(d.now));
        d.take();
        d.feed("-ERR something bad\r\n");
        assertEquals(1, of(d.take(), ReplicaLink.Close.class).size());
        assertEquals(State.CONNECT, d.link.state());
    }

    @Test
    void masterUnableToPsyncYetIsRetried() {
        for (String reply : new String[]{"-NOMASTERLINK Can't SYNC while not connected with my master", "-LOADING Redis is loading the dataset in memory", "-ERR weird"}) {
            Driver d = new Driver().handshake();
            d.feedBytewise(reply + "\r\n");
            List<Action> a = d.take();
            assertEquals(1, of(a, ReplicaLink.Close.class).size(), reply);
            assertEquals(State.CONNECT, d.link.state());
            d.tick(ReplicaLink.MIN_BACKOFF_MS);
            assertEquals(1, of(d.take(), ReplicaLink.Connect.class).size());
        }
    }

    @Test
    void continueWithAndWithoutNewIdThenStream() {
        Driver d = new Driver().handshake();
        d.feed("\n\n+CONTINUE\r\n*1\r\n$4\r\nPING\r\n");
        List<Action> a = d.take();
        assertEquals(List.of(new ReplicaLink.Continue(null)), of(a, ReplicaLink.Continue.class));
        assertEquals("*1\r\n$4\r\nPING\r\n", streamed(a));
        assertEquals(State.CONNECTED, d.link.state());

        Driver e = new Driver().handshake();
        e.feedBytewise("+CONTINUE " + ID2 + "\r\n*1\r\n");
        a = e.take();
        assertEquals(List.of(new ReplicaLink.Continue(ID2)), of(a, ReplicaLink.Continue.class));
        assertEquals("*1\r\n", streamed(a));
    }

    @Test
    void diskBasedPayloadSplitAtEveryPoint() {
        String payload = "REDIS0010\u00ff\u0000\r\n$5\r\nbinary\n";
        String stream = "*1\r\n$4\r\nPING\r\n";
        String wire = "\n\n+FULLRESYNC " + ID + " 4242\r\n\n\n$" + payload.length() + "\r\n" + payload + stream;
        for (int cut = 0; cut <= wire.length(); cut++) {
            Driver d = new Driver().handshake();
            d.feed(wire.substring(0, cut));
            d.feed(wire.substring(cut));
            List<Action> a = d.take();
            assertEquals(List.of(new ReplicaLink.FullResync(ID, 4242)), of(a, ReplicaLink.FullResync.class), "cut " + cut);
            assertEquals(List.of(new ReplicaLink.BeginLoad(payload.length())), of(a, ReplicaLink.BeginLoad.class));
            assertEquals(payload, loaded(a), "cut " + cut);
            assertEquals(1, of(a, ReplicaLink.EndLoad.class).size());
            assertEquals(stream, streamed(a), "cut " + cut);
            assertEquals(State.CONNECTED, d.link.state());
        }
        Driver d = new Driver().handshake();
        d.feedBytewise(wire);
        List<Action> a = d.take();
        assertEquals(payload, loaded(a));
        assertEquals(stream, streamed(a));
    }

    @Test
    void disklessPayloadSplitAtEveryPairOfPoints() {
        String mark = "abcdefghijklmnopqrstuvwxyz0123456789ABCD";
        String payload = "REDIS0010 payload with abcdefghij partial mark and \r\n inside";
        String stream = "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n";
        String wire = "+FULLRESYNC " + ID + " 0\r\n\n$EOF:" + mark + "\r\n" + payload + mark + stream;
        for (int i = 0; i <= wire.length(); i++) {
            for (int j = i; j <= wire.length(); j += 7) {
                Driver d = new Driver().handshake();
                d.feed(wire.substring(0, i));
                d.feed(wire.substring(i, j));
                d.feed(wire.substring(j));
                List<Action> a = d.take();
                assertEquals(List.of(new ReplicaLink.BeginLoad(-1)), of(a, ReplicaLink.BeginLoad.class));
                assertEquals(payload, loaded(a), "cuts " + i + "," + j);
                assertEquals(1, of(a, ReplicaLink.EndLoad.class).size());
                assertEquals(stream, streamed(a), "cuts " + i + "," + j);
            }
        }
    }

    @Test
    void emptyPayloadEndsAtOnce() {
        Driver d = new Driver().handshake();
        d.feed("+FULLRESYNC " + ID + " 7\r\n$0\r\n");
        List<Action> a = d.take();
        assertEquals(1, of(a, ReplicaLink.EndLoad.class).size());
        assertEquals(State.CONNECTED, d.link.state());
    }

    @Test
    void badPayloadHeaderOrMasterErrorAborts() {
        for (String header : new String[]{"-ERR no snapshot\r\n", "+what\r\n", "$abc\r\n"}) {
            Driver d = new Driver().handshake();
            d.feed("+FULLRESYNC " + ID + " 7\r\n" + header);
            assertEquals(1, of(d.take(), ReplicaLink.Close.class).size(), header);
            assertEquals(State.CONNECT, d.link.state());
        }
    }

    @Test
    void wrongFullresyncSyntaxAborts() {
        Driver d = new Driver().handshake();
        d.feed("+FULLRESYNC short 7\r\n");
        assertEquals(1, of(d.take(), ReplicaLink.Close.class).size());
    }

    @Test
    void keepaliveNewlinesHoldOffTheTimeout() {
        Driver d = new Driver().handshake();
        d.feed("+FULLRESYNC " + ID + " 7\r\n");
        for (int i = 0; i < 10; i++) {
            d.tick(30_000);
            d.feed("\n");
        }
        assertTrue(of(d.take(), ReplicaLink.Close.class).isEmpty());
        assertEquals(State.TRANSFER, d.link.state());
        d.tick(60_001);
        assertEquals(1, of(d.take(), ReplicaLink.Close.class).size());
        assertEquals(State.CONNECT, d.link.state());
    }

    @Test
    void handshakeAndConnectTimeouts() {
        Driver d = new Driver().start(PLAIN);
        d.take();
        d.tick(60_000);
        assertTrue(d.take().isEmpty());
        d.tick(1);   // still connecting after repl-timeout
        assertEquals(1, of(d.take(), ReplicaLink.Close.class).size());

        Driver h = new Driver().start(PLAIN);
        h.actions.addAll(h.link.connected(h.now));
        h.take();
        h.tick(60_001);
        assertEquals(1, of(h.take(), ReplicaLink.Close.class).size());
    }

    @Test
    void connectedLinkAcksEverySecondAndTimesOutWithoutData() {
        Driver d = new Driver().handshake();
        d.feed("+CONTINUE\r\n");
        d.take();
        d.tick(500);
        assertTrue(of(d.take(), ReplicaLink.SendAck.class).isEmpty());
        d.tick(500);
        assertEquals(1, of(d.take(), ReplicaLink.SendAck.class).size());
        d.feed("*1\r\n$4\r\nPING\r\n");
        d.tick(1000);
        assertEquals(1, of(d.take(), ReplicaLink.SendAck.class).size());
        d.now += 60_000;
        d.tick(1);
        List<Action> a = d.take();
        assertEquals(1, of(a, ReplicaLink.Close.class).size());
        assertEquals(List.of(new ReplicaLink.LinkDown(true)), of(a, ReplicaLink.LinkDown.class));
    }

    @Test
    void closedLinkReconnectsAndStopEndsEverything() {
        Driver d = new Driver().handshake();
        d.feed("+CONTINUE\r\n");
        d.take();
        d.actions.addAll(d.link.closed(d.now));
        assertEquals(List.of(new ReplicaLink.LinkDown(true)), d.take());
        d.tick(0);
        assertEquals(1, of(d.take(), ReplicaLink.Connect.class).size());
        d.actions.addAll(d.link.stop());
        assertEquals(1, of(d.take(), ReplicaLink.Close.class).size());
        assertEquals(State.NONE, d.link.state());
        d.tick(10_000);
        assertTrue(d.take().isEmpty());
        d.actions.addAll(d.link.closed(d.now));   // a late close event changes nothing
        assertTrue(d.take().isEmpty());
    }

    @Test
    void closeDuringTransferReportsALinkThatNeverSynced() {
        Driver d = new Driver().handshake();
        d.feed("+FULLRESYNC " + ID + " 7\r\n$100\r\nabc");
        d.take();
        d.actions.addAll(d.link.closed(d.now));
        assertEquals(List.of(new ReplicaLink.LinkDown(false)), d.take());
        assertFalse(d.link.inHandshake());
    }

    @Test
    void markSearchFindsOnlyWholeMarks() {
        byte[] hay = "xxabcxab".getBytes();
        assertEquals(2, ReplicaLink.indexOf(hay, "abc".getBytes()));
        assertEquals(-1, ReplicaLink.indexOf(hay, "abd".getBytes()));
        assertEquals(-1, ReplicaLink.indexOf(Arrays.copyOf(hay, 2), "abc".getBytes()));
    }
}
