package vigil.server.types.zset;

import vigil.server.keyspace.CollectionValue;
import vigil.server.keyspace.KeyMemory;
import vigil.server.keyspace.Dict;
import vigil.server.config.EncodingLimits;

/**
 * A sorted set with Redis 7.0's two encodings: "listpack" ({@link PackedZSet}, packed, for at
 * most zset-max-listpack-entries members of at most zset-max-listpack-value bytes) and
 * "skiplist" ({@link SkipList} for order and ranks plus a {@link Dict} from member to node for
 * O(1) score lookups and ZSCAN's cursor). Commands work through ranks and rank bounds, so both
 * encodings answer every range query the same way. Scores are never NaN; {@link #score}
 * returns NaN for an absent member.
 */
public final class ZSetValue implements CollectionValue {
    /** Receives one (member, score) pair. */
    public interface Visitor {
        void accept(byte[] member, double score);
    }

    private PackedZSet lp;
    private SkipList sl;
    private Dict dict;

    private ZSetValue(boolean listpack) {
        if (listpack) {
            lp = new PackedZSet();
        } else {
            sl = new SkipList();
            dict = new Dict();
        }
    }

    /** The encoding ZADD picks for a new key from its first member, as Redis 7.0. */
    public static ZSetValue forFirstMember(EncodingLimits limits, byte[] member) {
        return new ZSetValue(limits.zsetMaxListpackEntries > 0 && member.length <= limits.zsetMaxListpackValue);
    }

    /** An empty set that starts as a skiplist (results that are shrunk with {@link #shrinkIfFits}). */
    public static ZSetValue skiplist() {
        return new ZSetValue(false);
    }

    public boolean isListpack() {
        return lp != null;
    }

    @Override
    public String typeName() {
        return "zset";
    }

    @Override
    public String encoding() {
        return lp != null ? "listpack" : "skiplist";
    }

    /** This object (header, lp, sl, dict) and a PackedZSet or SkipList object. */
    private static final long SELF = 24 + 24;
    /**
     * A skiplist element besides its member bytes: the Dict node, the SkipList.Node (40) and its
     * forward and span arrays at the average level of 4/3 (24 + 32).
     */
    private static final long SKIPLIST_ELEMENT = KeyMemory.NODE + 40 + 24 + 32;

    @Override
    public long estimatedBytes() {
        return estimatedBytes(Integer.MAX_VALUE);
    }

    @Override
    public long estimatedBytes(int samples) {
        if (lp != null) return SELF + KeyMemory.array(lp.buf.length);
        return SELF + dict.estimateBytes(samples, n -> SKIPLIST_ELEMENT + KeyMemory.array(n.key.length));
    }

    @Override
    public int size() {
        return lp != null ? lp.count : sl.length;
    }

    @Override
    public ZSetValue copy() {
        ZSetValue c = new ZSetValue(lp != null);
        if (lp != null) c.lp = lp.copy();
        else visit(0, size() - 1, false, (m, score) -> c.dict.add(m, c.sl.insert(score, m)));
        return c;
    }

    /** The member's score, NaN when absent. */
    public double score(byte[] m) {
        if (lp != null) {
            int off = lp.find(m);
            return off < 0 ? Double.NaN : lp.score(off);
        }
        Dict.Node n = dict.get(m);
        return n == null ? Double.NaN : ((SkipList.Node) n.value).score;
    }

    /** Adds a member known to be absent, converting to a skiplist past the thresholds. */
    public void insert(EncodingLimits limits, byte[] m, double score) {
        if (lp != null && (lp.count + 1 > limits.zsetMaxListpackEntries || m.length > limits.zsetMaxListpackValue)) {
            toSkiplist();
        }
        if (lp != null) {
            lp.insert(m, score);
        } else {
            dict.add(m, sl.insert(score, m));
        }
    }

    /** Changes the score of a present member. */
    public void update(byte[] m, double oldScore, double score) {
        if (lp != null) {
            lp.delete(lp.find(m));
            lp.insert(m, score);
        } else {
            Dict.Node n = dict.get(m);
            SkipList.Node node = (SkipList.Node) n.value;
            sl.delete(oldScore, node.ele);
            n.value = sl.insert(score, node.ele);
        }
    }

    public boolean remove(byte[] m) {
        if (lp != null) {
            int off = lp.find(m);
            if (off < 0) return false;
            lp.delete(off);
            return true;
        }
        Dict.Node n = dict.remove(m);
        if (n == null) return false;
        SkipList.Node node = (SkipList.Node) n.value;
        sl.delete(node.score, node.ele);
        return true;
    }

    /** 0-based ascending rank, -1 when absent. */
    public long rank(byte[] m) {
        if (lp != null) {
            int r = 0;
            for (int off = 0; off < lp.used; off = lp.next(off), r++) if (lp.memberEquals(off, m)) return r;
            return -1;
        }
        Dict.Node n = dict.get(m);
        if (n == null) return -1;
        SkipList.Node node = (SkipList.Node) n.value;
        return sl.rank(node.score, node.ele) - 1;
    }

    /** Rank of the first element satisfying {@code lower} searching from the head (size() when none). */
    public long firstRank(SkipList.Bound lower) {
        if (lp == null) return sl.countBefore(lower);
        int r = 0;
        for (int off = 0; off < lp.used; off = lp.next(off), r++) {
            if (lower.test(lp.score(off), lp.member(off))) return r;
        }
        return r;
    }

    /** Rank of the last element satisfying {@code upper} searching from the tail (-1 when none). */
    public long lastRank(SkipList.Bound upper) {
        if (lp == null) return sl.countWhile(upper) - 1;
        int[] offs = lp.offsets();
        for (int i = offs.length - 1; i >= 0; i--) {
            if (upper.test(lp.score(offs[i]), lp.member(offs[i]))) return i;
        }
        return -1;
    }

    /** Visits ranks from..to (inclusive, from <= to, both in range); reverse walks to..from. */
    public void visit(long from, long to, boolean reverse, Visitor v) {
        if (from > to) return;
        if (lp != null) {
            int[] offs = lp.offsets();
            if (!reverse) {
                for (int i = (int) from; i <= to; i++) v.accept(lp.member(offs[i]), lp.score(offs[i]));
            } else {
                for (int i = (int) to; i >= from; i--) v.accept(lp.member(offs[i]), lp.score(offs[i]));
            }
            return;
        }
        SkipList.Node x = sl.byRank((reverse ? to : from) + 1);
        for (long i = to - from; i >= 0 && x != null; i--) {
            v.accept(x.ele, x.score);
            x = reverse ? x.backward : x.forward[0];
        }
    }

    public byte[] memberAt(long rank) {
        byte[][] out = new byte[1][];
        visit(rank, rank, false, (m, s) -> out[0] = m);
        return out[0];
    }

    /** One ZSCAN step; a listpack is visited whole and returns 0. */
    public long scan(long cursor, Visitor v) {
        if (lp != null) {
            visit(0, size() - 1, false, v);
            return 0;
        }
        return dict.scan(cursor, n -> {
            SkipList.Node node = (SkipList.Node) n.value;
            v.accept(node.ele, node.score);
        });
    }

    /** Converts a skiplist back to a listpack when it fits (stored results, as zsetConvertToListpackIfNeeded). */
    public void shrinkIfFits(EncodingLimits limits) {
        if (lp != null || sl.length > limits.zsetMaxListpackEntries) return;
        int[] maxLen = {0};
        dict.forEach(n -> maxLen[0] = Math.max(maxLen[0], n.key.length));
        if (maxLen[0] > limits.zsetMaxListpackValue) return;
        PackedZSet p = new PackedZSet();
        for (SkipList.Node x = sl.header.forward[0]; x != null; x = x.forward[0]) p.insert(x.ele, x.score);
        lp = p;
        sl = null;
        dict = null;
    }

    /** Forces the skiplist encoding (SORT does this destructively in Redis 7.0). */
    public void convertToSkiplist() {
        if (lp != null) toSkiplist();
    }

    private void toSkiplist() {
        SkipList s = new SkipList();
        Dict d = new Dict();
        int[] offs = lp.offsets();
        for (int off : offs) {
            byte[] m = lp.member(off);
            d.add(m, s.insert(lp.score(off), m));
        }
        sl = s;
        dict = d;
        lp = null;
    }
}
