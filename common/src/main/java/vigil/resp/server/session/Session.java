package vigil.resp.server.session;

import vigil.resp.ProtocolException;
import vigil.resp.RequestDecoder;
import vigil.resp.RespWriter;
import vigil.util.ByteKey;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What every RESP client has, on the node and on the sentinel: its connection, request decoder
 * and reply buffer, and the session state the shared commands read and change (name,
 * authentication, protocol, reply mode, subscriptions). A server's own client type extends it
 * with what only that server has (the node: database, transaction, blocking).
 */
public class Session {
    public final long id;
    public final Connection conn;
    public final RequestDecoder in = new RequestDecoder();
    public final RespWriter out = new RespWriter();
    public final long createdAt;

    public String name = "";
    public String user = "default";
    public boolean authenticated;
    public long lastInteraction;
    /** The last command run, as CLIENT LIST's cmd= shows it ("client|list"). */
    public String lastCommand = "NULL";
    public ReplyMode replyMode = ReplyMode.ON;
    /** CLIENT REPLY SKIP applies to the command after the one that set it. */
    public boolean skipNext;
    public boolean closeAfterReply;
    public boolean closed;
    public boolean noEvict;

    public final Set<ByteKey> channels = new LinkedHashSet<>();
    public final Set<ByteKey> patterns = new LinkedHashSet<>();
    /** Shard channels (SSUBSCRIBE): counted apart from channels and patterns, as in Redis 7.0. */
    public final Set<ByteKey> shardChannels = new LinkedHashSet<>();

    public Session(long id, Connection conn, long now) {
        this.id = id;
        this.conn = conn;
        this.createdAt = now;
        this.lastInteraction = now;
    }

    public int resp() {
        return out.proto();
    }

    public int subscriptionCount() {
        return channels.size() + patterns.size();
    }

    public boolean subscribed() {
        return subscriptionCount() > 0 || !shardChannels.isEmpty();
    }

    /** RESP2 clients with subscriptions are in the restricted pub/sub context. */
    public boolean inPubSubContext() {
        return resp() == 2 && subscribed();
    }

    /** Runs one decoded request. */
    @FunctionalInterface
    public interface RequestRunner {
        void run(byte[][] argv);
    }

    /**
     * Runs each complete request buffered in {@link #in} until the input runs out, the session
     * is suspended or is to close; a protocol error is answered and closes it after the reply.
     */
    public void runRequests(RequestRunner runner) {
        try {
            byte[][] argv;
            while (!suspended() && !closeAfterReply && (argv = in.next()) != null) runner.run(argv);
        } catch (ProtocolException e) {
            out.error(e.getMessage());
            closeAfterReply = true;
        }
    }

    /**
     * Applies CLIENT REPLY to the reply of the command that just ran, written from {@code mark}:
     * OFF drops it; SKIP drops the reply of the command after the one that asked.
     */
    public void applyReplyMode(int mark) {
        if (replyMode == ReplyMode.OFF) {
            out.truncate(mark);
        } else if (replyMode == ReplyMode.SKIP) {
            if (skipNext) {
                out.truncate(mark);
                skipNext = false;
                replyMode = ReplyMode.ON;
            } else {
                skipNext = true;   // set by this command: skip the next one
            }
        }
    }

    // ---- CLIENT LIST fields a server's own client type may know better ----

    /** The flags letters besides P (CLIENT LIST flags=), in Redis's order. */
    public String flagLetters() {
        StringBuilder f = new StringBuilder();
        if (subscribed()) f.append('P');
        if (closeAfterReply) f.append('c');
        if (noEvict) f.append('e');
        return f.toString();
    }

    /** The selected database (db=). */
    public int dbIndex() {
        return 0;
    }

    /** Commands queued by MULTI (multi=), -1 outside a transaction. */
    public int multiQueued() {
        return -1;
    }

    /** Bytes held by queued MULTI commands (multi-mem=). */
    public long multiMemory() {
        return 0;
    }

    /** getClientType: what CLIENT LIST TYPE and CLIENT KILL TYPE filter on. */
    public ClientType type() {
        return subscribed() ? ClientType.PUBSUB : ClientType.NORMAL;
    }

    /** Whether input processing is suspended (events= shows nothing then). */
    public boolean suspended() {
        return false;
    }
}
