package vigil.rdb;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * Chooses the RDB encoding of one value and writes type byte, key (when framing a keyspace
 * entry; DUMP has none) and value, as Redis 7.0's rdbSaveObject would for an object with its
 * default encoding limits: lists as quicklist-2 of listpack nodes (at most 8 KB each), small
 * integer sets as intsets, small hashes and sorted sets as listpacks, the rest as plain types
 * (set 2, hash 4, zset 5 with binary doubles). Collections come as Iterables walked at most twice
 * (a sizing pass, then a writing pass), so big values are never copied.
 */
final class ValueEncoder {
    static final int LIST_NODE_BYTES = 8192;
    static final long PLAIN_NODE_THRESHOLD = 1L << 30;

    int setMaxIntsetEntries = 512;
    int hashMaxListpackEntries = 128;
    int hashMaxListpackValue = 64;
    int zsetMaxListpackEntries = 128;
    int zsetMaxListpackValue = 64;
    /** One builder reused for every listpack this encoder writes (each is written out before the next starts). */
    private final Listpack.Builder scratch = new Listpack.Builder();

    private static void writeListpack(RdbOutput out, Listpack.Builder lp) throws IOException {
        int len = lp.finishInPlace();
        out.writeString(lp.buffer(), 0, len);
    }

    private static void frame(RdbOutput out, int type, byte[] key) throws IOException {
        out.writeByte(type);
        if (key != null) out.writeString(key);
    }

    void string(RdbOutput out, byte[] key, byte[] value) throws IOException {
        frame(out, RdbTypes.STRING, key);
        out.writeString(value);
    }

    void list(RdbOutput out, byte[] key, Iterable<byte[]> elements) throws IOException {
        long nodes = 0;
        int nodeBytes = 0, nodeCount = 0;
        for (byte[] e : elements) {
            if (e.length >= PLAIN_NODE_THRESHOLD) {
                nodes++;
                nodeBytes = nodeCount = 0;
                continue;
            }
            int es = Listpack.entrySize(e);
            if (nodeCount == 0 || nodeBytes + es > LIST_NODE_BYTES || nodeCount == 65535) {
                nodes++;
                nodeBytes = Listpack.HEADER + 1;
                nodeCount = 0;
            }
            nodeBytes += es;
            nodeCount++;
        }
        if (nodes == 0) throw new IllegalArgumentException("empty list: Redis has no empty keys");
        frame(out, RdbTypes.LIST_QUICKLIST_2, key);
        out.writeLength(nodes);
        long written = 0;
        Listpack.Builder node = null;
        for (byte[] e : elements) {
            if (e.length >= PLAIN_NODE_THRESHOLD) {
                if (node != null) written += writeNode(out, node);
                node = null;
                out.writeLength(RdbTypes.QUICKLIST_NODE_PLAIN);
                out.writeString(e);
                written++;
                continue;
            }
            int es = Listpack.entrySize(e);
            if (node != null && (node.bytes() + es > LIST_NODE_BYTES || node.count() == 65535)) {
                written += writeNode(out, node);
                node = null;
            }
            if (node == null) node = scratch.reset();
            node.add(e);
        }
        if (node != null) written += writeNode(out, node);
        if (written != nodes) throw new IllegalStateException("list changed while it was being written");
    }

    private static int writeNode(RdbOutput out, Listpack.Builder node) throws IOException {
        out.writeLength(RdbTypes.QUICKLIST_NODE_PACKED);
        writeListpack(out, node);
        return 1;
    }

    void set(RdbOutput out, byte[] key, Iterable<byte[]> members) throws IOException {
        long n = 0;
        long[] ints = new long[16];
        long[] one = new long[1];
        boolean intset = true;
        for (byte[] m : members) {
            if (intset && n < setMaxIntsetEntries && Ints.isCanonical(m, one)) {
                if (n == ints.length) ints = Arrays.copyOf(ints, ints.length * 2);
                ints[(int) n] = one[0];
            } else {
                intset = false;
            }
            n++;
        }
        if (n == 0) throw new IllegalArgumentException("empty set: Redis has no empty keys");
        if (intset) {
            Arrays.sort(ints, 0, (int) n);
            for (int i = 1; i < n; i++) if (ints[i] == ints[i - 1]) throw new IllegalArgumentException("duplicate set member " + ints[i]);
            frame(out, RdbTypes.SET_INTSET, key);
            out.writeString(Intset.encode(ints, (int) n));
            return;
        }
        frame(out, RdbTypes.SET, key);
        out.writeLength(n);
        long written = 0;
        for (byte[] m : members) {
            out.writeString(m);
            written++;
        }
        if (written != n) throw new IllegalStateException("set changed while it was being written");
    }

    void hash(RdbOutput out, byte[] key, Iterable<RdbWriter.Field> fields) throws IOException {
        long n = 0;
        boolean small = true;
        for (RdbWriter.Field f : fields) {
            n++;
            if (n > hashMaxListpackEntries || f.name().length > hashMaxListpackValue || f.value().length > hashMaxListpackValue) small = false;
        }
        if (n == 0) throw new IllegalArgumentException("empty hash: Redis has no empty keys");
        long written = 0;
        if (small) {
            Listpack.Builder lp = scratch.reset();
            for (RdbWriter.Field f : fields) {
                lp.add(f.name());
                lp.add(f.value());
                written++;
            }
            checkSame(written, n, "hash");
            frame(out, RdbTypes.HASH_LISTPACK, key);
            writeListpack(out, lp);
            return;
        }
        frame(out, RdbTypes.HASH, key);
        out.writeLength(n);
        for (RdbWriter.Field f : fields) {
            out.writeString(f.name());
            out.writeString(f.value());
            written++;
        }
        checkSame(written, n, "hash");
    }

    void zset(RdbOutput out, byte[] key, Iterable<RdbWriter.Scored> members) throws IOException {
        long n = 0;
        List<RdbWriter.Scored> small = new ArrayList<>();
        for (RdbWriter.Scored m : members) {
            if (Double.isNaN(m.score())) throw new IllegalArgumentException("NaN score");
            n++;
            if (small != null) {
                if (n > zsetMaxListpackEntries || m.member().length > zsetMaxListpackValue) small = null;
                else small.add(m);
            }
        }
        if (n == 0) throw new IllegalArgumentException("empty zset: Redis has no empty keys");
        if (small != null) {
            small.sort((a, b) -> {
                int c = Double.compare(a.score(), b.score());
                if (a.score() == b.score()) c = 0;   // -0.0 == 0.0 for Redis
                return c != 0 ? c : Arrays.compareUnsigned(a.member(), b.member());
            });
            Listpack.Builder lp = scratch.reset();
            for (RdbWriter.Scored m : small) {
                lp.add(m.member());
                lp.add(Scores.format(m.score()));
            }
            frame(out, RdbTypes.ZSET_LISTPACK, key);
            writeListpack(out, lp);
            return;
        }
        frame(out, RdbTypes.ZSET_2, key);
        out.writeLength(n);
        long written = 0;
        for (Iterator<RdbWriter.Scored> it = members.iterator(); it.hasNext(); written++) {
            RdbWriter.Scored m = it.next();
            out.writeString(m.member());
            out.writeBinaryDouble(m.score());
        }
        checkSame(written, n, "zset");
    }

    private static void checkSame(long written, long n, String what) {
        if (written != n) throw new IllegalStateException(what + " changed while it was being written");
    }
}
