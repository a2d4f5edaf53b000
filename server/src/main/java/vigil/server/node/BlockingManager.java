package vigil.server.node;

import vigil.server.keyspace.Db;
import vigil.server.net.NodeServer;
import vigil.util.ByteKey;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Clients blocked on keys (BLPOP and friends), served as Redis 7.0's blocked.c does: a blocked
 * client is suspended (its pipelined input waits); writers signal keys as ready; after the
 * top-level command (or EXEC as a whole) the ready keys are served in signal order and, per key,
 * clients in the order they blocked. Timeouts use the node's timers (cron as a fallback); a
 * disconnect forgets the client. One instance per server, found with {@link #of}.
 *
 * <p>API for other command groups: {@link #signalKeyAsReady}, {@link #signalDbAsReady},
 * {@link #unblock} (CLIENT UNBLOCK), {@link #blockedCount} (INFO), {@link #block} +
 * {@link Waiter} (other blocking commands such as BZPOPMIN).
 */
public final class BlockingManager {
    /** What a blocked command does when a key it waits on is ready, or when it times out. */
    public interface Waiter {
        /**
         * Tries to serve the client from this key: writes the reply (a value or an error),
         * propagates and returns true; returns false (and writes nothing) when the key cannot
         * serve it (missing, empty or of another type): the client stays blocked.
         */
        boolean serve(Client c, Db db, byte[] key);

        /** Writes the reply for a timeout (usually a null array). */
        void timeout(Client c);
    }

    /**
     * Zero-loss mode (replication's HeldReplies): a client served from a ready key got its reply
     * from {@code replyMark} of its buffer, and what the serving propagated starts after stream
     * offset {@code offsetBefore}; the hook may hold the reply until replicas acknowledge it.
     */
    public interface Served {
        void served(Client c, long offsetBefore, int replyMark);
    }

    private record DbKey(int db, ByteKey key) { }

    private static final class Blocked {
        final Client client;
        final int db;
        final List<DbKey> keys;
        final Waiter waiter;
        final long deadline;
        long timer = -1;

        Blocked(Client client, int db, List<DbKey> keys, Waiter waiter, long deadline) {
            this.client = client;
            this.db = db;
            this.keys = keys;
            this.waiter = waiter;
            this.deadline = deadline;
        }
    }

    public static final String UNBLOCKED = "UNBLOCKED client unblocked via CLIENT UNBLOCK";
    /** Redis 7.0's disconnectAllBlockedClients reply (replicationSetMaster). */
    public static final String UNBLOCKED_ROLE_CHANGE =
            "UNBLOCKED force unblock from blocking operation, instance state changed (master -> replica?)";

    private final VigilServer server;
    private final Map<Long, Blocked> byClient = new HashMap<>();
    private final Map<DbKey, ArrayDeque<Blocked>> byKey = new HashMap<>();
    private final LinkedHashSet<DbKey> ready = new LinkedHashSet<>();
    private boolean serving;
    private Served servedHook = (c, offsetBefore, replyMark) -> { };

    public BlockingManager(VigilServer server) {
        this.server = server;
    }

    /** Set by the assembly: what happens to the reply of a client served from a ready key. */
    public void onServed(Served hook) {
        this.servedHook = hook;
    }

    /** freeClient: a blocked client whose connection is gone stops waiting. */
    public void forget(Client c) {
        Blocked b = byClient.get(c.id);
        if (b != null) remove(b);
    }

    /** signalKeyAsReady / signalDeletedKeyAsReady: a key (or a whole db, key null) changed. */
    public void keyModified(Db db, byte[] key) {
        if (byClient.isEmpty()) return;
        if (key == null) signalDbAsReady(db.id);
        else signalKeyAsReady(db, key);
    }

    /**
     * Whether the client's command may block now: not inside MULTI/EXEC or another command
     * (there Redis answers as if the timeout had passed at once), and not an internal client.
     */
    public boolean mayBlock(Client c) {
        return !c.inMulti && !c.isInternal() && !server.dispatcher.nested();
    }

    /**
     * Blocks the client on keys (in its current db) until one can serve it or the deadline
     * (absolute ms, 0 = forever) passes. The caller has written no reply.
     */
    public void block(Client c, byte[][] keys, long deadline, Waiter waiter) {
        List<DbKey> list = new ArrayList<>(keys.length);
        for (byte[] k : keys) {
            DbKey dk = new DbKey(c.db.id, new ByteKey(k));
            if (list.contains(dk)) continue;
            list.add(dk);
        }
        Blocked b = new Blocked(c, c.db.id, list, waiter, deadline);
        byClient.put(c.id, b);
        for (DbKey dk : list) byKey.computeIfAbsent(dk, k -> new ArrayDeque<>()).addLast(b);
        c.suspended = true;
        if (deadline > 0) {
            long delay = Math.max(1, deadline - server.clock.getAsLong());
            b.timer = server.scheduler.setTimer(delay, () -> {
                if (byClient.get(c.id) == b) timeOut(b);
            });
        }
    }

    /** A key may now serve blocked clients (created, pushed to, renamed or restored into). */
    public void signalKeyAsReady(Db db, byte[] key) {
        if (byClient.isEmpty()) return;
        DbKey dk = new DbKey(db.id, new ByteKey(key));
        if (byKey.containsKey(dk)) ready.add(dk);
    }

    /** Every key of a db may have changed (SWAPDB, FLUSHDB, MOVE of many keys). */
    public void signalDbAsReady(int dbId) {
        for (DbKey dk : byKey.keySet()) if (dk.db == dbId) ready.add(dk);
    }

    public int blockedCount() {
        return byClient.size();
    }

    public boolean isBlocked(long clientId) {
        return byClient.containsKey(clientId);
    }

    /**
     * CLIENT UNBLOCK: ends a client's block as a timeout, or with the UNBLOCKED error. Returns
     * whether the client was blocked.
     */
    public boolean unblock(long clientId, boolean error) {
        Blocked b = byClient.get(clientId);
        if (b == null) return false;
        if (error) {
            b.client.out.error(UNBLOCKED);
            server.stats.totalErrorReplies++;
            finish(b);
        } else {
            timeOut(b);
        }
        return true;
    }

    /**
     * disconnectAllBlockedClients: the node now follows a (new) master, so no blocked command
     * may complete on the old data. Every client blocked here (on keys, or in WAIT) gets
     * {@link #UNBLOCKED_ROLE_CHANGE} and its connection is closed once the reply is written, as
     * Redis 7.0 does. Commands held by CLIENT PAUSE are not blocked here: they run (or are
     * refused) when the pause ends.
     */
    public void disconnectAllBlocked() {
        if (byClient.isEmpty()) return;
        for (Blocked b : new ArrayList<>(byClient.values())) {
            b.client.out.error(UNBLOCKED_ROLE_CHANGE);
            server.stats.totalErrorReplies++;
            b.client.closeAfterReply = true;
            finish(b);
        }
    }

    private void timeOut(Blocked b) {
        b.waiter.timeout(b.client);
        finish(b);
    }

    /** Unblocks after a reply was written: resumes the client's pending input. */
    private void finish(Blocked b) {
        remove(b);
        Client c = b.client;
        c.suspended = false;
        server.markPendingWrite(c);
        server.scheduler.runLater(() -> {
            if (!c.closed && !c.suspended) server.processInput(c);
        });
    }

    private void remove(Blocked b) {
        byClient.remove(b.client.id);
        for (DbKey dk : b.keys) {
            ArrayDeque<Blocked> q = byKey.get(dk);
            if (q == null) continue;
            q.remove(b);
            if (q.isEmpty()) byKey.remove(dk);
        }
        if (b.timer >= 0) server.scheduler.cancelTimer(b.timer);
        b.timer = -1;
    }

    public void expireTimeouts() {
        if (byClient.isEmpty()) return;
        long now = server.clock.getAsLong();
        List<Blocked> due = new ArrayList<>();
        for (Blocked b : byClient.values()) if (b.deadline > 0 && b.deadline <= now) due.add(b);
        for (Blocked b : due) if (byClient.get(b.client.id) == b) timeOut(b);
    }

    /**
     * handleClientsBlockedOnKeys: serves ready keys in signal order (keys made ready while
     * serving, e.g. a BLMOVE destination, are served in the same pass).
     */
    public void handleReadyKeys() {
        if (serving || ready.isEmpty()) return;
        serving = true;
        try {
            while (!ready.isEmpty()) {
                Iterator<DbKey> it = ready.iterator();
                DbKey dk = it.next();
                it.remove();
                ArrayDeque<Blocked> q = byKey.get(dk);
                if (q == null) continue;
                Db db = server.keyspace.db(dk.db);
                for (Blocked b : new ArrayList<>(q)) {
                    if (byClient.get(b.client.id) != b) continue;
                    boolean served;
                    long offsetBefore = server.replicationState.offset;
                    int replyMark = b.client.out.size();
                    server.propagation.enter();
                    server.keyspace.freezeClock();
                    try {
                        served = b.waiter.serve(b.client, db, dk.key.bytes);
                    } finally {
                        server.keyspace.unfreezeClock();
                        server.propagation.exit();
                    }
                    if (!served) break;
                    servedHook.served(b.client, offsetBefore, replyMark);
                    finish(b);
                }
            }
        } finally {
            serving = false;
        }
    }
}
