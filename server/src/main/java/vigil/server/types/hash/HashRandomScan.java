package vigil.server.types.hash;

import vigil.server.VigilServer;
import vigil.server.client.Client;
import vigil.resp.server.command.CommandTable;
import vigil.resp.server.command.Replies;
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
        Long l = Bytes.parseLong(argv[2]);
        if (l == null) {
            c.out.error(Replies.NOT_INTEGER);
            return;
        }
        if (l == Long.MIN_VALUE) {
            c.out.error("ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807");
            return;
        }
        boolean withValues = false;
        if (argv.length > 4 || (argv.length == 4 && !Bytes.is(argv[3], "withvalues"))) {
            c.out.error(Replies.SYNTAX);
            return;
        } else if (argv.length == 4) {
            withValues = true;
            if (l < -Long.MAX_VALUE / 2 || l > Long.MAX_VALUE / 2) {
                c.out.error("ERR value is out of range");
                return;
            }
        }
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

    /** strtoul's view of a cursor: optional sign, digits, wrap-around for negatives; null on error. */
    static Long parseCursor(byte[] b) {
        int i = 0;
        while (i < b.length && (b[i] == ' ' || (b[i] >= '\t' && b[i] <= '\r'))) i++;
        boolean neg = false;
        if (i < b.length && (b[i] == '-' || b[i] == '+')) neg = b[i++] == '-';
        int start = i;
        long v = 0;
        for (; i < b.length; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) return null;
            if (Long.compareUnsigned(v, Long.divideUnsigned(-1L, 10)) > 0) return null;
            long nv = v * 10 + d;
            if (Long.compareUnsigned(nv, v * 10) < 0) return null;
            v = nv;
        }
        if (i == start && start != 0) return null;   // a sign without digits
        return neg ? -v : v;
    }

    private void hscan(Client c, byte[][] argv) {
        Long cursor = parseCursor(argv[2]);
        if (cursor == null) {
            c.out.error("ERR invalid cursor");
            return;
        }
        HashValue h = HashCommands.get(c.db, argv[1], false);
        if (h == null) {
            c.out.array(2).bulk(Bytes.of("0")).array(0);
            return;
        }
        long count = 10;
        byte[] pattern = null;
        for (int i = 3; i < argv.length; i++) {
            boolean more = i + 1 < argv.length;
            if (more && Bytes.is(argv[i], "count")) {
                Long n = Bytes.parseLong(argv[++i]);
                if (n == null) {
                    c.out.error(Replies.NOT_INTEGER);
                    return;
                }
                if (n < 1) {
                    c.out.error(Replies.SYNTAX);
                    return;
                }
                count = n;
            } else if (more && Bytes.is(argv[i], "match")) {
                pattern = argv[++i];
                if (pattern.length == 1 && pattern[0] == '*') pattern = null;
            } else {
                c.out.error(Replies.SYNTAX);
                return;
            }
        }
        List<byte[]> out = new ArrayList<>();
        long next = 0;
        Dict d = h.dict();
        if (d == null) {
            h.forEach((fb, fo, fl, vb, vo, vl) -> {
                out.add(java.util.Arrays.copyOfRange(fb, fo, fo + fl));
                out.add(java.util.Arrays.copyOfRange(vb, vo, vo + vl));
            });
        } else {
            long maxIterations = count * 10;
            next = cursor;
            do {
                next = d.scan(next, n -> {
                    out.add(n.key);
                    out.add((byte[]) n.value);
                });
            } while (next != 0 && maxIterations-- > 0 && out.size() / 2 < count);
        }
        List<byte[]> kept = out;
        if (pattern != null) {
            kept = new ArrayList<>();
            for (int i = 0; i < out.size(); i += 2) {
                if (Bytes.globMatch(pattern, out.get(i), false)) {
                    kept.add(out.get(i));
                    kept.add(out.get(i + 1));
                }
            }
        }
        c.out.array(2).bulk(Bytes.of(Long.toUnsignedString(next))).array(kept.size());
        for (byte[] b : kept) c.out.bulk(b);
    }
}
