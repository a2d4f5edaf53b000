package vigil.server.types.set;

import vigil.server.node.VigilServer;
import vigil.server.node.Client;
import vigil.resp.server.command.CommandTable;
import vigil.util.Bytes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * SINTER, SINTERCARD, SUNION, SDIFF and their STORE forms, following Redis 7.0's
 * sinterGenericCommand / sunionDiffGenericCommand: every key is type-checked first, a missing
 * key is an empty set, results are built in a fresh intset-first set so the stored encoding is
 * the one Redis would pick.
 */
final class SetAlgebra {
    private SetAlgebra() {
    }

    static void register(CommandTable<Client> t, VigilServer s) {
        t.add("sinter", -2, "readonly", 1, -1, 1, "set", (c, a) -> inter(s, c, a, 1, a.length - 1, null, false, 0));
        t.add("sinterstore", -3, "write denyoom", 1, -1, 1, "set", (c, a) -> inter(s, c, a, 2, a.length - 2, a[1], false, 0));
        t.add("sintercard", -3, "readonly movable_keys", 0, 0, 0, "set", (c, a) -> sintercard(s, c, a));
        t.add("sunion", -2, "readonly", 1, -1, 1, "set", (c, a) -> unionDiff(s, c, a, 1, null, false));
        t.add("sunionstore", -3, "write denyoom", 1, -1, 1, "set", (c, a) -> unionDiff(s, c, a, 2, a[1], false));
        t.add("sdiff", -2, "readonly", 1, -1, 1, "set", (c, a) -> unionDiff(s, c, a, 1, null, true));
        t.add("sdiffstore", -3, "write denyoom", 1, -1, 1, "set", (c, a) -> unionDiff(s, c, a, 2, a[1], true));
    }

    /** Looks up keys argv[from..from+n); null after WRONGTYPE. Missing keys are null entries. */
    private static SetValue[] load(Client c, byte[][] argv, int from, int n) {
        SetValue[] sets = new SetValue[n];
        for (int i = 0; i < n; i++) {
            SetValue v = SetCommands.lookup(c, argv[from + i], false);
            if (v == SetCommands.WRONG) return null;
            sets[i] = v;
        }
        return sets;
    }

    static void sintercard(VigilServer s, Client c, byte[][] argv) {
        Long numkeys = Bytes.parseLong(argv[1]);
        if (numkeys == null || numkeys < 1) {
            c.out.error("ERR numkeys should be greater than 0");
            return;
        }
        if (numkeys > argv.length - 2) {
            c.out.error("ERR Number of keys can't be greater than number of args");
            return;
        }
        long limit = 0;
        for (int j = 2 + numkeys.intValue(); j < argv.length; j++) {
            if (Bytes.is(argv[j], "limit") && j + 1 < argv.length) {
                Long l = Bytes.parseLong(argv[++j]);
                if (l == null || l < 0) {
                    c.out.error("ERR LIMIT can't be negative");
                    return;
                }
                limit = l;
            } else {
                c.out.error(vigil.resp.server.command.Replies.SYNTAX);
                return;
            }
        }
        inter(s, c, argv, 2, numkeys.intValue(), null, true, limit);
    }

    /** SINTER / SINTERSTORE / SINTERCARD / SMEMBERS over argv[from..from+n). */
    static void inter(VigilServer s, Client c, byte[][] argv, int from, int n, byte[] dst, boolean cardOnly, long limit) {
        SetValue[] sets = load(c, argv, from, n);
        if (sets == null) return;
        boolean empty = false;
        for (SetValue v : sets) if (v == null) empty = true;
        List<byte[]> out = new ArrayList<>();
        if (!empty) {
            Arrays.sort(sets, Comparator.comparingInt(SetValue::size));
            SetValue first = sets[0];
            byte[][] members = first.members();
            for (byte[] m : members) {
                boolean all = true;
                for (int i = 1; i < sets.length && all; i++) {
                    if (sets[i] != first) all = sets[i].contains(m);
                }
                if (!all) continue;
                out.add(m);
                if (cardOnly && limit > 0 && out.size() >= limit) break;
            }
        }
        if (cardOnly) {
            c.out.integer(out.size());
        } else if (dst != null) {
            store(s, c, dst, out);
        } else {
            c.out.set(out.size());
            for (byte[] m : out) c.out.bulk(m);
        }
    }

    static void unionDiff(VigilServer s, Client c, byte[][] argv, int from, byte[] dst, boolean diff) {
        SetValue[] sets = load(c, argv, from, argv.length - from);
        if (sets == null) return;
        SetValue result = SetValue.emptyIntset();
        if (!diff) {
            for (SetValue v : sets) if (v != null) v.forEach(m -> result.add(s.encodingLimits, m));
        } else if (sets[0] != null) {
            sets[0].forEach(m -> {
                for (int i = 1; i < sets.length; i++) {
                    if (sets[i] != null && sets[i].contains(m)) return;
                }
                result.add(s.encodingLimits, m);
            });
        }
        if (dst != null) {
            storeValue(s, c, dst, result);
        } else {
            c.out.set(result.size());
            result.forEach(c.out::bulk);
        }
    }

    private static void store(VigilServer s, Client c, byte[] dst, List<byte[]> members) {
        SetValue result = SetValue.emptyIntset();
        for (byte[] m : members) result.add(s.encodingLimits, m);
        storeValue(s, c, dst, result);
    }

    /** Stores a result (deleting dst when it is empty) and replies with its size. */
    static void storeValue(VigilServer s, Client c, byte[] dst, SetValue result) {
        if (result.size() > 0) {
            c.db.set(dst, result, false);
            s.dirty++;
        } else if (c.db.delete(dst)) {
            s.dirty++;
        }
        c.out.integer(result.size());
    }
}
