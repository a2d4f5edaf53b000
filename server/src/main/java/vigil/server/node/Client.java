package vigil.server.node;

import vigil.resp.server.session.ClientType;
import vigil.resp.server.session.Connection;
import vigil.resp.server.session.Session;
import vigil.server.keyspace.Db;
import vigil.util.ByteKey;

import java.util.ArrayList;
import java.util.List;

/**
 * One client of the node: the shared RESP {@link Session} plus what only a data node has (the
 * selected db, the transaction, MONITOR, flow control, replication links). Lives on the keyspace
 * thread only.
 */
public final class Client extends Session {
    public Db db;
    public String libName = "";
    public String libVersion = "";
    public boolean noTouch;

    // ---- transaction (MULTI / EXEC / WATCH) ----
    public boolean inMulti;
    /** A command was rejected while queueing: EXEC answers EXECABORT. */
    public boolean multiError;
    /** A watched key was touched: EXEC answers a null array. */
    public boolean dirtyCas;
    public final List<byte[][]> queued = new ArrayList<>();
    public final List<WatchedKey> watched = new ArrayList<>();

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
        super(id, conn, now);
        this.db = db;
    }

    public boolean isInternal() {
        return conn == Connection.NONE;
    }

    @Override
    public String flagLetters() {
        StringBuilder f = new StringBuilder();
        if (monitor) f.append('O');
        else if ((flags & FLAG_REPLICA) != 0) f.append('S');
        if ((flags & FLAG_MASTER) != 0) f.append('M');
        if (subscribed()) f.append('P');
        if (inMulti) f.append('x');
        if (suspended) f.append('b');
        if (dirtyCas) f.append('d');
        if (closeAfterReply) f.append('c');
        if (noEvict) f.append('e');
        return f.toString();
    }

    /** getClientType: a monitor counts as normal, as in Redis. */
    @Override
    public ClientType type() {
        if ((flags & FLAG_MASTER) != 0) return ClientType.MASTER;
        if ((flags & FLAG_REPLICA) != 0 && !monitor) return ClientType.REPLICA;
        return super.type();
    }

    @Override
    public int dbIndex() {
        return db.id;
    }

    @Override
    public int multiQueued() {
        return inMulti ? queued.size() : -1;
    }

    @Override
    public long multiMemory() {
        long mem = 0;
        for (byte[][] q : queued) {
            mem += 8L * q.length;
            for (byte[] a : q) mem += a.length;
        }
        return mem;
    }

    @Override
    public boolean suspended() {
        return suspended;
    }
}
