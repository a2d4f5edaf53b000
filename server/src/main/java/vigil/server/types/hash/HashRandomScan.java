package vigil.server.types.hash;

import vigil.server.node.VigilServer;
import vigil.server.node.Client;
import vigil.resp.server.command.CommandTable;
import vigil.resp.server.command.Replies;
import vigil.server.command.Args;
import vigil.server.command.ScanArgs;
import vigil.server.keyspace.Dict;
import vigil.util.Bytes;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static vigil.server.types.hash.HashCommands.guard;

/**
 * HRANDFIELD (Redis 7.0's four cases: negative count samples with repetition, a count at least
 * the size returns the whole hash in order, otherwise distinct random fields) and HSCAN (one
 * reply with cursor 0 for the packed form; Redis's reverse-binary cursor over the hashtable).
 * Both are read-only: nothing to propagate.
 */
final class HashRandomScan {
    private final SplittableRandom rnd = new SplittableRandom();

    private HashRandomScan() {
    }

    static void register(CommandTable<Client> t, VigilServer server) {
        HashRandomScan h = new HashRandomScan();
        t.add("hrandfield", -2, "readonly", 1, 1, 1, "hash", guard(h::hrandfield));
        t.add("hscan", -3, "readonly", 1, 1, 1, "hash", guard(h::hscan));
    }

    private void hrandfield(Client c, byte[][] argv) {
        if (argv.length == 2) {
            HashValue h = HashCommands.get(c.db, argv[1], false);
            if (h == null) c.out.nullBulk();
            else c.out.bulk(h.random(rnd)[0]);
            return;
        }
        Long l = Args.randomCount(c, argv[2]);
        if (l == null) return;
        Boolean withValues = Args.randomWithOption(c, argv, l, "withvalues");
        if (withValues == null) return;
        HashValue h = HashCommands.get(c.db, argv[1], false);
        if (h == null) {
            c.out.array(0);
            return;
        }
        long count = Math.abs(l);
        boolean uniq = l >= 0;
        int size = h.size();
        if (count == 0) {
            c.out.array(0);
            return;
        }
        boolean resp3 = c.resp() == 3;
        if (!uniq || count == 1) {
            c.out.array((int) (withValues && !resp3 ? count * 2 : count));
            for (long i = 0; i < count; i++) writePair(c, h.random(rnd), withValues, resp3);
            return;
        }
        byte[][][] pairs = h.pairs();
        if (count >= size) {
            c.out.array(withValues && !resp3 ? size * 2 : size);
            for (byte[][] p : pairs) writePair(c, p, withValues, resp3);
            return;
        }
        // Distinct random fields: a partial Fisher-Yates shuffle of the pairs.
        int n = (int) count;
        for (int i = 0; i < n; i++) {
            int j = i + rnd.nextInt(size - i);
            byte[][] t = pairs[i];
            pairs[i] = pairs[j];
            pairs[j] = t;
        }
        c.out.array(withValues && !resp3 ? n * 2 : n);
        for (int i = 0; i < n; i++) writePair(c, pairs[i], withValues, resp3);
    }

    private static void writePair(Client c, byte[][] p, boolean withValues, boolean resp3) {
        if (!withValues) {
            c.out.bulk(p[0]);
        } else if (resp3) {
            c.out.array(2).bulk(p[0]).bulk(p[1]);
        } else {
            c.out.bulk(p[0]).bulk(p[1]);
        }
    }

    private void hscan(Client c, byte[][] argv) {
        Long cursor = ScanArgs.cursor(c, argv[2]);
        if (cursor == null) return;
        HashValue h = HashCommands.get(c.db, argv[1], false);
        if (h == null) {
            ScanArgs.empty(c);
            return;
        }
        ScanArgs sc = ScanArgs.options(c, argv, 3, cursor, false);
        if (sc == null) return;
        List<byte[]> out = new ArrayList<>();
        long next = 0;
        Dict d = h.dict();
        if (d == null) {
            h.forEach((fb, fo, fl, vb, vo, vl) -> {
                out.add(java.util.Arrays.copyOfRange(fb, fo, fo + fl));
                out.add(java.util.Arrays.copyOfRange(vb, vo, vo + vl));
            });
        } else {
            next = sc.scan(cur -> d.scan(cur, n -> {
                out.add(n.key);
                out.add((byte[]) n.value);
            }), () -> out.size() / 2);
        }
        sc.reply(c, next, out, true);
    }
}
