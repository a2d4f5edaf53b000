package vigil.server.transaction;

import vigil.server.client.Client;
import vigil.server.keyspace.Db;
import vigil.server.util.ByteKey;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Who watches which key (WATCH). A write to a watched key marks every watcher's transaction
 * dirty, so its EXEC fails; so does a flush or swap of the key's db.
 */
public final class Watches {
    private final Map<Integer, Map<ByteKey, List<Client>>> byDb = new HashMap<>();

    public boolean isEmpty() {
        return byDb.isEmpty();
    }

    public void watch(Client c, Db db, byte[] key) {
        ByteKey k = new ByteKey(key);
        for (Client.WatchedKey w : c.watched) {
            if (w.db() == db.id && w.key().equals(k)) return;
        }
        byDb.computeIfAbsent(db.id, d -> new HashMap<>()).computeIfAbsent(k, x -> new ArrayList<>()).add(c);
        c.watched.add(new Client.WatchedKey(db.id, k));
    }

    public void unwatchAll(Client c) {
        for (Client.WatchedKey w : c.watched) {
            Map<ByteKey, List<Client>> m = byDb.get(w.db());
            if (m == null) continue;
            List<Client> l = m.get(w.key());
            if (l != null) {
                l.remove(c);
                if (l.isEmpty()) m.remove(w.key());
            }
            if (m.isEmpty()) byDb.remove(w.db());
        }
        c.watched.clear();
    }

    public void touch(Db db, byte[] key) {
        if (byDb.isEmpty()) return;
        Map<ByteKey, List<Client>> m = byDb.get(db.id);
        if (m == null) return;
        List<Client> l = m.get(new ByteKey(key));
        if (l != null) for (Client c : l) c.dirtyCas = true;
    }

    public void touchDb(Db db) {
        Map<ByteKey, List<Client>> m = byDb.get(db.id);
        if (m == null) return;
        for (List<Client> l : m.values()) for (Client c : l) c.dirtyCas = true;
    }
}
