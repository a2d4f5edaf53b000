package vigil.server.types.list;

import vigil.server.config.EncodingLimits;

import vigil.server.keyspace.CollectionValue;
import vigil.server.keyspace.KeyMemory;

import java.util.Arrays;

/**
 * A list value. Small lists are one packed {@link PackedStrings} array (no object per element);
 * past {@link EncodingLimits} they become a ring buffer of byte[] with O(1) access at both ends
 * and by index. OBJECT ENCODING says "quicklist" for both, as Redis 7.0 does for every list.
 */
public final class ListValue implements CollectionValue {
    /** Called for entries in order; return false to stop. Packed entries are (buf, off, len) views. */
    public interface Visitor {
        boolean visit(int index, byte[] buf, int off, int len);
    }

    // packed form (ring == null)
    private byte[] lp = PackedStrings.EMPTY;
    // big form
    private byte[][] ring;
    private int head;
    private int size;

    @Override
    public String typeName() {
        return "list";
    }

    @Override
    public String encoding() {
        return "quicklist";
    }

    /** Whether the packed (listpack) form is in use; tests look at it. */
    public boolean isPacked() {
        return ring == null;
    }

    /** This object: header, lp, ring, head, size. */
    private static final long SELF = 32;

    @Override
    public long estimatedBytes() {
        return estimatedBytes(Integer.MAX_VALUE);
    }

    @Override
    public long estimatedBytes(int samples) {
        if (ring == null) return SELF + KeyMemory.array(lp.length);
        long own = SELF + KeyMemory.array(4L * ring.length);
        if (size == 0) return own;
        // Sampled evenly over the list when it is longer than the samples.
        int k = (int) Math.min(size, Math.max(1, samples));
        long sum = 0;
        for (int i = 0; i < k; i++) sum += KeyMemory.array(at((int) ((long) i * size / k)).length);
        return own + Math.round((double) sum / k * size);
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public ListValue copy() {
        ListValue v = new ListValue();
        if (ring == null) {
            v.lp = lp.clone();
        } else {
            int cap = 16;
            while (cap < size) cap <<= 1;
            v.ring = new byte[cap][];
            for (int i = 0; i < size; i++) v.ring[i] = at(i);
        }
        v.size = size;
        return v;
    }

    private byte[] at(int i) {
        return ring[(head + i) & (ring.length - 1)];
    }

    private void toRing() {
        int cap = 16;
        while (cap < size * 2) cap <<= 1;
        byte[][] r = new byte[cap][];
        int pos = 0;
        for (int i = 0; i < size; i++) {
            r[i] = PackedStrings.get(lp, pos);
            pos = PackedStrings.next(lp, pos);
        }
        ring = r;
        head = 0;
        lp = PackedStrings.EMPTY;
    }

    private void growRing() {
        if (size < ring.length) return;
        byte[][] r = new byte[ring.length << 1][];
        for (int i = 0; i < size; i++) r[i] = at(i);
        ring = r;
        head = 0;
    }

    public void push(EncodingLimits limits, byte[] v, boolean atHead) {
        if (ring == null) {
            if (limits.listFits(lp.length + PackedStrings.entrySize(v.length), size + 1)) {
                lp = PackedStrings.insert(lp, atHead ? 0 : lp.length, v);
                size++;
                return;
            }
            toRing();
        }
        growRing();
        if (atHead) {
            head = (head - 1) & (ring.length - 1);
            ring[head] = v;
        } else {
            ring[(head + size) & (ring.length - 1)] = v;
        }
        size++;
    }

    /** Removes and returns the first or last element; null when empty. */
    public byte[] pop(boolean atHead) {
        if (size == 0) return null;
        byte[] v;
        if (ring == null) {
            int pos = atHead ? 0 : PackedStrings.prev(lp, lp.length);
            v = PackedStrings.get(lp, pos);
            lp = PackedStrings.cut(lp, pos, PackedStrings.next(lp, pos));
        } else if (atHead) {
            v = ring[head];
            ring[head] = null;
            head = (head + 1) & (ring.length - 1);
        } else {
            int i = (head + size - 1) & (ring.length - 1);
            v = ring[i];
            ring[i] = null;
        }
        size--;
        return v;
    }

    /** The element at a 0-based index in [0, size). */
    public byte[] get(int index) {
        if (ring == null) return PackedStrings.get(lp, PackedStrings.seek(lp, size, index));
        return at(index);
    }

    public void set(EncodingLimits limits, int index, byte[] v) {
        if (ring == null) {
            byte[] n = PackedStrings.replace(lp, PackedStrings.seek(lp, size, index), v);
            if (limits.listFits(n.length, size)) {
                lp = n;
                return;
            }
            toRing();
        }
        ring[(head + index) & (ring.length - 1)] = v;
    }

    /** Inserts v so that it becomes the element at index (0..size). */
    public void insert(EncodingLimits limits, int index, byte[] v) {
        if (index == 0 || index == size) {
            push(limits, v, index == 0);
            return;
        }
        if (ring == null) {
            if (limits.listFits(lp.length + PackedStrings.entrySize(v.length), size + 1)) {
                lp = PackedStrings.insert(lp, PackedStrings.seek(lp, size, index), v);
                size++;
                return;
            }
            toRing();
        }
        growRing();
        int mask = ring.length - 1;
        for (int i = size; i > index; i--) ring[(head + i) & mask] = ring[(head + i - 1) & mask];
        ring[(head + index) & mask] = v;
        size++;
    }

    /** Keeps only the elements [start, end] (inclusive, already clamped, start <= end). */
    public void retain(int start, int end) {
        if (ring == null) {
            int from = PackedStrings.seek(lp, size, start);
            int to = from;
            for (int i = start; i <= end; i++) to = PackedStrings.next(lp, to);
            lp = Arrays.copyOfRange(lp, from, to);
        } else {
            byte[][] r = new byte[ring.length][];
            for (int i = start; i <= end; i++) r[i - start] = at(i);
            ring = r;
            head = 0;
        }
        size = end - start + 1;
    }

    /**
     * LREM: removes up to |count| elements equal to v (all when count is 0), from the head when
     * count >= 0 and from the tail otherwise. Returns how many were removed.
     */
    public int removeMatching(byte[] v, long count) {
        boolean fromTail = count < 0;
        long limit = count == 0 ? Long.MAX_VALUE : Math.abs(count);
        boolean[] drop = new boolean[size];
        int[] removed = {0};
        Visitor mark = (i, buf, off, len) -> {
            if (len == v.length && Arrays.equals(buf, off, off + len, v, 0, len)) {
                drop[i] = true;
                removed[0]++;
            }
            return removed[0] < limit;
        };
        if (fromTail) visitBackward(size - 1, mark);
        else visitForward(0, mark);
        if (removed[0] == 0) return 0;
        if (ring == null) {
            byte[] out = new byte[lp.length];
            int at = 0, pos = 0;
            for (int i = 0; i < size; i++) {
                int nx = PackedStrings.next(lp, pos);
                if (!drop[i]) {
                    System.arraycopy(lp, pos, out, at, nx - pos);
                    at += nx - pos;
                }
                pos = nx;
            }
            lp = Arrays.copyOf(out, at);
        } else {
            byte[][] r = new byte[ring.length][];
            int k = 0;
            for (int i = 0; i < size; i++) if (!drop[i]) r[k++] = at(i);
            ring = r;
            head = 0;
        }
        size -= removed[0];
        return removed[0];
    }

    /** Visits elements from index towards the tail. */
    public void visitForward(int from, Visitor v) {
        if (ring == null) {
            int pos = PackedStrings.seek(lp, size, from);
            for (int i = from; i < size; i++) {
                if (!v.visit(i, lp, PackedStrings.dataStart(lp, pos), PackedStrings.dataLen(lp, pos))) return;
                pos = PackedStrings.next(lp, pos);
            }
        } else {
            for (int i = from; i < size; i++) {
                byte[] e = at(i);
                if (!v.visit(i, e, 0, e.length)) return;
            }
        }
    }

    /** Visits elements from index towards the head. */
    public void visitBackward(int from, Visitor v) {
        if (ring == null) {
            int pos = PackedStrings.seek(lp, size, from);
            for (int i = from; i >= 0; i--) {
                if (!v.visit(i, lp, PackedStrings.dataStart(lp, pos), PackedStrings.dataLen(lp, pos))) return;
                if (i > 0) pos = PackedStrings.prev(lp, pos);
            }
        } else {
            for (int i = from; i >= 0; i--) {
                byte[] e = at(i);
                if (!v.visit(i, e, 0, e.length)) return;
            }
        }
    }
}
