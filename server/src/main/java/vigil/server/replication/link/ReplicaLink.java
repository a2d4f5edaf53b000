package vigil.server.replication.link;

import vigil.resp.RespCommand;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The replica side of a replication link as a pure state machine (Redis's repl_state): it is fed
 * events (start, socket connected, bytes received, timer tick, socket closed) with the time, and
 * answers the actions the network shell must carry out. No sockets, no clocks, no keyspace here,
 * so a unit test can drive every branch byte by byte.
 *
 * <pre>
 * NONE --start--> CONNECT --tick (retry time reached)--> CONNECTING [Connect]
 * CONNECTING --connected--> RECEIVE_PING_REPLY [Send PING]
 * RECEIVE_PING_REPLY --+PONG / -NOAUTH / -NOPERM--> SEND_HANDSHAKE, which sends at once
 *     AUTH (when masterauth is set), REPLCONF listening-port, REPLCONF ip-address (when
 *     replica-announce-ip is set), REPLCONF capa eof capa psync2, then waits for each reply in
 *     order: RECEIVE_AUTH_REPLY (an error closes) -> RECEIVE_PORT_REPLY -> RECEIVE_IP_REPLY
 *     -> RECEIVE_CAPA_REPLY (errors there are only logged)
 * -> SEND_PSYNC [Send PSYNC replid offset+1, or PSYNC ? -1] -> RECEIVE_PSYNC_REPLY:
 *     empty line: keepalive, ignored
 *     +FULLRESYNC id off  -> TRANSFER [FullResync]
 *     +FULLRESYNC id off behind us (see {@link BehindMasterRefusal}) -> CONNECT [SyncRefused, Close,
 *         LinkDown]: our data stays, retried with backoff; accepted once the period has passed
 *     +CONTINUE [newid]   -> CONNECTED [Continue, then Stream with the bytes that follow]
 *     -NOMASTERLINK, -LOADING, other errors -> CONNECT [Close] (retried with backoff)
 * TRANSFER: empty lines before the header are keepalives; "$len" (disk-based) or
 *     "$EOF:&lt;40 bytes&gt;" (diskless, ended by the same 40 bytes) -> [BeginLoad, LoadBytes...,
 *     EndLoad] -> CONNECTED [Stream with the bytes after the payload]
 * CONNECTED: every byte -> [Stream]; each tick [SendAck]
 * any state but NONE/CONNECT: repl-timeout without input -> CONNECT [Close];
 *     closed -> CONNECT [LinkDown]; stop -> NONE [Close]
 * </pre>
 */
public final class ReplicaLink {
    public enum State {
        NONE, CONNECT, CONNECTING, RECEIVE_PING_REPLY, SEND_HANDSHAKE, RECEIVE_AUTH_REPLY, RECEIVE_PORT_REPLY,
        RECEIVE_IP_REPLY, RECEIVE_CAPA_REPLY, SEND_PSYNC, RECEIVE_PSYNC_REPLY, TRANSFER, CONNECTED
    }

    /** What the shell must do. */
    public sealed interface Action permits Connect, Send, Close, FullResync, BeginLoad, LoadBytes, EndLoad,
            Continue, Stream, SendAck, LinkDown, Log, PsyncRejected, SyncRefused { }

    public record Connect(String host, int port) implements Action { }

    public record Send(byte[] bytes) implements Action {
        @Override
        public String toString() {
            return "Send[" + new String(bytes, StandardCharsets.ISO_8859_1).replace("\r\n", "\\r\\n") + "]";
        }
    }

    public record Close(String reason) implements Action { }

    /** The master will send a snapshot: its replication id and the offset the stream continues from. */
    public record FullResync(String replid, long offset) implements Action { }

    /** A payload starts: size in bytes, or -1 for a diskless (EOF-marked) one. */
    public record BeginLoad(long size) implements Action { }

    public record LoadBytes(byte[] bytes) implements Action { }

    public record EndLoad() implements Action { }

    /** Partial resync accepted; newReplid is the master's id when it announced a different one, else null. */
    public record Continue(String newReplid) implements Action { }

    /** Bytes of the command stream, in order, exactly as received. */
    public record Stream(byte[] bytes) implements Action { }

    public record SendAck() implements Action { }

    /** The link went down (wasConnected: it had completed a sync, so the master can be cached). */
    public record LinkDown(boolean wasConnected) implements Action { }

    public record Log(String message) implements Action { }

    /** The master answered PSYNC with an error (after the link's own Close/LinkDown): FAILOVER aborts on it. */
    public record PsyncRejected(String reply) implements Action { }

    /** Vigil: a +FULLRESYNC refused, the master having less history than this replica: our data stays. */
    public record SyncRefused(String masterReplid, long masterOffset, long ownOffset) implements Action { }

    /** How the handshake introduces this replica. */
    public record Settings(String masterUser, String masterAuth, int announcePort, String announceIp, long timeoutMs) { }

    public static final long MIN_BACKOFF_MS = 100, MAX_BACKOFF_MS = 1000;
    private static final int EOF_MARK_LEN = 40;

    private State state = State.NONE;
    private String host;
    private int port;
    private Settings settings;
    private long lastIo;
    private long nextAttempt;
    private long lastAck;
    private long backoff = MIN_BACKOFF_MS;
    private boolean socketOpen;
    /** Partial line of a handshake reply or payload header. */
    private final LineBuffer line = new LineBuffer();
    // payload
    private long left;
    private byte[] eofMark;
    private byte[] held = new byte[0];
    // PSYNC arguments, given at start and updated by the shell before each attempt
    private String psyncId = "?";
    private long psyncOffset = -1;
    /** Send PSYNC's FAILOVER argument (a master handing over to this target). */
    private boolean psyncFailover;
    /** Vigil's refusal of a master behind us (crash-restart protection). */
    private final BehindMasterRefusal refusal = new BehindMasterRefusal();

    public State state() {
        return state;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** Time of the last byte from the master (or of the connect attempt). */
    public long lastIo() {
        return lastIo;
    }

    /** True while in one of the handshake states (ROLE says "handshake"). */
    public boolean inHandshake() {
        return state.ordinal() >= State.RECEIVE_PING_REPLY.ordinal() && state.ordinal() <= State.RECEIVE_PSYNC_REPLY.ordinal();
    }

    /** Sets what the next PSYNC asks for: the cached master's id and offset, or ("?", -1). */
    public void psyncFrom(String replid, long offset) {
        psyncId = replid;
        psyncOffset = offset;
    }

    /** Our own history (replid, replid2, offset), before each attempt: a +FULLRESYNC behind it is refused. */
    public void ownHistory(String replid, String replid2, long offset) {
        refusal.ownHistory(replid, replid2, offset);
    }

    /** replica-refuse-behind-master-period in ms (0 = never refuse); see {@link BehindMasterRefusal}. */
    public void refuseBehindMasterPeriod(long periodMs) {
        refusal.period(periodMs);
    }

    /** Arms the refusal for replicaof from the conf (data loaded from disk came from this master). */
    public void armRefusal() {
        refusal.arm();
    }

    /** The refusal in effect (the last +FULLRESYNC was refused, no sync succeeded since), or null. */
    public SyncRefused refusal() {
        return refusal.last();
    }

    /** When the refusals began (0 when not refusing). */
    public long refusingSince() {
        return refusal.since();
    }

    /** The next PSYNC carries FAILOVER (Redis: failover_state == FAILOVER_IN_PROGRESS). */
    public void psyncFailover(boolean on) {
        psyncFailover = on;
    }

    /** Starts (or restarts) replicating from host:port; the first attempt is made at the next tick. */
    public List<Action> start(String host, int port, Settings settings, long now) {
        List<Action> out = stop();
        this.host = host;
        this.port = port;
        this.settings = settings;
        state = State.CONNECT;
        backoff = MIN_BACKOFF_MS;
        nextAttempt = now;
        refusal.disarm();
        return out;
    }

    /** Settings for the next connection attempt (CONFIG SET masterauth and friends apply on reconnect). */
    public void configure(Settings settings) {
        this.settings = settings;
    }

    /** The shell gives up on the current link (load failure, protocol error, CLIENT KILL). */
    public List<Action> abort(long now, String why) {
        List<Action> out = new ArrayList<>();
        if (state == State.NONE || state == State.CONNECT) return out;
        fail(out, now, why);
        return out;
    }

    /** REPLICAOF NO ONE: drops the link. */
    public List<Action> stop() {
        List<Action> out = new ArrayList<>();
        if (socketOpen) out.add(new Close("stopped"));
        socketOpen = false;
        state = State.NONE;
        return out;
    }

    public List<Action> tick(long now) {
        List<Action> out = new ArrayList<>();
        switch (state) {
            case NONE -> { }
            case CONNECT -> {
                if (now >= nextAttempt) {
                    state = State.CONNECTING;
                    lastIo = now;
                    socketOpen = true;
                    out.add(new Connect(host, port));
                }
            }
            case CONNECTED -> {
                if (now - lastIo > settings.timeoutMs()) {
                    fail(out, now, "MASTER timeout: no data nor PING received...");
                } else if (now - lastAck >= 1000) {
                    lastAck = now;
                    out.add(new SendAck());
                }
            }
            default -> {
                if (now - lastIo > settings.timeoutMs()) {
                    fail(out, now, state == State.TRANSFER ? "Timeout receiving bulk data from MASTER... If the problem persists try to set the 'repl-timeout' parameter in redis.conf to a larger value."
                            : "Timeout connecting to the MASTER...");
                }
            }
        }
        return out;
    }

    /** The connection attempt failed. */
    public List<Action> connectFailed(long now, String error) {
        List<Action> out = new ArrayList<>();
        if (state != State.CONNECTING) return out;
        socketOpen = false;
        out.add(new Log("Error condition on socket for SYNC: " + error));
        retryLater(now);
        return out;
    }

    public List<Action> connected(long now) {
        List<Action> out = new ArrayList<>();
        if (state != State.CONNECTING) return out;
        lastIo = now;
        out.add(new Log("MASTER <-> REPLICA sync started"));
        out.add(new Send(RespCommand.encode("PING")));
        state = State.RECEIVE_PING_REPLY;
        return out;
    }

    /** The socket closed (by the master, the network or CLIENT KILL). */
    public List<Action> closed(long now) {
        List<Action> out = new ArrayList<>();
        if (state == State.NONE || state == State.CONNECT) return out;
        boolean wasConnected = state == State.CONNECTED;
        socketOpen = false;
        out.add(new LinkDown(wasConnected));
        retryLater(now);
        if (wasConnected) nextAttempt = now;   // Redis reconnects at the next cron after a break
        return out;
    }

    public List<Action> received(byte[] buf, long now) {
        return received(buf, 0, buf.length, now);
    }

    public List<Action> received(byte[] buf, int off, int len, long now) {
        List<Action> out = new ArrayList<>();
        if (len > 0) lastIo = now;
        int end = off + len;
        int p = off;
        while (p < end && socketOpen) {
            switch (state) {
                case CONNECTED -> {
                    out.add(new Stream(Arrays.copyOfRange(buf, p, end)));
                    p = end;
                }
                case TRANSFER -> p = transfer(buf, p, end, out, now);
                case RECEIVE_PING_REPLY, RECEIVE_AUTH_REPLY, RECEIVE_PORT_REPLY, RECEIVE_IP_REPLY,
                     RECEIVE_CAPA_REPLY, RECEIVE_PSYNC_REPLY -> {
                    int q = line.feed(buf, p, end);
                    p = q;
                    if (line.complete()) handshakeReply(line.take(), out, now);
                }
                default -> p = end;   // bytes in a state that expects none: dropped
            }
        }
        return out;
    }

    private void handshakeReply(String reply, List<Action> out, long now) {
        switch (state) {
            case RECEIVE_PING_REPLY -> {
                if (reply.startsWith("-") && !reply.startsWith("-NOAUTH") && !reply.startsWith("-NOPERM")
                        && !reply.startsWith("-ERR operation not permitted")) {
                    fail(out, now, "Error reply to PING from master: '" + reply + "'");
                    return;
                }
                out.add(new Log("Master replied to PING, replication can continue..."));
                state = State.SEND_HANDSHAKE;
                sendHandshake(out);
            }
            case RECEIVE_AUTH_REPLY -> {
                if (reply.startsWith("-")) {
                    fail(out, now, "Unable to AUTH to MASTER: " + reply);
                    return;
                }
                state = State.RECEIVE_PORT_REPLY;
            }
            case RECEIVE_PORT_REPLY -> {
                if (reply.startsWith("-")) out.add(new Log("(Non critical) Master does not understand REPLCONF listening-port: " + reply));
                state = settings.announceIp().isEmpty() ? State.RECEIVE_CAPA_REPLY : State.RECEIVE_IP_REPLY;
            }
            case RECEIVE_IP_REPLY -> {
                if (reply.startsWith("-")) out.add(new Log("(Non critical) Master does not understand REPLCONF ip-address: " + reply));
                state = State.RECEIVE_CAPA_REPLY;
            }
            case RECEIVE_CAPA_REPLY -> {
                if (reply.startsWith("-")) out.add(new Log("(Non critical) Master does not understand REPLCONF capa: " + reply));
                state = State.SEND_PSYNC;
                out.add(new Log(psyncId.equals("?") ? "Partial resynchronization not possible (no cached master)"
                        : "Trying a partial resynchronization (request " + psyncId + ":" + (psyncOffset + 1) + ")."));
                String from = Long.toString(psyncId.equals("?") ? -1 : psyncOffset + 1);
                out.add(new Send(psyncFailover ? RespCommand.encode("PSYNC", psyncId, from, "FAILOVER") : RespCommand.encode("PSYNC", psyncId, from)));
                state = State.RECEIVE_PSYNC_REPLY;
            }
            case RECEIVE_PSYNC_REPLY -> psyncReply(reply, out, now);
            default -> throw new IllegalStateException(state.toString());
        }
    }

    private void sendHandshake(List<Action> out) {
        ByteArrayOutputStream sb = new ByteArrayOutputStream();
        if (!settings.masterAuth().isEmpty()) {
            sb.writeBytes(settings.masterUser().isEmpty() ? RespCommand.encode("AUTH", settings.masterAuth())
                    : RespCommand.encode("AUTH", settings.masterUser(), settings.masterAuth()));
        }
        sb.writeBytes(RespCommand.encode("REPLCONF", "listening-port", Integer.toString(settings.announcePort())));
        if (!settings.announceIp().isEmpty()) sb.writeBytes(RespCommand.encode("REPLCONF", "ip-address", settings.announceIp()));
        sb.writeBytes(RespCommand.encode("REPLCONF", "capa", "eof", "capa", "psync2"));
        out.add(new Send(sb.toByteArray()));
        state = settings.masterAuth().isEmpty() ? State.RECEIVE_PORT_REPLY : State.RECEIVE_AUTH_REPLY;
    }

    private void psyncReply(String reply, List<Action> out, long now) {
        if (reply.isEmpty()) return;   // keepalive newline while the master prepares
        if (reply.startsWith("+FULLRESYNC")) {
            String[] parts = reply.split(" ");
            if (parts.length < 3 || parts[1].length() != 40) {
                fail(out, now, "Master replied with wrong +FULLRESYNC syntax.");
                return;
            }
            long offset;
            try {
                offset = Long.parseLong(parts[2]);
            } catch (NumberFormatException e) {
                fail(out, now, "Master replied with wrong +FULLRESYNC syntax.");
                return;
            }
            if (refusal.refuses(parts[1], offset, now)) {
                out.add(refusal.last());
                fail(out, now, "Refusing full resync from master " + parts[1] + ":" + offset
                        + ": the master has less history than this replica (my offset " + refusal.last().ownOffset()
                        + "), keeping my data; retrying (replica-refuse-behind-master-period)");
                return;
            }
            if (refusal.since() != 0) {
                out.add(new Log("Accepting the full resync from a master behind us: replica-refuse-behind-master-period elapsed"));
            }
            refusal.reset();
            out.add(new Log("Full resync from master: " + parts[1] + ":" + offset));
            out.add(new FullResync(parts[1], offset));
            state = State.TRANSFER;
            eofMark = null;
            left = -2;   // header not read yet
            return;
        }
        if (reply.startsWith("+CONTINUE")) {
            refusal.reset();
            String rest = reply.substring("+CONTINUE".length()).trim();
            String newId = rest.length() == 40 ? rest : null;
            out.add(new Log("Successful partial resynchronization with master."));
            out.add(new Continue(newId));
            connectedNow();
            return;
        }
        if (reply.startsWith("-NOMASTERLINK") || reply.startsWith("-LOADING")) {
            fail(out, now, "Master is currently unable to PSYNC but should be in the future: " + reply);
        } else {
            fail(out, now, "Unexpected reply to PSYNC from master: " + reply);
        }
        out.add(new PsyncRejected(reply));
    }

    private int transfer(byte[] buf, int p, int end, List<Action> out, long now) {
        if (left == -2) {   // reading the "$..." header
            p = line.feed(buf, p, end);
            if (!line.complete()) return p;
            String header = line.take();
            if (header.isEmpty()) return p;   // keepalive newline
            if (header.startsWith("-")) {
                fail(out, now, "MASTER aborted replication with an error: " + header.substring(1));
                return end;
            }
            if (!header.startsWith("$")) {
                fail(out, now, "Bad protocol from MASTER, the first byte is not '$' (we received '" + header + "'), are you sure the host and port are right?");
                return end;
            }
            if (header.startsWith("$EOF:") && header.length() == 5 + EOF_MARK_LEN) {
                eofMark = header.substring(5).getBytes(StandardCharsets.ISO_8859_1);
                held = new byte[0];
                left = -1;
                out.add(new BeginLoad(-1));
            } else {
                try {
                    left = Long.parseLong(header.substring(1));
                } catch (NumberFormatException e) {
                    left = -3;
                }
                if (left < 0) {
                    fail(out, now, "Bad payload header from MASTER: " + header);
                    return end;
                }
                out.add(new BeginLoad(left));
                if (left == 0) finishPayload(out);
            }
            return p;
        }
        if (eofMark == null) {
            int n = (int) Math.min(left, end - p);
            out.add(new LoadBytes(Arrays.copyOfRange(buf, p, p + n)));
            left -= n;
            if (left == 0) finishPayload(out);
            return p + n;
        }
        // diskless: hold the last 40 bytes back until they are known not to be the mark
        byte[] joined = new byte[held.length + end - p];
        System.arraycopy(held, 0, joined, 0, held.length);
        System.arraycopy(buf, p, joined, held.length, end - p);
        int at = indexOf(joined, eofMark);
        if (at >= 0) {
            if (at > 0) out.add(new LoadBytes(Arrays.copyOf(joined, at)));
            held = new byte[0];
            finishPayload(out);
            int after = at + EOF_MARK_LEN;
            if (after < joined.length) out.add(new Stream(Arrays.copyOfRange(joined, after, joined.length)));
            return end;
        }
        int keep = Math.min(joined.length, EOF_MARK_LEN - 1);
        if (joined.length > keep) out.add(new LoadBytes(Arrays.copyOf(joined, joined.length - keep)));
        held = Arrays.copyOfRange(joined, joined.length - keep, joined.length);
        return end;
    }

    private void finishPayload(List<Action> out) {
        out.add(new EndLoad());
        connectedNow();
    }

    private void connectedNow() {
        state = State.CONNECTED;
        refusal.arm();   // this master's data is ours now
        lastAck = lastIo;
        backoff = MIN_BACKOFF_MS;
    }

    private void fail(List<Action> out, long now, String why) {
        out.add(new Log(why));
        boolean wasConnected = state == State.CONNECTED;
        if (socketOpen) out.add(new Close(why));
        socketOpen = false;
        out.add(new LinkDown(wasConnected));
        retryLater(now);
    }

    private void retryLater(long now) {
        state = State.CONNECT;
        line.take();
        nextAttempt = now + backoff;
        backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }
}
