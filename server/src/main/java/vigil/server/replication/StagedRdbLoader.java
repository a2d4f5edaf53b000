package vigil.server.replication;

import vigil.rdb.RdbReader;
import vigil.rdb.RdbVisitor;
import vigil.server.node.VigilServer;
import vigil.server.config.EncodingLimits;
import vigil.server.keyspace.Db;
import vigil.server.keyspace.Dict;
import vigil.server.persistence.KeyLoadDelay;
import vigil.server.persistence.ValueBuilder;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongSupplier;

/**
 * The full-sync payload loader ({@link PayloadLoader}): a visitor over {@link RdbReader} that
 * builds each db's key table (a {@link Dict} of nodes, plus the expires dict) on the worker
 * thread, values through the commands' own value classes. Those dicts belong to the worker until
 * {@link Staged#install} hands them to the keyspace on its thread in one step per db
 * ({@link Db#adopt}), so the event loop does no per-key work. Expired keys are kept: a replica
 * waits for its master's DEL. key-load-delay ({@link KeyLoadDelay}) is slept after each key, on
 * the worker thread, while clients get -LOADING.
 */
public final class StagedRdbLoader implements PayloadLoader {
    private final int databases;
    private final LongSupplier clock;
    private final EncodingLimits limits;
    private final KeyLoadDelay delay;

    public StagedRdbLoader(int databases, EncodingLimits limits) {
        this(databases, limits, System::currentTimeMillis, KeyLoadDelay.NONE);
    }

    /**
     * limits: the node's encoding thresholds the loaded values follow; clock: the access time
     * given to the loaded keys (read once, when the parse starts).
     */
    public StagedRdbLoader(int databases, EncodingLimits limits, LongSupplier clock) {
        this(databases, limits, clock, KeyLoadDelay.NONE);
    }

    /** delay: slept after each key read (key-load-delay). */
    public StagedRdbLoader(int databases, EncodingLimits limits, LongSupplier clock, KeyLoadDelay delay) {
        this.databases = databases;
        this.limits = limits;
        this.clock = clock;
        this.delay = delay;
    }

    @Override
    public Staged read(InputStream rdb) throws IOException {
        Dict[] keys = new Dict[databases];
        Dict[] expires = new Dict[databases];
        new RdbReader(rdb).read(new Visitor(keys, expires, clock.getAsLong()));
        return server -> {
            for (int i = 0; i < databases; i++) {
                if (keys[i] == null) continue;
                Db db = server.keyspace.db(i);
                if (db.size() == 0) {
                    db.adopt(keys[i], expires[i]);
                    continue;
                }
                keys[i].forEach(n -> {   // not expected (the keyspace is flushed first): merge key by key
                    Dict.Node m = db.set(n.key, n.value, false);
                    if (n.expireAt >= 0) db.setExpire(m, n.expireAt);
                });
            }
        };
    }

    private final class Visitor implements RdbVisitor {
        private final Dict[] keys, expires;
        private final long now;
        private int db;
        private final ValueBuilder builder = new ValueBuilder(limits);
        private byte[] key;
        private long expire;

        Visitor(Dict[] keys, Dict[] expires, long now) {
            this.keys = keys;
            this.expires = expires;
            this.now = now;
        }

        @Override
        public void selectDb(int db) throws IOException {
            if (db < 0 || db >= databases) throw new IOException("FATAL: Data file was created with a Redis server configured to handle more than " + databases + " databases. Exiting");
            this.db = db;
        }

        @Override
        public void resizeDb(long size, long expiresSize) {
            dict(db);
            keys[db].reserve((int) Math.min(size, 1 << 26));   // a hint: a wrong one only costs a resize
        }

        private void dict(int i) {
            if (keys[i] == null) {
                keys[i] = new Dict();
                expires[i] = new Dict();
            }
        }

        @Override
        public void string(byte[] key, long expireMs, byte[] value) {
            add(key, value, expireMs);
            delay.afterKey();
        }

        private void add(byte[] key, Object value, long expireMs) {
            dict(db);
            Dict d = keys[db];
            Dict.Node n = d.get(key);   // a duplicate key replaces the first one
            if (n == null) n = d.add(key, value);
            else {
                n.value = value;
                if (n.expireAt >= 0) expires[db].remove(key);
                n.expireAt = -1;
            }
            n.accessed = now;
            if (expireMs >= 0) {
                n.expireAt = expireMs;
                expires[db].add(key, n);
            }
        }

        @Override
        public void beginKey(Kind kind, byte[] key, long expireMs, long sizeHint) {
            this.key = key;
            this.expire = expireMs;
            builder.beginKey(kind, key, expireMs, sizeHint);
        }

        @Override
        public void listElement(byte[] element) {
            builder.listElement(element);
        }

        @Override
        public void setMember(byte[] member) {
            builder.setMember(member);
        }

        @Override
        public void hashField(byte[] field, byte[] v) {
            builder.hashField(field, v);
        }

        @Override
        public void zsetMember(byte[] member, double score) throws IOException {
            builder.zsetMember(member, score);
        }

        @Override
        public void endKey() {
            builder.endKey();
            Object value = builder.take();
            if (value != null) add(key, value, expire);
            delay.afterKey();
        }
    }
}
