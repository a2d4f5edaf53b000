package vigil.server.types.zset;

import vigil.server.node.VigilServer;
import vigil.server.node.Client;
import vigil.resp.server.command.CommandTable;
import vigil.resp.server.command.Replies;
import vigil.util.Bytes;

import java.util.ArrayList;
import java.util.List;

/**
 * ZRANGE in all its forms (BYSCORE, BYLEX, REV, LIMIT, WITHSCORES), the legacy Z[REV]RANGE*
 * commands, ZRANGESTORE and ZREMRANGEBYRANK/SCORE/LEX, following Redis 7.0's
 * zrangeGenericCommand: options first, then conflicts, then the range, then the key.
 */
final class ZRangeCommands {
    private static final int AUTO = 0, RANK = 1, SCORE = 2, LEX = 3;

    private ZRangeCommands() {
    }

    static void register(CommandTable<Client> t, VigilServer s) {
        t.add("zrange", -4, "readonly", 1, 1, 1, "sortedset", (c, a) -> range(s, c, a, 1, false, AUTO, 0));
        t.add("zrangestore", -5, "write denyoom", 1, 2, 1, "sortedset", (c, a) -> range(s, c, a, 2, true, AUTO, 0));
        t.add("zrangebyscore", -4, "readonly", 1, 1, 1, "sortedset", (c, a) -> range(s, c, a, 1, false, SCORE, 1));
        t.add("zrevrangebyscore", -4, "readonly", 1, 1, 1, "sortedset", (c, a) -> range(s, c, a, 1, false, SCORE, -1));
        t.add("zrangebylex", -4, "readonly", 1, 1, 1, "sortedset", (c, a) -> range(s, c, a, 1, false, LEX, 1));
        t.add("zrevrangebylex", -4, "readonly", 1, 1, 1, "sortedset", (c, a) -> range(s, c, a, 1, false, LEX, -1));
        t.add("zrevrange", -4, "readonly", 1, 1, 1, "sortedset", (c, a) -> range(s, c, a, 1, false, RANK, -1));
        t.add("zremrangebyrank", 4, "write", 1, 1, 1, "sortedset", (c, a) -> remRange(s, c, a, RANK));
        t.add("zremrangebyscore", 4, "write", 1, 1, 1, "sortedset", (c, a) -> remRange(s, c, a, SCORE));
        t.add("zremrangebylex", 4, "write", 1, 1, 1, "sortedset", (c, a) -> remRange(s, c, a, LEX));
    }

    /** direction: 0 auto, 1 forward, -1 reverse. */
    static void range(VigilServer s, Client c, byte[][] argv, int start, boolean store, int type, int direction) {
        byte[] key = argv[start];
        int minIdx = start + 1, maxIdx = start + 2;
        boolean withScores = false;
        long offset = 0, limit = -1;
        for (int j = start + 3; j < argv.length; j++) {
            int left = argv.length - j - 1;
            byte[] a = argv[j];
            if (!store && Bytes.is(a, "withscores")) {
                withScores = true;
            } else if (Bytes.is(a, "limit") && left >= 2) {
                Long o = Bytes.parseLong(argv[j + 1]);
                Long l = o == null ? null : Bytes.parseLong(argv[j + 2]);
                if (l == null) {
                    c.out.error(Replies.NOT_INTEGER);
                    return;
                }
                offset = o;
                limit = l;
                j += 2;
            } else if (direction == 0 && Bytes.is(a, "rev")) {
                direction = -1;
            } else if (type == AUTO && Bytes.is(a, "bylex")) {
                type = LEX;
            } else if (type == AUTO && Bytes.is(a, "byscore")) {
                type = SCORE;
            } else {
                c.out.error(Replies.SYNTAX);
                return;
            }
        }
        boolean reverse = direction < 0;
        if (type == AUTO) type = RANK;
        if (limit != -1 && type == RANK) {
            c.out.error("ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX");
            return;
        }
        if (withScores && type == LEX) {
            c.out.error("ERR syntax error, WITHSCORES not supported in combination with BYLEX");
            return;
        }
        if (reverse && type != RANK) {
            int t = minIdx;
            minIdx = maxIdx;
            maxIdx = t;
        }
        long rs = 0, re = 0;
        ZRange zr = null;
        if (type == RANK) {
            Long a = Bytes.parseLong(argv[minIdx]);
            Long b = a == null ? null : Bytes.parseLong(argv[maxIdx]);
            if (b == null) {
                c.out.error(Replies.NOT_INTEGER);
                return;
            }
            rs = a;
            re = b;
        } else {
            zr = type == SCORE ? ZRange.score(argv[minIdx], argv[maxIdx]) : ZRange.lex(argv[minIdx], argv[maxIdx]);
            if (zr == null) {
                c.out.error(type == SCORE ? ZRange.NOT_FLOAT : ZRange.NOT_LEX);
                return;
            }
        }
        ZSetValue z = ZSetCommands.lookup(c, key, false);
        if (z == ZSetCommands.WRONG) return;
        long from, to;   // inclusive rank interval to emit, walking backwards when reverse
        if (z == null) {
            from = 0;
            to = -1;
        } else if (type == RANK) {
            long len = z.size();
            if (rs < 0) rs += len;
            if (re < 0) re += len;
            if (rs < 0) rs = 0;
            if (rs > re || rs >= len) {
                from = 0;
                to = -1;
            } else {
                if (re >= len) re = len - 1;
                from = reverse ? len - 1 - re : rs;
                to = reverse ? len - 1 - rs : re;
            }
        } else {
            long first = zr.first(z), last = zr.last(z);
            // offset and limit reach Long.MAX_VALUE: compare against the span instead of adding.
            if (offset < 0 || first > last || offset > last - first) {
                from = 0;
                to = -1;
            } else if (!reverse) {
                from = first + offset;
                to = limit < 0 || limit > last - from ? last : from + limit - 1;
            } else {
                to = last - offset;
                from = limit < 0 || limit > to - first ? first : to - limit + 1;
            }
            if (from > to) {
                from = 0;
                to = -1;
            }
        }
        if (store) {
            ZSetValue dst = ZSetValue.skiplist();
            if (z != null) z.visit(from, to, reverse, (m, score) -> dst.insert(s.encodingLimits, m, score));
            storeResult(s, c, argv[1], dst);
            return;
        }
        int n = (int) (to - from + 1);
        boolean nested = withScores && c.out.resp3();
        c.out.array(withScores && !nested ? n * 2 : n);
        if (n == 0) return;
        boolean ws = withScores;
        z.visit(from, to, reverse, (m, score) -> {
            if (nested) c.out.array(2);
            c.out.bulk(m);
            if (ws) c.out.dbl(score);
        });
    }

    /** Stores a computed result at dst (deleting dst when empty), replies with its size. */
    static void storeResult(VigilServer s, Client c, byte[] dst, ZSetValue result) {
        if (result.size() > 0) {
            result.shrinkIfFits(s.encodingLimits);
            c.db.set(dst, result, false);
            s.dirty++;
        } else if (c.db.delete(dst)) {
            s.dirty++;
        }
        c.out.integer(result.size());
    }

    static void remRange(VigilServer s, Client c, byte[][] argv, int type) {
        long rs = 0, re = 0;
        ZRange zr = null;
        if (type == RANK) {
            Long a = Bytes.parseLong(argv[2]);
            Long b = a == null ? null : Bytes.parseLong(argv[3]);
            if (b == null) {
                c.out.error(Replies.NOT_INTEGER);
                return;
            }
            rs = a;
            re = b;
        } else {
            zr = type == SCORE ? ZRange.score(argv[2], argv[3]) : ZRange.lex(argv[2], argv[3]);
            if (zr == null) {
                c.out.error(type == SCORE ? ZRange.NOT_FLOAT : ZRange.NOT_LEX);
                return;
            }
        }
        ZSetValue z = ZSetCommands.lookup(c, argv[1], true);
        if (z == ZSetCommands.WRONG) return;
        if (z == null) {
            c.out.integer(0);
            return;
        }
        long from, to;
        if (type == RANK) {
            long len = z.size();
            if (rs < 0) rs += len;
            if (re < 0) re += len;
            if (rs < 0) rs = 0;
            if (rs > re || rs >= len) {
                c.out.integer(0);
                return;
            }
            if (re >= len) re = len - 1;
            from = rs;
            to = re;
        } else {
            from = zr.first(z);
            to = zr.last(z);
        }
        List<byte[]> victims = new ArrayList<>();
        z.visit(from, to, false, (m, score) -> victims.add(m));
        for (byte[] m : victims) z.remove(m);
        if (!victims.isEmpty()) {
            if (z.size() == 0) c.db.delete(argv[1]);
            s.modified(c.db, argv[1]);
        }
        s.dirty += victims.size();
        c.out.integer(victims.size());
    }
}
