package vigil.server.types.sort;

import vigil.server.node.VigilServer;
import vigil.server.node.Client;
import vigil.resp.server.command.CommandTable;
import vigil.resp.server.command.Replies;
import vigil.server.keyspace.Db;
import vigil.server.keyspace.Dict;
import vigil.server.types.set.SetValue;
import vigil.server.types.zset.ZSetValue;
import vigil.util.Bytes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * SORT and SORT_RO over sets, sorted sets and (through {@link SortHooks}) lists, as Redis 7.0's
 * sortCommandGeneric: BY pattern (no '*' means "don't sort"), GET patterns with "#" and
 * "key->field", LIMIT, ASC/DESC, ALPHA, STORE. Numeric ties break by comparing the elements,
 * so the order is deterministic; a set sorted for STORE without a sort key is sorted ALPHA so
 * replicas get the same list.
 */
public final class SortCommand {
    private SortCommand() {
    }

    public static void register(CommandTable<Client> t, VigilServer s) {
        t.add("sort", -2, "write denyoom movable_keys", 1, 1, 1, "generic", (c, a) -> sort(s, c, a, false));
        t.add("sort_ro", -2, "readonly movable_keys", 1, 1, 1, "generic", (c, a) -> sort(s, c, a, true));
    }

    private static final class Item {
        final byte[] obj;
        double score;
        byte[] cmp;

        Item(byte[] obj) {
            this.obj = obj;
        }
    }

    static void sort(VigilServer s, Client c, byte[][] argv, boolean readonly) {
        boolean desc = false, alpha = false, dontsort = false;
        long limitStart = 0, limitCount = -1;
        byte[] by = null, store = null;
        List<byte[]> gets = new ArrayList<>();
        for (int j = 2; j < argv.length; j++) {
            int left = argv.length - j - 1;
            byte[] a = argv[j];
            if (Bytes.is(a, "asc")) {
                desc = false;
            } else if (Bytes.is(a, "desc")) {
                desc = true;
            } else if (Bytes.is(a, "alpha")) {
                alpha = true;
            } else if (Bytes.is(a, "limit") && left >= 2) {
                Long st = Bytes.parseLong(argv[j + 1]);
                Long cn = st == null ? null : Bytes.parseLong(argv[j + 2]);
                if (cn == null) {
                    c.out.error(Replies.NOT_INTEGER);
                    return;
                }
                limitStart = st;
                limitCount = cn;
                j += 2;
            } else if (!readonly && Bytes.is(a, "store") && left >= 1) {
                store = argv[++j];
            } else if (Bytes.is(a, "by") && left >= 1) {
                by = argv[++j];
                dontsort = indexOf(by, (byte) '*', 0) < 0;
            } else if (Bytes.is(a, "get") && left >= 1) {
                gets.add(argv[++j]);
            } else {
                c.out.error(Replies.SYNTAX);
                return;
            }
        }
        Dict.Node node = c.db.lookupRead(argv[1]);
        Object val = node == null ? null : node.value;
        List<byte[]> listElems = val == null ? null : SortHooks.listElements.apply(val);
        if (val != null && !(val instanceof SetValue) && !(val instanceof ZSetValue) && listElems == null) {
            c.out.error(Replies.WRONGTYPE);
            return;
        }
        if (dontsort && val instanceof SetValue && store != null) {
            dontsort = false;
            alpha = true;
            by = null;
        }
        if (val instanceof ZSetValue z && z.isListpack()) z.convertToSkiplist();   // Redis converts destructively

        int vectorlen = val == null ? 0 : listElems != null ? listElems.size() : ((vigil.server.keyspace.CollectionValue) val).size();
        long start = limitStart < 0 ? 0 : limitStart;
        long end = limitCount < 0 ? vectorlen - 1 : start + limitCount - 1;
        if (start >= vectorlen) {
            start = vectorlen - 1;
            end = vectorlen - 2;
        }
        if (end >= vectorlen) end = vectorlen - 1;

        List<Item> vector = new ArrayList<>();
        boolean ordered = listElems != null || val instanceof ZSetValue;
        if (ordered && dontsort) {
            // Native order (reversed by DESC), loading only the LIMIT window.
            if (end >= start) {
                int total = vectorlen;
                for (long r = start; r <= end; r++) {
                    long idx = desc ? total - 1 - r : r;
                    vector.add(new Item(listElems != null ? listElems.get((int) idx) : ((ZSetValue) val).memberAt(idx)));
                }
            }
            end -= start;
            start = 0;
        } else if (listElems != null) {
            for (byte[] e : listElems) vector.add(new Item(e));
        } else if (val instanceof SetValue set) {
            set.forEach(m -> vector.add(new Item(m)));
        } else if (val instanceof ZSetValue z) {
            z.visit(0, z.size() - 1, false, (m, sc) -> vector.add(new Item(m)));
        }

        if (!dontsort) {
            boolean conversionError = false;
            for (Item it : vector) {
                byte[] byval;
                if (by != null) {
                    byval = lookupByPattern(c.db, by, it.obj);
                    if (byval == null) continue;
                } else {
                    byval = it.obj;
                }
                if (alpha) {
                    if (by != null) it.cmp = byval;
                } else {
                    Double d = strtod(byval);
                    if (d == null) conversionError = true;
                    else it.score = d;
                }
            }
            if (conversionError) {
                c.out.error("ERR One or more scores can't be converted into double");
                return;
            }
            final boolean fAlpha = alpha, fBy = by != null, fDesc = desc;
            vector.sort((a, b) -> {
                int cmp;
                if (!fAlpha) {
                    cmp = a.score > b.score ? 1 : a.score < b.score ? -1 : Arrays.compareUnsigned(a.obj, b.obj);
                } else if (fBy) {
                    if (a.cmp == null || b.cmp == null) cmp = a.cmp == b.cmp ? 0 : a.cmp == null ? -1 : 1;
                    else cmp = Arrays.compareUnsigned(a.cmp, b.cmp);
                } else {
                    cmp = Arrays.compareUnsigned(a.obj, b.obj);
                }
                return fDesc ? -cmp : cmp;
            });
        }

        int rows = (int) Math.max(0, end - start + 1);
        int outputlen = gets.isEmpty() ? rows : gets.size() * rows;
        if (store == null) {
            c.out.array(outputlen);
            for (long j = start; j <= end; j++) {
                Item it = vector.get((int) j);
                if (gets.isEmpty()) c.out.bulk(it.obj);
                for (byte[] g : gets) c.out.bulk(lookupByPattern(c.db, g, it.obj));
            }
            return;
        }
        List<byte[]> out = new ArrayList<>(outputlen);
        for (long j = start; j <= end; j++) {
            Item it = vector.get((int) j);
            if (gets.isEmpty()) out.add(it.obj);
            for (byte[] g : gets) {
                byte[] v = lookupByPattern(c.db, g, it.obj);
                out.add(v == null ? new byte[0] : v);
            }
        }
        if (outputlen > 0) {
            c.db.set(store, SortHooks.newList.apply(s.encodingLimits, out), false);
            s.dirty += outputlen;
        } else if (c.db.delete(store)) {
            s.dirty++;
        }
        c.out.integer(outputlen);
    }

    private static int indexOf(byte[] b, byte x, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == 0) return -1;   // C string semantics
            if (b[i] == x) return i;
        }
        return -1;
    }

    /**
     * Redis's lookupKeyByPattern: "#" is the element itself; the first '*' is replaced by the
     * element; "->field" after it reads a hash field. Only strings (or hash fields) are found.
     */
    static byte[] lookupByPattern(Db db, byte[] pattern, byte[] subst) {
        if (pattern.length >= 1 && pattern[0] == '#' && (pattern.length == 1 || pattern[1] == 0)) return subst;
        int p = indexOf(pattern, (byte) '*', 0);
        if (p < 0) return null;
        int f = -1;
        for (int i = p + 1; i + 1 < pattern.length; i++) {
            if (pattern[i] == '-' && pattern[i + 1] == '>') {
                f = i;
                break;
            }
        }
        byte[] field = null;
        if (f >= 0 && f + 2 < pattern.length) field = Arrays.copyOfRange(pattern, f + 2, pattern.length);
        int postEnd = field != null ? f : pattern.length;
        byte[] key = new byte[p + subst.length + (postEnd - p - 1)];
        System.arraycopy(pattern, 0, key, 0, p);
        System.arraycopy(subst, 0, key, p, subst.length);
        System.arraycopy(pattern, p + 1, key, p + subst.length, postEnd - p - 1);
        Dict.Node n = db.lookupRead(key);
        if (n == null) return null;
        if (field != null) {
            if (n.value instanceof byte[]) return null;
            return SortHooks.hashField.apply(n.value, field);
        }
        return n.value instanceof byte[] b ? b : null;
    }

    /** strtod with Redis's SORT checks (whole string consumed, no overflow, no NaN); null when invalid. */
    static Double strtod(byte[] b) {
        int len = 0;
        while (len < b.length && b[len] != 0) len++;   // strtod reads a C string: it ends at the first NUL
        if (len == 0) return 0.0;            // nothing converted, and eptr[0] is the terminator
        int i = 0;
        while (i < len && (b[i] == ' ' || (b[i] >= '\t' && b[i] <= '\r'))) i++;
        if (i == len) return null;
        Double d = vigil.resp.Doubles.parse(Arrays.copyOfRange(b, i, len));
        if (d == null) return null;
        if (Double.isInfinite(d)) {
            String t = Bytes.str(Arrays.copyOf(b, len)).trim().toLowerCase();
            if (!t.contains("inf")) return null;   // ERANGE overflow
        }
        return d;
    }
}
