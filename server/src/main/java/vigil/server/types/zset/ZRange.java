package vigil.server.types.zset;

import vigil.resp.Doubles;

import java.util.Arrays;

/**
 * Score and lex intervals as Redis 7.0 parses them (zslParseRange, zslParseLexRange), with the
 * two bounds as predicates for {@link ZSetValue#firstRank} / {@link ZSetValue#lastRank}.
 */
final class ZRange {
    static final String NOT_FLOAT = "ERR min or max is not a float";
    static final String NOT_LEX = "ERR min or max not valid string range item";

    /** A bound predicate pair: lower holds from the first member in range on, upper up to the last. */
    final SkipList.Bound lower;
    final SkipList.Bound upper;

    private ZRange(SkipList.Bound lower, SkipList.Bound upper) {
        this.lower = lower;
        this.upper = upper;
    }

    /** Parses a score interval; null when either end is not a float. */
    static ZRange score(byte[] min, byte[] max) {
        boolean minEx = min.length > 0 && min[0] == '(';
        boolean maxEx = max.length > 0 && max[0] == '(';
        Double lo = strtod(min, minEx ? 1 : 0);
        Double hi = strtod(max, maxEx ? 1 : 0);
        if (lo == null || hi == null) return null;
        double l = lo, h = hi;
        return new ZRange(minEx ? (s, e) -> s > l : (s, e) -> s >= l, maxEx ? (s, e) -> s < h : (s, e) -> s <= h);
    }

    /** C strtod with a full-consumption check: leading spaces are allowed, an empty string is 0, NaN is refused. */
    static Double strtod(byte[] b, int from) {
        if (from == b.length) return 0.0;
        int i = from;
        while (i < b.length && (b[i] == ' ' || (b[i] >= '\t' && b[i] <= '\r'))) i++;
        if (i == b.length) return null;
        return Doubles.parse(Arrays.copyOfRange(b, i, b.length));
    }

    /** Parses a lex interval; null when either end is malformed. */
    static ZRange lex(byte[] min, byte[] max) {
        Item lo = item(min), hi = item(max);
        if (lo == null || hi == null) return null;
        SkipList.Bound lower = (s, e) -> {
            if (lo.kind != 0) return lo.kind < 0;
            int c = Arrays.compareUnsigned(e, lo.value);
            return lo.exclusive ? c > 0 : c >= 0;
        };
        SkipList.Bound upper = (s, e) -> {
            if (hi.kind != 0) return hi.kind > 0;
            int c = Arrays.compareUnsigned(e, hi.value);
            return hi.exclusive ? c < 0 : c <= 0;
        };
        return new ZRange(lower, upper);
    }

    /** kind: -1 for "-", +1 for "+", 0 for a "[" or "(" string. */
    private record Item(int kind, boolean exclusive, byte[] value) { }

    private static Item item(byte[] b) {
        if (b.length == 0) return null;
        switch (b[0]) {
            case '+':
                return b.length == 1 ? new Item(1, true, null) : null;
            case '-':
                return b.length == 1 ? new Item(-1, true, null) : null;
            case '(':
                return new Item(0, true, Arrays.copyOfRange(b, 1, b.length));
            case '[':
                return new Item(0, false, Arrays.copyOfRange(b, 1, b.length));
            default:
                return null;
        }
    }

    /** Rank of the first member in range (size when none). */
    long first(ZSetValue z) {
        return z.firstRank(lower);
    }

    /** Rank of the last member in range (-1 when none). */
    long last(ZSetValue z) {
        return z.lastRank(upper);
    }
}
