package vigil.server.keyspace;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * A chained hash table keyed by byte arrays, the keyspace's own structure because it needs two
 * things java.util.HashMap cannot give: a fair random entry (RANDOMKEY, active expiry sampling)
 * and Redis's reverse-binary SCAN cursor, which never misses an entry present for the whole
 * scan even when the table grows or shrinks between calls.
 *
 * <p>Table sizes are powers of two; it doubles above one entry per bucket and halves below one
 * per eight (never under 4 buckets). Resizing rehashes at once (a plain array walk, fast enough
 * for millions of keys). While {@link #forEach} or a {@link #scan} step runs, resizing is paused
 * (Redis's safe iterator), so a visitor may remove the node it is given (not others: a removed
 * node still points into its old chain). Keys added during a visit may or may not be visited.
 * The table catches up on its size when the visit ends.
 */
public final class Dict {
    /** One key. {@code value} is the stored object; {@code expireAt} is unix ms or -1. */
    public static final class Node {
        public static final byte ENC_AUTO = 0;
        public static final byte ENC_RAW = 1;
        public static final byte ENC_EMBSTR = 2;

        public final byte[] key;
        final int hash;
        public Object value;
        public long expireAt = -1;
        /** Last access time in ms (OBJECT IDLETIME) */
        public long accessed;
        /**
         * How a string value was built, for OBJECT ENCODING: {@link #ENC_AUTO} (decided by the
         * bytes, as SET does), {@link #ENC_RAW} (APPEND/SETRANGE build raw strings in Redis),
         * {@link #ENC_EMBSTR}. Reset to auto whenever Db.set stores a new value.
         */
        public byte encoding;
        /**
         * The epoch of the last snapshot that has captured (or need not capture) this key; see
         * {@link Keyspace#snapshotEpoch}. A char fits the node's alignment padding (48 bytes either way).
         */
        public char snapshotMark;
        Node next;

        Node(byte[] key, int hash, Object value) {
            this.key = key;
            this.hash = hash;
            this.value = value;
        }
    }

    private static final int MIN_SIZE = 4;
    private Node[] table = new Node[MIN_SIZE];
    private int size;
    /** Visits in progress: resizing waits until none is. */
    private int pauseResize;

    public int size() {
        return size;
    }

    public int buckets() {
        return table.length;
    }

    private static final java.lang.invoke.VarHandle LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    /** A fast 32-bit hash of the key: 8 bytes per step (a keyspace lookup hashes every key it touches). */
    public static int hash(byte[] key) {
        long h = 0x9E3779B97F4A7C15L ^ key.length;
        int i = 0;
        for (int n = key.length - 7; i < n; i += 8) {
            long k = (long) LONGS.get(key, i);
            h = Long.rotateLeft(h ^ (k * 0xC2B2AE3D27D4EB4FL), 31) * 0x9E3779B97F4A7C15L;
        }
        long tail = 0;
        for (int shift = 0; i < key.length; i++, shift += 8) tail |= (key[i] & 0xffL) << shift;
        h ^= tail * 0xC2B2AE3D27D4EB4FL;
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        return (int) h ^ (int) (h >>> 32);
    }

    public Node get(byte[] key) {
        int h = hash(key);
        for (Node n = table[h & (table.length - 1)]; n != null; n = n.next) {
            if (n.hash == h && Arrays.equals(n.key, key)) return n;
        }
        return null;
    }

    /** Inserts a key that is known to be absent and returns its node. */
    public Node add(byte[] key, Object value) {
        int h = hash(key);
        Node n = new Node(key, h, value);
        int i = h & (table.length - 1);
        n.next = table[i];
        table[i] = n;
        if (++size > table.length && pauseResize == 0) resize(table.length << 1);
        return n;
    }

    /** Grows the table at once for about n keys (a bulk load that knows its size: RDB's RESIZEDB). */
    public void reserve(int n) {
        int cap = table.length;
        while (cap < n && cap < (1 << 30)) cap <<= 1;
        if (cap > table.length && pauseResize == 0) resize(cap);
    }

    /** Sets the value of a key, adding it when absent; returns its node. */
    public Node put(byte[] key, Object value) {
        Node n = get(key);
        if (n != null) {
            n.value = value;
            return n;
        }
        return add(key, value);
    }

    public Node remove(byte[] key) {
        int h = hash(key);
        int i = h & (table.length - 1);
        Node prev = null;
        for (Node n = table[i]; n != null; prev = n, n = n.next) {
            if (n.hash == h && Arrays.equals(n.key, key)) {
                if (prev == null) table[i] = n.next;
                else prev.next = n.next;
                size--;
                // n.next is kept so an iterator standing on n can still move on.
                if (pauseResize == 0) fitSize();
                return n;
            }
        }
        return null;
    }

    /** Grows above one entry per bucket, shrinks below one per eight. */
    private void fitSize() {
        int cap = table.length;
        while (size > cap && cap < (1 << 30)) cap <<= 1;
        while (cap > MIN_SIZE && size < cap / 8) cap >>= 1;
        if (cap != table.length) resize(cap);
    }

    public void clear() {
        table = new Node[MIN_SIZE];
        size = 0;
    }

    private void resize(int cap) {
        Node[] old = table;
        Node[] nt = new Node[cap];
        int mask = cap - 1;
        for (Node head : old) {
            Node n = head;
            while (n != null) {
                Node next = n.next;
                int i = n.hash & mask;
                n.next = nt[i];
                nt[i] = n;
                n = next;
            }
        }
        table = nt;
    }

    /**
     * Estimated bytes of this dict's own structure (object and bucket table) plus
     * {@code perNode} over its nodes: all of them when samples >= size, otherwise the mean of
     * {@code samples} random nodes times the size (MEMORY USAGE's SAMPLES).
     */
    public long estimateBytes(int samples, java.util.function.ToLongFunction<Node> perNode) {
        long own = 24 + KeyMemory.array(4L * table.length);
        if (size == 0) return own;
        if (samples >= size) {
            long[] sum = {0};
            forEach(n -> sum[0] += perNode.applyAsLong(n));
            return own + sum[0];
        }
        int k = Math.max(1, samples);
        var rnd = java.util.concurrent.ThreadLocalRandom.current();
        long sum = 0;
        for (int i = 0; i < k; i++) sum += perNode.applyAsLong(random(rnd));
        return own + Math.round((double) sum / k * size);
    }

    /** A random node, roughly uniform (random bucket, then random element of its chain); null when empty. */
    public Node random(java.util.random.RandomGenerator rnd) {
        if (size == 0) return null;
        Node head;
        do {
            head = table[rnd.nextInt(table.length)];
        } while (head == null);
        int len = 0;
        for (Node n = head; n != null; n = n.next) len++;
        int k = rnd.nextInt(len);
        Node n = head;
        while (k-- > 0) n = n.next;
        return n;
    }

    /**
     * Visits every node of the bucket the cursor names and returns the next cursor (0 at the
     * end). Redis's algorithm: the cursor's bits are incremented from the most significant end,
     * so buckets already visited map to visited buckets in a table of any other size.
     */
    public long scan(long cursor, Consumer<Node> visitor) {
        if (size == 0) return 0;
        long mask = table.length - 1;
        pauseResize++;
        try {
            for (Node n = table[(int) (cursor & mask)]; n != null; ) {
                Node next = n.next;
                visitor.accept(n);
                n = next;
            }
        } finally {
            if (--pauseResize == 0) fitSize();
        }
        cursor |= ~mask;
        cursor = Long.reverse(cursor);
        cursor++;
        cursor = Long.reverse(cursor);
        return cursor;
    }

    /** Visits every node; the visitor may remove the node it is given (resizing waits). */
    public void forEach(Consumer<Node> visitor) {
        pauseResize++;
        try {
            for (Node head : table) {
                for (Node n = head; n != null; ) {
                    Node next = n.next;
                    visitor.accept(n);
                    n = next;
                }
            }
        } finally {
            if (--pauseResize == 0) fitSize();
        }
    }
}
