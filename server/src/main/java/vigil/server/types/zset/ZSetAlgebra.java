package vigil.server.types.zset;

import vigil.resp.Doubles;
import vigil.server.node.VigilServer;
import vigil.server.node.Client;
import vigil.resp.server.command.CommandTable;
import vigil.resp.server.command.Replies;
import vigil.server.keyspace.Dict;
import vigil.server.types.set.SetValue;
import vigil.util.Bytes;

import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;

/**
 * ZUNION, ZINTER, ZDIFF, their STORE forms and ZINTERCARD, as Redis 7.0's
 * zunionInterDiffGenericCommand: plain sets count as sorted sets with score 1, inputs are
 * ordered by size for union/intersection (so sums aggregate in Redis's order), NaN from
 * weights or SUM collapses to 0.
 */
final class ZSetAlgebra {
    private static final int UNION = 0, INTER = 1, DIFF = 2;
    private static final int SUM = 0, MIN = 1, MAX = 2;

    private ZSetAlgebra() {
    }

    static void register(CommandTable<Client> t, VigilServer s) {
        t.add("zunion", -3, "readonly movable_keys", 0, 0, 0, "sortedset", (c, a) -> run(s, c, a, null, 1, UNION, false));
        t.add("zinter", -3, "readonly movable_keys", 0, 0, 0, "sortedset", (c, a) -> run(s, c, a, null, 1, INTER, false));
        t.add("zdiff", -3, "readonly movable_keys", 0, 0, 0, "sortedset", (c, a) -> run(s, c, a, null, 1, DIFF, false));
        t.add("zunionstore", -4, "write denyoom movable_keys", 1, 1, 1, "sortedset", (c, a) -> run(s, c, a, a[1], 2, UNION, false));
        t.add("zinterstore", -4, "write denyoom movable_keys", 1, 1, 1, "sortedset", (c, a) -> run(s, c, a, a[1], 2, INTER, false));
        t.add("zdiffstore", -4, "write denyoom movable_keys", 1, 1, 1, "sortedset", (c, a) -> run(s, c, a, a[1], 2, DIFF, false));
        t.add("zintercard", -3, "readonly movable_keys", 0, 0, 0, "sortedset", (c, a) -> run(s, c, a, null, 1, INTER, true));
    }

    /** One input: a sorted set, a plain set (score 1) or nothing, with its weight. */
    private static final class Src {
        Object value;
        double weight = 1.0;

        int size() {
            if (value instanceof ZSetValue z) return z.size();
            if (value instanceof SetValue v) return v.size();
            return 0;
        }

        void forEach(ZSetValue.Visitor v) {
            if (value instanceof ZSetValue z) z.visit(0, z.size() - 1, false, v);
            else if (value instanceof SetValue set) set.forEach(m -> v.accept(m, 1.0));
        }

        /** Score of m in this input, NaN when absent. */
        double find(byte[] m) {
            if (value instanceof ZSetValue z) return z.score(m);
            if (value instanceof SetValue set) return set.contains(m) ? 1.0 : Double.NaN;
            return Double.NaN;
        }
    }

    private static double aggregate(double target, double val, int how) {
        if (how == SUM) {
            double r = target + val;
            return Double.isNaN(r) ? 0.0 : r;
        }
        if (how == MIN) return val < target ? val : target;
        return val > target ? val : target;
    }

    static void run(VigilServer s, Client c, byte[][] argv, byte[] dst, int numIdx, int op, boolean cardOnly) {
        Long setnum = Bytes.parseLong(argv[numIdx]);
        if (setnum == null) {
            c.out.error(Replies.NOT_INTEGER);
            return;
        }
        if (setnum < 1) {
            c.out.error("ERR at least 1 input key is needed for '" + Bytes.lower(argv[0]) + "' command");
            return;
        }
        if (setnum > argv.length - (numIdx + 1)) {
            c.out.error(Replies.SYNTAX);
            return;
        }
        int n = setnum.intValue();
        Src[] src = new Src[n];
        int j = numIdx + 1;
        for (int i = 0; i < n; i++, j++) {
            src[i] = new Src();
            Dict.Node node = c.db.lookupRead(argv[j]);
            if (node == null) continue;
            if (!(node.value instanceof ZSetValue) && !(node.value instanceof SetValue)) {
                c.out.error(Replies.WRONGTYPE);
                return;
            }
            src[i].value = node.value;
        }
        int how = SUM;
        boolean withScores = false;
        long limit = 0;
        while (j < argv.length) {
            int remaining = argv.length - j;
            if (op != DIFF && !cardOnly && remaining >= n + 1 && Bytes.is(argv[j], "weights")) {
                j++;
                for (int i = 0; i < n; i++, j++) {
                    Double w = Doubles.parseStrict(argv[j]);
                    if (w == null) {
                        c.out.error("ERR weight value is not a float");
                        return;
                    }
                    src[i].weight = w;
                }
            } else if (op != DIFF && !cardOnly && remaining >= 2 && Bytes.is(argv[j], "aggregate")) {
                byte[] a = argv[j + 1];
                if (Bytes.is(a, "sum")) how = SUM;
                else if (Bytes.is(a, "min")) how = MIN;
                else if (Bytes.is(a, "max")) how = MAX;
                else {
                    c.out.error(Replies.SYNTAX);
                    return;
                }
                j += 2;
            } else if (dst == null && !cardOnly && Bytes.is(argv[j], "withscores")) {
                j++;
                withScores = true;
            } else if (cardOnly && remaining >= 2 && Bytes.is(argv[j], "limit")) {
                Long l = Bytes.parseLong(argv[j + 1]);
                if (l == null || l < 0) {
                    c.out.error("ERR LIMIT can't be negative");
                    return;
                }
                limit = l;
                j += 2;
            } else {
                c.out.error(Replies.SYNTAX);
                return;
            }
        }
        if (op != DIFF) Arrays.sort(src, Comparator.comparingInt(Src::size));   // stable, like Redis's qsort here
        ZSetValue result = ZSetValue.skiplist();
        long card = 0;
        if (op == UNION) {
            Map<vigil.util.ByteKey, double[]> acc = new HashMap<>();
            java.util.List<byte[]> order = new java.util.ArrayList<>();
            int agg = how;
            for (Src x : src) {
                double w = x.weight;
                x.forEach((m, sc) -> {
                    double score = w * sc;
                    if (Double.isNaN(score)) score = 0;
                    vigil.util.ByteKey k = new vigil.util.ByteKey(m);
                    double[] cur = acc.get(k);
                    if (cur == null) {
                        acc.put(k, new double[]{score});
                        order.add(m);
                    } else {
                        cur[0] = aggregate(cur[0], score, agg);
                    }
                });
            }
            for (byte[] m : order) result.insert(s.encodingLimits, m, acc.get(new vigil.util.ByteKey(m))[0]);
        } else if (op == INTER) {
            if (src[0].size() > 0) {
                final int agg = how;
                final long lim = limit;
                long[] cnt = {0};
                boolean[] stop = {false};
                src[0].forEach((m, sc) -> {
                    if (stop[0]) return;
                    double score = src[0].weight * sc;
                    if (Double.isNaN(score)) score = 0;
                    for (int i = 1; i < src.length; i++) {
                        double v = src[i].find(m);
                        if (Double.isNaN(v)) return;
                        score = aggregate(score, v * src[i].weight, agg);
                    }
                    if (cardOnly) {
                        cnt[0]++;
                        if (lim > 0 && cnt[0] >= lim) stop[0] = true;
                    } else {
                        result.insert(s.encodingLimits, m, score);
                    }
                });
                card = cnt[0];
            }
        } else if (src[0].size() > 0) {
            src[0].forEach((m, sc) -> {
                for (int i = 1; i < src.length; i++) if (!Double.isNaN(src[i].find(m))) return;
                result.insert(s.encodingLimits, m, sc);
            });
        }
        if (cardOnly) {
            c.out.integer(card);
        } else if (dst != null) {
            ZRangeCommands.storeResult(s, c, dst, result);
        } else {
            int len = result.size();
            boolean nested = withScores && c.out.resp3();
            c.out.array(withScores && !nested ? len * 2 : len);
            boolean ws = withScores;
            result.visit(0, len - 1, false, (m, score) -> {
                if (nested) c.out.array(2);
                c.out.bulk(m);
                if (ws) c.out.dbl(score);
            });
        }
    }
}
