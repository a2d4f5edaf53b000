package vigil.server.replication;

import vigil.rdb.RdbReader;
import vigil.rdb.RdbVisitor;
import vigil.server.VigilServer;
import vigil.server.keyspace.Db;
import vigil.server.keyspace.Dict;
import vigil.server.types.hash.HashValue;
import vigil.server.types.list.ListValue;
import vigil.server.types.set.SetValue;
import vigil.server.types.zset.ZSetValue;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * TEMPORARY minimal RDB payload loader for full syncs (see {@link PayloadLoader}): a visitor over
 * {@link RdbReader} that builds values through the commands' own value classes into a staging
 * list, installed afterwards on the keyspace thread. Expired keys are kept: a replica waits for
 * its master's DEL. To be replaced by the persistence issue's RdbLoad.
 */
public final class StagedRdbLoader implements PayloadLoader {
    private record Entry(int db, byte[] key, Object value, long expireMs) { }

    private final int databases;

    public StagedRdbLoader(int databases) {
        this.databases = databases;
    }

    @Override
    public Staged read(InputStream rdb) throws IOException {
        List<Entry> entries = new ArrayList<>();
        new RdbReader(rdb).read(new Visitor(entries));
        return server -> {
            for (Entry e : entries) {
                Db db = server.keyspace.db(e.db);
                Dict.Node n = db.set(e.key, e.value, false);
                if (e.expireMs >= 0) db.setExpire(n, e.expireMs);
            }
        };
    }

    private final class Visitor implements RdbVisitor {
        private final List<Entry> out;
        private int db;
        private Kind kind;
        private byte[] key;
        private long expire;
        private Object value;

        Visitor(List<Entry> out) {
            this.out = out;
        }

        @Override
        public void selectDb(int db) throws IOException {
            if (db < 0 || db >= databases) throw new IOException("FATAL: Data file was created with a Redis server configured to handle more than " + databases + " databases. Exiting");
            this.db = db;
        }

        @Override
        public void string(byte[] key, long expireMs, byte[] value) {
            out.add(new Entry(db, key, value, expireMs));
        }

        @Override
        public void beginKey(Kind kind, byte[] key, long expireMs, long sizeHint) {
            this.kind = kind;
            this.key = key;
            this.expire = expireMs;
            value = switch (kind) {
                case LIST -> new ListValue();
                case HASH -> new HashValue();
                default -> null;   // sets and zsets pick their encoding from the first member
            };
        }

        @Override
        public void listElement(byte[] element) {
            ((ListValue) value).push(element, false);
        }

        @Override
        public void setMember(byte[] member) {
            if (value == null) value = SetValue.forMember(member);
            ((SetValue) value).add(member);
        }

        @Override
        public void hashField(byte[] field, byte[] v) {
            ((HashValue) value).set(field, v);
        }

        @Override
        public void zsetMember(byte[] member, double score) {
            if (value == null) value = ZSetValue.forFirstMember(member);
            ((ZSetValue) value).insert(member, score);
        }

        @Override
        public void endKey() {
            boolean empty = value == null
                    || (kind == Kind.LIST && ((ListValue) value).size() == 0)
                    || (kind == Kind.HASH && ((HashValue) value).size() == 0);
            if (!empty) out.add(new Entry(db, key, value, expire));
            value = null;
        }
    }
}
