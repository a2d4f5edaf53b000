package vigil.server.node;

import vigil.server.keyspace.Db;
import vigil.server.keyspace.Dict;
import vigil.util.ByteKey;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Who watches which key (WATCH). A write to a watched key marks every watcher's transaction
 * dirty, so its EXEC fails; so does a flush or swap that changes the key, and the key's expiry.
 *
 * <p>Expiry follows Redis 7.0's multi.c: a key already logically expired when watched counts as
 * absent, so its later deletion is no change; a key alive when watched that has expired by EXEC
 * time fails the EXEC. Flushes are reported after the fact (the db is already empty or swapped),
 * which is enough: until the first change, a watched key's existence before the flush is what it
 * was at WATCH time, recorded in its entry.
 */
public final class Watches {
    /** One client's watch of one key. */
    private static final class Entry {
        final Client client;
        /** The key was in the dict (live or logically expired) when last seen unchanged. */
        boolean existed;
        /** The key was logically expired (but not deleted) when watched. */
        boolean expired;

        Entry(Client client) {
            this.client = client;
        }
    }

    private final Map<Integer, Map<ByteKey, List<Entry>>> byDb = new HashMap<>();

    public boolean isEmpty() {
        return byDb.isEmpty();
    }

    public void watch(Client c, Db db, byte[] key) {
        ByteKey k = new ByteKey(key);
        for (Client.WatchedKey w : c.watched) {
            if (w.db() == db.id && w.key().equals(k)) return;
        }
        Entry e = new Entry(c);
        Dict.Node n = db.dict().get(key);
        e.existed = n != null;
        e.expired = n != null && db.isExpired(n);
        byDb.computeIfAbsent(db.id, d -> new HashMap<>()).computeIfAbsent(k, x -> new ArrayList<>()).add(e);
        c.watched.add(new Client.WatchedKey(db.id, k));
    }

    public void unwatchAll(Client c) {
        for (Client.WatchedKey w : c.watched) {
            Map<ByteKey, List<Entry>> m = byDb.get(w.db());
            if (m == null) continue;
            List<Entry> l = m.get(w.key());
            if (l != null) {
                l.removeIf(e -> e.client == c);
                if (l.isEmpty()) m.remove(w.key());
            }
            if (m.isEmpty()) byDb.remove(w.db());
        }
        c.watched.clear();
    }

    /** A key was written, deleted or expired (signalModifiedKey). */
    public void touch(Db db, byte[] key) {
        if (byDb.isEmpty()) return;
        Map<ByteKey, List<Entry>> m = byDb.get(db.id);
        if (m == null) return;
        List<Entry> l = m.get(new ByteKey(key));
        if (l == null) return;
        boolean present = db.dict().get(key) != null;
        for (Entry e : l) {
            if (e.expired && !present) {
                // Already expired when watched and now deleted: logically no change.
                e.expired = false;
                e.existed = false;
                continue;
            }
            e.client.dirtyCas = true;
        }
    }

    /** A db was emptied (FLUSHDB/FLUSHALL) or swapped (SWAPDB); called after the change. */
    public void touchDb(Db db) {
        Map<ByteKey, List<Entry>> m = byDb.get(db.id);
        if (m == null) return;
        for (Map.Entry<ByteKey, List<Entry>> me : m.entrySet()) {
            Dict.Node now = db.dict().get(me.getKey().bytes);
            boolean nowExpired = now != null && db.isExpired(now);
            for (Entry e : me.getValue()) {
                boolean before = e.existed;
                if (!before && now == null) continue;
                e.existed = now != null;
                if (e.expired) {
                    if (now == null) {
                        e.expired = false;     // the expired key is gone: no logical change
                        continue;
                    }
                    if (nowExpired) continue;  // still (another) expired key
                } else if (!before && nowExpired) {
                    e.expired = true;          // absent replaced by an expired key
                    continue;
                }
                e.client.dirtyCas = true;
            }
        }
    }

    /** EXEC's check: a key that was alive when watched and has expired since fails the transaction. */
    public boolean anyExpired(Client c, java.util.function.IntFunction<Db> dbs) {
        for (Client.WatchedKey w : c.watched) {
            Map<ByteKey, List<Entry>> m = byDb.get(w.db());
            if (m == null) continue;
            List<Entry> l = m.get(w.key());
            if (l == null) continue;
            for (Entry e : l) {
                if (e.client != c || e.expired) continue;
                Db db = dbs.apply(w.db());
                Dict.Node n = db.dict().get(w.key().bytes);
                if (n != null && db.isExpired(n)) return true;
            }
        }
        return false;
    }
}
