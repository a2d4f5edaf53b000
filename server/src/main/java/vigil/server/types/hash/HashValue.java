package vigil.server.types.hash;

import vigil.server.keyspace.CollectionValue;
import vigil.server.keyspace.KeyMemory;
import vigil.server.keyspace.Dict;
import vigil.server.config.EncodingLimits;
import vigil.server.types.list.PackedStrings;

import java.util.random.RandomGenerator;

/**
 * A hash value. Small hashes are one packed {@link PackedStrings} of field, value, field, value...
 * in insertion order ("listpack"); past the node's {@link EncodingLimits} they become a
 * {@link Dict} of field to value ("hashtable"), which gives HSCAN Redis's cursor guarantees and HRANDFIELD a random
 * entry. They never convert back, as in Redis.
 */
public final class HashValue implements CollectionValue {
    /** Called for each pair; packed pairs are views into one array. */
    public interface PairVisitor {
        void visit(byte[] fb, int fo, int fl, byte[] vb, int vo, int vl);
    }

    private byte[] lp = PackedStrings.EMPTY;
    private int count;
    private Dict dict;

    @Override
    public String typeName() {
        return "hash";
    }

    @Override
    public String encoding() {
        return dict == null ? "listpack" : "hashtable";
    }

    public boolean isPacked() {
        return dict == null;
    }

    /** This object: header, lp, count, dict. */
    private static final long SELF = 24;

    @Override
    public long estimatedBytes() {
        return estimatedBytes(Integer.MAX_VALUE);
    }

    @Override
    public long estimatedBytes(int samples) {
        if (dict == null) return SELF + KeyMemory.array(lp.length);
        return SELF + dict.estimateBytes(samples,
                n -> KeyMemory.NODE + KeyMemory.array(n.key.length) + KeyMemory.array(((byte[]) n.value).length));
    }

    @Override
    public int size() {
        return dict == null ? count : dict.size();
    }

    @Override
    public HashValue copy() {
        HashValue h = new HashValue();
        if (dict == null) {
            h.lp = lp.clone();
            h.count = count;
        } else {
            h.dict = new Dict();
            dict.forEach(n -> h.dict.add(n.key.clone(), ((byte[]) n.value).clone()));
        }
        return h;
    }

    /** Position of the field's entry in the packed form, or -1. */
    private int find(byte[] field) {
        int pos = 0;
        for (int i = 0; i < count; i++) {
            if (PackedStrings.equalsAt(lp, pos, field)) return pos;
            pos = PackedStrings.next(lp, PackedStrings.next(lp, pos));
        }
        return -1;
    }

    public byte[] get(byte[] field) {
        if (dict != null) {
            Dict.Node n = dict.get(field);
            return n == null ? null : (byte[]) n.value;
        }
        int pos = find(field);
        return pos < 0 ? null : PackedStrings.get(lp, PackedStrings.next(lp, pos));
    }

    public boolean exists(byte[] field) {
        return dict != null ? dict.get(field) != null : find(field) >= 0;
    }

    /** Converts before a write whose field or value is too long for the packed form. */
    public void prepareFor(EncodingLimits limits, byte[] arg) {
        if (dict == null && arg.length > limits.hashMaxListpackValue) toDict();
    }

    /** Sets a field; returns true when the field is new. */
    public boolean set(EncodingLimits limits, byte[] field, byte[] value) {
        prepareFor(limits, field);
        prepareFor(limits, value);
        if (dict != null) {
            Dict.Node n = dict.get(field);
            if (n != null) {
                n.value = value;
                return false;
            }
            dict.add(field, value);
            return true;
        }
        int pos = find(field);
        if (pos >= 0) {
            lp = PackedStrings.replace(lp, PackedStrings.next(lp, pos), value);
            return false;
        }
        lp = PackedStrings.insert(lp, lp.length, field);
        lp = PackedStrings.insert(lp, lp.length, value);
        count++;
        if (count > limits.hashMaxListpackEntries) toDict();
        return true;
    }

    public boolean delete(byte[] field) {
        if (dict != null) return dict.remove(field) != null;
        int pos = find(field);
        if (pos < 0) return false;
        lp = PackedStrings.cut(lp, pos, PackedStrings.next(lp, PackedStrings.next(lp, pos)));
        count--;
        return true;
    }

    private void toDict() {
        Dict d = new Dict();
        int pos = 0;
        for (int i = 0; i < count; i++) {
            int vpos = PackedStrings.next(lp, pos);
            d.add(PackedStrings.get(lp, pos), PackedStrings.get(lp, vpos));
            pos = PackedStrings.next(lp, vpos);
        }
        dict = d;
        lp = PackedStrings.EMPTY;
        count = 0;
    }

    /** Visits every pair in the encoding's order. */
    public void forEach(PairVisitor v) {
        if (dict != null) {
            dict.forEach(n -> {
                byte[] val = (byte[]) n.value;
                v.visit(n.key, 0, n.key.length, val, 0, val.length);
            });
            return;
        }
        int pos = 0;
        for (int i = 0; i < count; i++) {
            int vpos = PackedStrings.next(lp, pos);
            v.visit(lp, PackedStrings.dataStart(lp, pos), PackedStrings.dataLen(lp, pos),
                    lp, PackedStrings.dataStart(lp, vpos), PackedStrings.dataLen(lp, vpos));
            pos = PackedStrings.next(lp, vpos);
        }
    }

    /** A random pair as {field, value}. */
    public byte[][] random(RandomGenerator rnd) {
        if (dict != null) {
            Dict.Node n = dict.random(rnd);
            return new byte[][]{n.key, (byte[]) n.value};
        }
        return pairAt(rnd.nextInt(count));
    }

    /** The i-th pair of the packed form (0-based), as {field, value}. */
    byte[][] pairAt(int i) {
        int pos = 0;
        for (int k = 0; k < i; k++) pos = PackedStrings.next(lp, PackedStrings.next(lp, pos));
        int vpos = PackedStrings.next(lp, pos);
        return new byte[][]{PackedStrings.get(lp, pos), PackedStrings.get(lp, vpos)};
    }

    /** Every pair as {field, value} arrays, in the encoding's order. */
    public byte[][][] pairs() {
        byte[][][] out = new byte[size()][][];
        int[] i = {0};
        forEach((fb, fo, fl, vb, vo, vl) -> out[i[0]++] = new byte[][]{
                java.util.Arrays.copyOfRange(fb, fo, fo + fl), java.util.Arrays.copyOfRange(vb, vo, vo + vl)});
        return out;
    }

    /**
     * One scan step: the pairs of the bucket the cursor names and the next cursor (0 at the end);
     * a packed hash is visited whole and 0 returned. Without changes between steps every pair is
     * visited once (RDB saving walks big hashes this way, without copying them).
     */
    public long scan(long cursor, PairVisitor v) {
        if (dict == null) {
            forEach(v);
            return 0;
        }
        return dict.scan(cursor, n -> {
            byte[] val = (byte[]) n.value;
            v.visit(n.key, 0, n.key.length, val, 0, val.length);
        });
    }

    /** The hashtable form's dict (HSCAN), or null while packed. */
    Dict dict() {
        return dict;
    }
}
