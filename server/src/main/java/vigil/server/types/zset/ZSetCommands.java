package vigil.server.types.zset;

import vigil.resp.Doubles;
import vigil.server.node.VigilServer;
import vigil.server.node.Client;
import vigil.resp.server.command.CommandTable;
import vigil.resp.server.command.Replies;
import vigil.server.command.ScanArgs;
import vigil.server.keyspace.Dict;
import vigil.util.Bytes;

import java.util.ArrayList;
import java.util.List;

/**
 * Sorted set commands on single members (ZADD, ZINCRBY, ZREM, ZSCORE, ZRANK, ZCOUNT, ZSCAN...)
 * and the registration of the group. Ranges are in {@link ZRangeCommands}, pops and random
 * members in {@link ZPopCommands}, multi-key algebra in {@link ZSetAlgebra}.
 */
public final class ZSetCommands {
    /** Returned by {@link #lookup} after WRONGTYPE was written. */
    static final ZSetValue WRONG = ZSetValue.skiplist();
    static final String NAN = "ERR resulting score is not a number (NaN)";

    private ZSetCommands() {
    }

    public static void register(CommandTable<Client> t, VigilServer s) {
        t.add("zadd", -4, "write denyoom fast", 1, 1, 1, "sortedset", (c, a) -> zadd(s, c, a, false));
        t.add("zincrby", 4, "write denyoom fast", 1, 1, 1, "sortedset", (c, a) -> zadd(s, c, a, true));
        t.add("zrem", -3, "write fast", 1, 1, 1, "sortedset", (c, a) -> zrem(s, c, a));
        t.add("zcard", 2, "readonly fast", 1, 1, 1, "sortedset", ZSetCommands::zcard);
        t.add("zscore", 3, "readonly fast", 1, 1, 1, "sortedset", ZSetCommands::zscore);
        t.add("zmscore", -3, "readonly fast", 1, 1, 1, "sortedset", ZSetCommands::zmscore);
        t.add("zrank", 3, "readonly fast", 1, 1, 1, "sortedset", (c, a) -> zrank(c, a, false));
        t.add("zrevrank", 3, "readonly fast", 1, 1, 1, "sortedset", (c, a) -> zrank(c, a, true));
        t.add("zcount", 4, "readonly fast", 1, 1, 1, "sortedset", (c, a) -> zcount(c, a, false));
        t.add("zlexcount", 4, "readonly fast", 1, 1, 1, "sortedset", (c, a) -> zcount(c, a, true));
        t.add("zscan", -3, "readonly", 1, 1, 1, "sortedset", ZSetCommands::zscan);
        ZRangeCommands.register(t, s);
        ZPopCommands.register(t, s);
        ZSetAlgebra.register(t, s);
    }

    /** The sorted set at key (null when absent); WRONGTYPE is written and {@link #WRONG} returned for other types. */
    static ZSetValue lookup(Client c, byte[] key, boolean write) {
        Dict.Node n = write ? c.db.lookupWrite(key) : c.db.lookupRead(key);
        if (n == null) return null;
        if (n.value instanceof ZSetValue v) return v;
        c.out.error(Replies.WRONGTYPE);
        return WRONG;
    }

    /** ZADD key [NX|XX] [GT|LT] [CH] [INCR] score member ... ; ZINCRBY is ZADD INCR. */
    static void zadd(VigilServer s, Client c, byte[][] argv, boolean zincrby) {
        boolean nx = false, xx = false, ch = false, incr = zincrby, gt = false, lt = false;
        int idx = 2;
        for (; idx < argv.length; idx++) {
            byte[] o = argv[idx];
            if (Bytes.is(o, "nx")) nx = true;
            else if (Bytes.is(o, "xx")) xx = true;
            else if (Bytes.is(o, "ch")) ch = true;
            else if (Bytes.is(o, "incr")) incr = true;
            else if (Bytes.is(o, "gt")) gt = true;
            else if (Bytes.is(o, "lt")) lt = true;
            else break;
        }
        int elements = argv.length - idx;
        if (elements % 2 != 0 || elements == 0) {
            c.out.error(Replies.SYNTAX);
            return;
        }
        elements /= 2;
        if (nx && xx) {
            c.out.error("ERR XX and NX options at the same time are not compatible");
            return;
        }
        if ((gt && nx) || (lt && nx) || (gt && lt)) {
            c.out.error("ERR GT, LT, and/or NX options at the same time are not compatible");
            return;
        }
        if (incr && elements > 1) {
            c.out.error("ERR INCR option supports a single increment-element pair");
            return;
        }
        double[] scores = new double[elements];
        for (int j = 0; j < elements; j++) {
            Double d = Doubles.parseStrict(argv[idx + j * 2]);
            if (d == null) {
                c.out.error(Replies.NOT_FLOAT);
                return;
            }
            scores[j] = d;
        }
        byte[] key = argv[1];
        ZSetValue z = lookup(c, key, true);
        if (z == WRONG) return;
        int added = 0, updated = 0, processed = 0;
        double score = 0;
        if (z == null && !xx) {
            z = ZSetValue.forFirstMember(s.encodingLimits, argv[idx + 1]);
            c.db.add(key, z);
        }
        if (z != null) {
            for (int j = 0; j < elements; j++) {
                byte[] ele = argv[idx + 1 + j * 2];
                double sc = scores[j];
                double cur = z.score(ele);
                if (!Double.isNaN(cur)) {
                    if (nx) continue;
                    if (incr) {
                        sc += cur;
                        if (Double.isNaN(sc)) {
                            c.out.error(NAN);
                            if (added + updated > 0) s.modified(c.db, key);
                            return;
                        }
                    }
                    if ((lt && sc >= cur) || (gt && sc <= cur)) continue;
                    if (sc != cur) {
                        z.update(ele, cur, sc);
                        updated++;
                    }
                    processed++;
                    score = sc;
                } else if (!xx) {
                    z.insert(s.encodingLimits, ele, sc);
                    added++;
                    processed++;
                    score = sc;
                }
            }
            s.dirty += added + updated;
            if (added + updated > 0) s.modified(c.db, key);
        }
        if (incr) {
            if (processed > 0) c.out.dbl(score);
            else c.out.nullBulk();
        } else {
            c.out.integer(ch ? added + updated : added);
        }
    }

    static void zrem(VigilServer s, Client c, byte[][] argv) {
        ZSetValue z = lookup(c, argv[1], true);
        if (z == WRONG) return;
        if (z == null) {
            c.out.integer(0);
            return;
        }
        int deleted = 0;
        for (int i = 2; i < argv.length; i++) {
            if (z.remove(argv[i])) {
                deleted++;
                if (z.size() == 0) {
                    c.db.delete(argv[1]);
                    break;
                }
            }
        }
        if (deleted > 0) {
            s.modified(c.db, argv[1]);
            s.dirty += deleted;
        }
        c.out.integer(deleted);
    }

    static void zcard(Client c, byte[][] argv) {
        ZSetValue z = lookup(c, argv[1], false);
        if (z == WRONG) return;
        c.out.integer(z == null ? 0 : z.size());
    }

    static void zscore(Client c, byte[][] argv) {
        ZSetValue z = lookup(c, argv[1], false);
        if (z == WRONG) return;
        double d = z == null ? Double.NaN : z.score(argv[2]);
        if (Double.isNaN(d)) c.out.nullBulk();
        else c.out.dbl(d);
    }

    static void zmscore(Client c, byte[][] argv) {
        ZSetValue z = lookup(c, argv[1], false);
        if (z == WRONG) return;
        c.out.array(argv.length - 2);
        for (int i = 2; i < argv.length; i++) {
            double d = z == null ? Double.NaN : z.score(argv[i]);
            if (Double.isNaN(d)) c.out.nullBulk();
            else c.out.dbl(d);
        }
    }

    static void zrank(Client c, byte[][] argv, boolean reverse) {
        ZSetValue z = lookup(c, argv[1], false);
        if (z == WRONG) return;
        long r = z == null ? -1 : z.rank(argv[2]);
        if (r < 0) c.out.nullBulk();
        else c.out.integer(reverse ? z.size() - 1 - r : r);
    }

    static void zcount(Client c, byte[][] argv, boolean lex) {
        ZRange range = lex ? ZRange.lex(argv[2], argv[3]) : ZRange.score(argv[2], argv[3]);
        if (range == null) {
            c.out.error(lex ? ZRange.NOT_LEX : ZRange.NOT_FLOAT);
            return;
        }
        ZSetValue z = lookup(c, argv[1], false);
        if (z == WRONG) return;
        if (z == null) {
            c.out.integer(0);
            return;
        }
        c.out.integer(Math.max(0, range.last(z) - range.first(z) + 1));
    }

    static void zscan(Client c, byte[][] argv) {
        Long cursor = ScanArgs.cursor(c, argv[2]);
        if (cursor == null) return;
        ZSetValue z = lookup(c, argv[1], false);
        if (z == WRONG) return;
        if (z == null) {
            ScanArgs.empty(c);
            return;
        }
        ScanArgs sc = ScanArgs.options(c, argv, 3, cursor, false);
        if (sc == null) return;
        List<byte[]> items = new ArrayList<>();
        long next = sc.scan(cur -> z.scan(cur, (m, score) -> {
            items.add(m);
            items.add(Bytes.of(Doubles.format(score)));
        }), () -> items.size() / 2);
        sc.reply(c, next, items, true);
    }
}
