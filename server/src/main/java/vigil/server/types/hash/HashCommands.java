package vigil.server.types.hash;

import vigil.server.command.TypedLookup;

import vigil.server.node.VigilServer;
import vigil.server.node.Client;
import vigil.resp.server.command.CommandHandler;
import vigil.resp.server.command.CommandTable;
import vigil.resp.server.command.Replies;
import vigil.server.keyspace.Db;
import vigil.server.keyspace.Dict;
import vigil.util.Bytes;
import vigil.util.LongDouble;

import java.math.BigDecimal;

/**
 * The hash commands (Redis 7.0 t_hash.c). HRANDFIELD and HSCAN are in {@link HashRandomScan}.
 * HINCRBYFLOAT propagates as HSET with the resulting value.
 */
public final class HashCommands {
    private static final byte[] HSET = Bytes.of("HSET");
    private final VigilServer server;

    private HashCommands(VigilServer server) {
        this.server = server;
    }

    public static void register(CommandTable<Client> t, VigilServer server) {
        HashCommands h = new HashCommands(server);
        vigil.server.types.sort.SortHooks.hashField = (v, f) -> v instanceof HashValue hv ? hv.get(f) : null;   // SORT BY/GET key->field
        t.add("hset", -4, "write denyoom fast", 1, 1, 1, "hash", guard((c, a) -> h.hset(c, a, false)));
        t.add("hmset", -4, "write denyoom fast", 1, 1, 1, "hash", guard((c, a) -> h.hset(c, a, true)));
        t.add("hsetnx", 4, "write denyoom fast", 1, 1, 1, "hash", guard(h::hsetnx));
        t.add("hget", 3, "readonly fast", 1, 1, 1, "hash", guard(h::hget));
        t.add("hmget", -3, "readonly fast", 1, 1, 1, "hash", guard(h::hmget));
        t.add("hdel", -3, "write fast", 1, 1, 1, "hash", guard(h::hdel));
        t.add("hexists", 3, "readonly fast", 1, 1, 1, "hash", guard(h::hexists));
        t.add("hlen", 2, "readonly fast", 1, 1, 1, "hash", guard(h::hlen));
        t.add("hstrlen", 3, "readonly fast", 1, 1, 1, "hash", guard(h::hstrlen));
        t.add("hgetall", 2, "readonly", 1, 1, 1, "hash", guard((c, a) -> h.getall(c, a, true, true)));
        t.add("hkeys", 2, "readonly", 1, 1, 1, "hash", guard((c, a) -> h.getall(c, a, true, false)));
        t.add("hvals", 2, "readonly", 1, 1, 1, "hash", guard((c, a) -> h.getall(c, a, false, true)));
        t.add("hincrby", 4, "write denyoom fast", 1, 1, 1, "hash", guard(h::hincrby));
        t.add("hincrbyfloat", 4, "write denyoom fast", 1, 1, 1, "hash", guard(h::hincrbyfloat));
        HashRandomScan.register(t, server);
    }

    static CommandHandler<Client> guard(CommandHandler<Client> h) {
        return TypedLookup.guard(h);
    }

    /** The hash at key or null; throws WrongType for another type. */
    static HashValue get(Db db, byte[] key, boolean write) {
        return TypedLookup.get(db, key, write, HashValue.class);
    }

    /** hashTypeLookupWriteOrCreate: the hash at key, created (and stored) when missing. */
    private HashValue getOrCreate(Db db, byte[] key) {
        HashValue h = get(db, key, true);
        if (h == null) {
            h = new HashValue();
            db.add(key, h);
        }
        return h;
    }

    private void hset(Client c, byte[][] argv, boolean hmset) {
        if (argv.length % 2 == 1) {
            c.out.error(Replies.wrongArgs(server.commands.get(hmset ? "hmset" : "hset")));
            return;
        }
        HashValue h = getOrCreate(c.db, argv[1]);
        for (int i = 2; i < argv.length; i++) h.prepareFor(server.encodingLimits, argv[i]);
        int created = 0;
        for (int i = 2; i < argv.length; i += 2) if (h.set(server.encodingLimits, argv[i], argv[i + 1])) created++;
        server.modified(c.db, argv[1]);
        server.dirty += (argv.length - 2) / 2;
        if (hmset) c.out.ok();
        else c.out.integer(created);
    }

    private void hsetnx(Client c, byte[][] argv) {
        HashValue h = getOrCreate(c.db, argv[1]);
        if (h.exists(argv[2])) {
            c.out.integer(0);
            return;
        }
        h.set(server.encodingLimits, argv[2], argv[3]);
        server.modified(c.db, argv[1]);
        server.dirty++;
        c.out.integer(1);
    }

    private void hget(Client c, byte[][] argv) {
        HashValue h = get(c.db, argv[1], false);
        byte[] v = h == null ? null : h.get(argv[2]);
        if (v == null) c.out.nullBulk();
        else c.out.bulk(v);
    }

    private void hmget(Client c, byte[][] argv) {
        HashValue h = get(c.db, argv[1], false);
        c.out.array(argv.length - 2);
        for (int i = 2; i < argv.length; i++) {
            byte[] v = h == null ? null : h.get(argv[i]);
            if (v == null) c.out.nullBulk();
            else c.out.bulk(v);
        }
    }

    private void hdel(Client c, byte[][] argv) {
        HashValue h = get(c.db, argv[1], true);
        if (h == null) {
            c.out.integer(0);
            return;
        }
        int deleted = 0;
        for (int i = 2; i < argv.length; i++) {
            if (h.delete(argv[i])) {
                deleted++;
                if (h.size() == 0) break;
            }
        }
        if (deleted > 0) {
            if (h.size() == 0) c.db.delete(argv[1]);
            else server.modified(c.db, argv[1]);
            server.dirty += deleted;
        }
        c.out.integer(deleted);
    }

    private void hexists(Client c, byte[][] argv) {
        HashValue h = get(c.db, argv[1], false);
        c.out.integer(h != null && h.exists(argv[2]) ? 1 : 0);
    }

    private void hlen(Client c, byte[][] argv) {
        HashValue h = get(c.db, argv[1], false);
        c.out.integer(h == null ? 0 : h.size());
    }

    private void hstrlen(Client c, byte[][] argv) {
        HashValue h = get(c.db, argv[1], false);
        byte[] v = h == null ? null : h.get(argv[2]);
        c.out.integer(v == null ? 0 : v.length);
    }

    private void getall(Client c, byte[][] argv, boolean keys, boolean values) {
        HashValue h = get(c.db, argv[1], false);
        boolean both = keys && values;
        if (h == null) {
            if (both) c.out.map(0);
            else c.out.array(0);
            return;
        }
        if (both) c.out.map(h.size());
        else c.out.array(h.size());
        h.forEach((fb, fo, fl, vb, vo, vl) -> {
            if (keys) c.out.bulk(fb, fo, fl);
            if (values) c.out.bulk(vb, vo, vl);
        });
    }

    private void hincrby(Client c, byte[][] argv) {
        Long incr = Bytes.parseLong(argv[3]);
        if (incr == null) {
            c.out.error(Replies.NOT_INTEGER);
            return;
        }
        HashValue h = getOrCreate(c.db, argv[1]);
        byte[] cur = h.get(argv[2]);
        long old = 0;
        if (cur != null) {
            Long v = Bytes.parseLong(cur);
            if (v == null) {
                c.out.error("ERR hash value is not an integer");
                return;
            }
            old = v;
        }
        if ((incr < 0 && old < 0 && incr < Long.MIN_VALUE - old) || (incr > 0 && old > 0 && incr > Long.MAX_VALUE - old)) {
            c.out.error(Replies.OVERFLOW);
            return;
        }
        long nv = old + incr;
        h.set(server.encodingLimits, argv[2], Bytes.fromLong(nv));
        server.modified(c.db, argv[1]);
        server.dirty++;
        c.out.integer(nv);
    }

    private void hincrbyfloat(Client c, byte[][] argv) {
        LongDouble incr = LongDouble.parse(argv[3]);
        if (incr == null) {
            c.out.error(Replies.NOT_FLOAT);
            return;
        }
        if (incr.inf) {
            c.out.error("ERR value is NaN or Infinity");
            return;
        }
        HashValue h = getOrCreate(c.db, argv[1]);
        byte[] cur = h.get(argv[2]);
        LongDouble value = LongDouble.ofLong(0);
        if (cur != null) {
            value = LongDouble.parse(cur);
            if (value == null) {
                c.out.error("ERR hash value is not a float");
                return;
            }
        }
        LongDouble sum = value.add(incr);
        if (sum == null || sum.inf) {
            c.out.error("ERR increment would produce NaN or Infinity");
            return;
        }
        byte[] out = Bytes.of(sum.format());
        h.set(server.encodingLimits, argv[2], out);
        server.modified(c.db, argv[1]);
        server.dirty++;
        c.out.bulk(out);
        server.dispatcher.rewrite(new byte[][]{HSET, argv[1], argv[2], out});
    }
}
