package vigil.server.types.zset;

import vigil.server.node.VigilServer;
import vigil.server.node.BlockingManager;
import vigil.server.client.Timeouts;
import vigil.server.node.Client;
import vigil.resp.server.command.CommandTable;
import vigil.resp.server.command.Replies;
import vigil.server.command.Args;
import vigil.server.keyspace.Db;
import vigil.util.Bytes;

import java.util.Arrays;

import java.util.SplittableRandom;

/**
 * ZPOPMIN/ZPOPMAX, ZMPOP, the blocking BZPOPMIN/BZPOPMAX/BZMPOP, and ZRANDMEMBER, with Redis
 * 7.0's reply shapes (flat pairs, RESP3 nested pairs, key-prefixed forms) and its propagated
 * forms: ZMPOP and the blocking pops go out as ZPOPMIN/ZPOPMAX (with the popped count for the
 * COUNT forms). A blocking pop with every key empty waits in the {@link BlockingManager} and is
 * served, as serveClientsBlockedOnSortedSetKey does, when a key becomes a non-empty sorted set.
 */
public final class ZPopCommands {
    private static final SplittableRandom RND = new SplittableRandom();
    private static final byte[] ZPOPMIN = Bytes.of("ZPOPMIN");
    private static final byte[] ZPOPMAX = Bytes.of("ZPOPMAX");

    private ZPopCommands() {
    }

    static void register(CommandTable<Client> t, VigilServer s) {
        t.add("zpopmin", -2, "write fast", 1, 1, 1, "sortedset", (c, a) -> zpop(s, c, a, false));
        t.add("zpopmax", -2, "write fast", 1, 1, 1, "sortedset", (c, a) -> zpop(s, c, a, true));
        t.add("zmpop", -4, "write movable_keys", 0, 0, 0, "sortedset", (c, a) -> zmpop(s, c, a, 1, -1));
        t.add("bzpopmin", -3, "write noscript blocking fast", 1, -2, 1, "sortedset", (c, a) -> bzpop(s, c, a, false));
        t.add("bzpopmax", -3, "write noscript blocking fast", 1, -2, 1, "sortedset", (c, a) -> bzpop(s, c, a, true));
        t.add("bzmpop", -5, "write blocking movable_keys", 0, 0, 0, "sortedset", (c, a) -> bzmpop(s, c, a));
        t.add("zrandmember", -2, "readonly", 1, 1, 1, "sortedset", ZPopCommands::zrandmember);
    }

    static void zpop(VigilServer s, Client c, byte[][] argv, boolean max) {
        if (argv.length > 3) {
            c.out.error(Replies.SYNTAX);
            return;
        }
        long count = -1;
        if (argv.length == 3) {
            Long v = Bytes.parseLong(argv[2]);
            if (v == null || v < 0) {
                c.out.error("ERR value is out of range, must be positive");
                return;
            }
            count = v;
        }
        boolean nested = c.out.resp3() && count != -1;
        ZSetValue z = ZSetCommands.lookup(c, argv[1], true);
        if (z == ZSetCommands.WRONG) return;
        if (z == null || count == 0) {
            c.out.array(0);
            return;
        }
        pop(s, c, c.db, argv[1], z, max, count == -1 ? 1 : count, false, nested);
    }

    /**
     * Pops up to count members from a non-empty set and writes them: flat pairs, nested pairs,
     * or with the key first (emitKey: BZPOP* flat, ZMPOP nested). Returns the number popped.
     */
    static long pop(VigilServer s, Client c, Db db, byte[] key, ZSetValue z, boolean max, long count, boolean emitKey, boolean nested) {
        long n = Math.min(count, z.size());
        if (!nested && !emitKey) {
            c.out.array((int) n * 2);
        } else if (nested && !emitKey) {
            c.out.array((int) n);
        } else if (!nested) {
            c.out.array((int) n * 2 + 1);
            c.out.bulk(key);
        } else {
            c.out.array(2);
            c.out.bulk(key);
            c.out.array((int) n);
        }
        for (long i = 0; i < n; i++) {
            long rank = max ? z.size() - 1 : 0;
            byte[][] m = new byte[1][];
            double[] sc = new double[1];
            z.visit(rank, rank, false, (mm, ss) -> {
                m[0] = mm;
                sc[0] = ss;
            });
            z.remove(m[0]);
            if (nested) c.out.array(2);
            c.out.bulk(m[0]);
            c.out.dbl(sc[0]);
        }
        if (z.size() == 0) db.delete(key);
        s.modified(db, key);
        s.dirty += n;
        return n;
    }

    /** ZMPOP numkeys key... MIN|MAX [COUNT n]; BZMPOP passes numkeysIdx 2. */
    static void zmpop(VigilServer s, Client c, byte[][] argv, int numkeysIdx, long deadline) {
        Long numkeys = Bytes.parseLong(argv[numkeysIdx]);
        if (numkeys == null || numkeys < 1) {
            c.out.error("ERR numkeys should be greater than 0");
            return;
        }
        long whereIdx = numkeysIdx + numkeys + 1;
        if (whereIdx >= argv.length) {
            c.out.error(Replies.SYNTAX);
            return;
        }
        boolean max;
        if (Bytes.is(argv[(int) whereIdx], "min")) max = false;
        else if (Bytes.is(argv[(int) whereIdx], "max")) max = true;
        else {
            c.out.error(Replies.SYNTAX);
            return;
        }
        long count = -1;
        for (int j = (int) whereIdx + 1; j < argv.length; j++) {
            if (count == -1 && Bytes.is(argv[j], "count") && j + 1 < argv.length) {
                Long v = Bytes.parseLong(argv[++j]);
                if (v == null || v < 1) {
                    c.out.error("ERR count should be greater than 0");
                    return;
                }
                count = v;
            } else {
                c.out.error(Replies.SYNTAX);
                return;
            }
        }
        if (count == -1) count = 1;
        for (int i = 0; i < numkeys; i++) {
            byte[] key = argv[numkeysIdx + 1 + i];
            ZSetValue z = ZSetCommands.lookup(c, key, true);
            if (z == ZSetCommands.WRONG) return;
            if (z == null) continue;
            long n = pop(s, c, c.db, key, z, max, count, true, true);
            s.dispatcher.rewrite(new byte[][]{max ? ZPOPMAX : ZPOPMIN, key, Bytes.fromLong(n)});
            return;
        }
        blockOrNull(s, c, Arrays.copyOfRange(argv, numkeysIdx + 1, (int) whereIdx), deadline, max, count);
    }

    static void bzpop(VigilServer s, Client c, byte[][] argv, boolean max) {
        long deadline = Timeouts.deadline(c, argv[argv.length - 1], s.now());
        if (deadline < 0) return;
        for (int i = 1; i < argv.length - 1; i++) {
            ZSetValue z = ZSetCommands.lookup(c, argv[i], true);
            if (z == ZSetCommands.WRONG) return;
            if (z == null) continue;
            pop(s, c, c.db, argv[i], z, max, 1, true, false);
            s.dispatcher.rewrite(new byte[][]{max ? ZPOPMAX : ZPOPMIN, argv[i]});
            return;
        }
        blockOrNull(s, c, Arrays.copyOfRange(argv, 1, argv.length - 1), deadline, max, -1);
    }

    static void bzmpop(VigilServer s, Client c, byte[][] argv) {
        long deadline = Timeouts.deadline(c, argv[1], s.now());
        if (deadline < 0) return;
        zmpop(s, c, argv, 2, deadline);
    }

    /**
     * Every key was empty: ZMPOP (deadline -1) and blocking pops that may not block (MULTI,
     * scripts) answer a null array; the others wait. count -1 is BZPOPMIN/BZPOPMAX (flat reply,
     * propagated without COUNT), otherwise BZMPOP (nested reply, COUNT n propagated).
     */
    private static void blockOrNull(VigilServer s, Client c, byte[][] keys, long deadline, boolean max, long count) {
        BlockingManager blocking = s.blocking;
        if (deadline < 0 || !blocking.mayBlock(c)) {
            c.out.nullArray();
            return;
        }
        blocking.block(c, keys, deadline, new BlockingManager.Waiter() {
            @Override
            public boolean serve(Client bc, Db db, byte[] key) {
                if (!(db.get(key) instanceof ZSetValue z) || z.size() == 0) return false;
                if (count < 0) {
                    pop(s, bc, db, key, z, max, 1, true, false);
                    s.propagation.propagate(db.id, new byte[][]{max ? ZPOPMAX : ZPOPMIN, key});
                } else {
                    long n = pop(s, bc, db, key, z, max, count, true, true);
                    s.propagation.propagate(db.id, new byte[][]{max ? ZPOPMAX : ZPOPMIN, key, Bytes.fromLong(n)});
                }
                return true;
            }

            @Override
            public void timeout(Client bc) {
                bc.out.nullArray();
            }
        });
    }

    static void zrandmember(Client c, byte[][] argv) {
        if (argv.length == 2) {
            ZSetValue z = ZSetCommands.lookup(c, argv[1], false);
            if (z == ZSetCommands.WRONG) return;
            c.out.bulk(z == null ? null : z.memberAt(RND.nextInt(z.size())));
            return;
        }
        Long l = Args.randomCount(c, argv[2]);
        if (l == null) return;
        Boolean ws = Args.randomWithOption(c, argv, l, "withscores");
        if (ws == null) return;
        boolean uniq = l >= 0;
        long count = Math.abs(l);
        ZSetValue z = ZSetCommands.lookup(c, argv[1], false);
        if (z == ZSetCommands.WRONG) return;
        if (z == null || count == 0) {
            c.out.array(0);
            return;
        }
        boolean withScores = ws;
        boolean nested = ws && c.out.resp3();
        int size = z.size();
        ZSetValue.Visitor emit = (m, score) -> {
            if (nested) c.out.array(2);
            c.out.bulk(m);
            if (withScores) c.out.dbl(score);
        };
        if (!uniq || count == 1) {
            c.out.array((int) (withScores && !nested ? count * 2 : count));
            for (long i = 0; i < count; i++) {
                long r = RND.nextInt(size);
                z.visit(r, r, false, emit);
            }
            return;
        }
        if (count >= size) {
            c.out.array(withScores && !nested ? size * 2 : size);
            z.visit(0, size - 1, true, emit);
            return;
        }
        long[] ranks = new long[size];
        for (int i = 0; i < size; i++) ranks[i] = i;
        c.out.array((int) (withScores && !nested ? count * 2 : count));
        for (int i = 0; i < count; i++) {
            int j = i + RND.nextInt(size - i);
            long t = ranks[i];
            ranks[i] = ranks[j];
            ranks[j] = t;
            z.visit(ranks[i], ranks[i], false, emit);
        }
    }
}
