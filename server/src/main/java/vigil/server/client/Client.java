package vigil.server.client;

import vigil.resp.RequestDecoder;
import vigil.resp.RespWriter;
import vigil.server.keyspace.Db;
import vigil.server.util.ByteKey;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One connected client: its socket, request decoder, reply buffer and session state (db,
 * protocol, auth, transaction, subscriptions). Lives on the keyspace thread only.
 */
public final class Client {
    public enum ReplyMode { ON, OFF, SKIP }

    public final long id;
    public final Connection conn;
    public final RequestDecoder in = new RequestDecoder();
    public final RespWriter out = new RespWriter();
    public final long createdAt;

    public Db db;
    public String name = "";
    public String libName = "";
    public String libVersion = "";
    public String user = "default";
    public boolean authenticated;
    public long lastInteraction;
    public String lastCommand = "NULL";
    public ReplyMode replyMode = ReplyMode.ON;
    /** CLIENT REPLY SKIP applies to the command after the one that set it. */
    public boolean skipNext;
    public boolean closeAfterReply;
    public boolean closed;
    public boolean noEvict;
    public boolean noTouch;

    // ---- transaction (MULTI / EXEC / WATCH) ----
    public boolean inMulti;
    /** A command was rejected while queueing: EXEC answers EXECABORT. */
    public boolean multiError;
    /** A watched key was touched: EXEC answers a null array. */
    public boolean dirtyCas;
    public final List<byte[][]> queued = new ArrayList<>();
    public final List<WatchedKey> watched = new ArrayList<>();

    // ---- pub/sub ----
    public final Set<ByteKey> channels = new LinkedHashSet<>();
    public final Set<ByteKey> patterns = new LinkedHashSet<>();
    /** Shard channels (SSUBSCRIBE): counted apart from channels and patterns, as in Redis 7.0. */
    public final Set<ByteKey> shardChannels = new LinkedHashSet<>();
    public boolean monitor;

    // ---- flow control ----
    /** Input processing is suspended (CLIENT PAUSE, a blocking command); resumed by the server. */
    public boolean suspended;
    /** Registered in the server's list of clients with output to flush. */
    public boolean pendingWrite;
    public int flags;
    /** {@link #flags} bits: the connection is a replica's link (S in CLIENT LIST) or our master's (M). */
    public static final int FLAG_REPLICA = 1;
    public static final int FLAG_MASTER = 2;

    public record WatchedKey(int db, ByteKey key) { }

    public Client(long id, Connection conn, Db db, long now) {
        this.id = id;
        this.conn = conn;
        this.db = db;
        this.createdAt = now;
        this.lastInteraction = now;
    }

    public int resp() {
        return out.proto();
    }

    public int subscriptionCount() {
        return channels.size() + patterns.size();
    }

    /** RESP2 clients with subscriptions are in the restricted pub/sub context. */
    public boolean inPubSubContext() {
        return resp() == 2 && (subscriptionCount() > 0 || !shardChannels.isEmpty());
    }

    public boolean isInternal() {
        return conn == Connection.NONE;
    }
}
