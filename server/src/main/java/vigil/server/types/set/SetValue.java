package vigil.server.types.set;

import vigil.server.keyspace.CollectionValue;
import vigil.server.keyspace.KeyMemory;
import vigil.server.keyspace.Dict;
import vigil.server.config.EncodingLimits;
import vigil.util.Bytes;

import java.util.Arrays;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * A set value with Redis 7.0's two encodings: "intset" (a sorted packed long[] while every
 * member is a canonical integer and there are at most set-max-intset-entries of them) and
 * "hashtable" (a {@link Dict} of the member bytes, which gives SSCAN's reverse-binary cursor and
 * fair random members). Conversion is one way, as in Redis.
 */
public final class SetValue implements CollectionValue {
    private static final long[] NO_INTS = new long[0];
    /** The intset: sorted, exactly n long (no growth slack, as Redis reallocs its intset). */
    private long[] ints;
    private int n;
    private Dict dict;

    private SetValue(boolean intset) {
        if (intset) ints = NO_INTS;
        else dict = new Dict();
    }

    /** An empty set in the encoding Redis picks for its first member (setTypeCreate). */
    public static SetValue forMember(EncodingLimits limits, byte[] first) {
        return new SetValue(Bytes.parseLong(first) != null && limits.setMaxIntsetEntries > 0);
    }

    /** An empty intset (SINTERSTORE & co start from one, as Redis's createIntsetObject). */
    public static SetValue emptyIntset() {
        return new SetValue(true);
    }

    public boolean isIntset() {
        return dict == null;
    }

    @Override
    public String typeName() {
        return "set";
    }

    @Override
    public String encoding() {
        return dict == null ? "intset" : "hashtable";
    }

    /** This object: header, ints, n, dict. */
    private static final long SELF = 24;

    @Override
    public long estimatedBytes() {
        return estimatedBytes(Integer.MAX_VALUE);
    }

    @Override
    public long estimatedBytes(int samples) {
        if (dict == null) return SELF + KeyMemory.align(16 + 8L * ints.length);
        return SELF + dict.estimateBytes(samples, nd -> KeyMemory.NODE + KeyMemory.array(nd.key.length));
    }

    @Override
    public int size() {
        return dict == null ? n : dict.size();
    }

    @Override
    public SetValue copy() {
        SetValue c = new SetValue(dict == null);
        if (dict == null) {
            c.ints = Arrays.copyOf(ints, n);
            c.n = n;
        } else {
            dict.forEach(nd -> c.dict.add(nd.key, null));
        }
        return c;
    }

    public boolean contains(byte[] m) {
        if (dict != null) return dict.get(m) != null;
        Long v = Bytes.parseLong(m);
        return v != null && Arrays.binarySearch(ints, 0, n, v) >= 0;
    }

    /** Adds a member; true when it was not there. */
    public boolean add(EncodingLimits limits, byte[] m) {
        if (dict == null) {
            Long v = Bytes.parseLong(m);
            if (v != null) {
                int i = Arrays.binarySearch(ints, 0, n, v);
                if (i >= 0) return false;
                if (n + 1 <= limits.setMaxIntsetEntries) {
                    i = -i - 1;
                    long[] grown = new long[n + 1];
                    System.arraycopy(ints, 0, grown, 0, i);
                    System.arraycopy(ints, i, grown, i + 1, n - i);
                    ints = grown;
                    ints[i] = v;
                    n++;
                    return true;
                }
            }
            toHashtable();
        }
        if (dict.get(m) != null) return false;
        dict.add(m, null);
        return true;
    }

    /** Removes a member; true when it was there. */
    public boolean remove(byte[] m) {
        if (dict != null) return dict.remove(m) != null;
        Long v = Bytes.parseLong(m);
        if (v == null) return false;
        int i = Arrays.binarySearch(ints, 0, n, v);
        if (i < 0) return false;
        long[] shrunk = new long[n - 1];
        System.arraycopy(ints, 0, shrunk, 0, i);
        System.arraycopy(ints, i + 1, shrunk, i, n - i - 1);
        ints = shrunk;
        n--;
        return true;
    }

    private void toHashtable() {
        Dict d = new Dict();
        for (int i = 0; i < n; i++) d.add(Bytes.fromLong(ints[i]), null);
        dict = d;
        ints = null;
        n = 0;
    }

    /** A random member (null when empty). */
    public byte[] random(RandomGenerator rnd) {
        if (dict != null) {
            Dict.Node nd = dict.random(rnd);
            return nd == null ? null : nd.key;
        }
        return n == 0 ? null : Bytes.fromLong(ints[rnd.nextInt(n)]);
    }

    /** Visits every member (intset: ascending). The visitor must not change the set. */
    public void forEach(Consumer<byte[]> visitor) {
        if (dict != null) {
            dict.forEach(nd -> visitor.accept(nd.key));
        } else {
            for (int i = 0; i < n; i++) visitor.accept(Bytes.fromLong(ints[i]));
        }
    }

    /** All members, in iteration order. */
    public byte[][] members() {
        byte[][] out = new byte[size()][];
        int[] i = {0};
        forEach(m -> out[i[0]++] = m);
        return out;
    }

    /** One SSCAN step over the hashtable; an intset is visited whole and returns 0. */
    public long scan(long cursor, Consumer<byte[]> visitor) {
        if (dict == null) {
            forEach(visitor);
            return 0;
        }
        return dict.scan(cursor, nd -> visitor.accept(nd.key));
    }
}
