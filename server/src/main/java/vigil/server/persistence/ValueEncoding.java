package vigil.server.persistence;

import vigil.rdb.DumpPayload;
import vigil.rdb.RdbWriter;
import vigil.server.keyspace.CollectionValue;
import vigil.server.types.hash.HashValue;
import vigil.server.types.list.ListValue;
import vigil.server.types.set.SetValue;
import vigil.server.types.zset.ZSetValue;

import java.io.IOException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Hands the node's values to the RDB library (RdbWriter for files, DumpPayload for DUMP). The
 * library takes collections as Iterables walked at most twice; these are built over each value
 * type's own cursor (list index, set/hash bucket scan, sorted-set rank) in small batches, so a big
 * value is never copied: only the packed forms' entries (views into one array) become byte[].
 */
public final class ValueEncoding {
    private static final int BATCH = 256;

    private ValueEncoding() {
    }

    /** Writes one keyspace entry. expireMs is -1 for no expiry. */
    public static void write(RdbWriter w, byte[] key, long expireMs, Object value) throws IOException {
        if (value instanceof byte[] s) {
            w.string(key, expireMs, s);
        } else if (value instanceof ListValue l) {
            w.list(key, expireMs, elements(l));
        } else if (value instanceof SetValue s) {
            w.set(key, expireMs, members(s));
        } else if (value instanceof HashValue h) {
            w.hash(key, expireMs, fields(h));
        } else if (value instanceof ZSetValue z) {
            w.zset(key, expireMs, scored(z));
        } else {
            throw new IllegalArgumentException("no RDB encoding for " + CollectionValue.typeOf(value));
        }
    }

    /** DUMP's payload for a value (rdbcompression applies, as in Redis). */
    public static byte[] dump(Object value, boolean compress) {
        if (value instanceof byte[] s) return DumpPayload.string(s, compress);
        if (value instanceof ListValue l) return DumpPayload.list(elements(l), compress);
        if (value instanceof SetValue s) return DumpPayload.set(members(s), compress);
        if (value instanceof HashValue h) return DumpPayload.hash(fields(h), compress);
        if (value instanceof ZSetValue z) return DumpPayload.zset(scored(z), compress);
        throw new IllegalArgumentException("no DUMP encoding for " + CollectionValue.typeOf(value));
    }

    /** A batch source: adds the entries at cursor to sink and returns the next cursor, 0 when done. */
    private interface Source<T> {
        long fill(long cursor, Batch<T> sink);
    }

    /**
     * The entries of one batch: a plain array that starts small (most values have a handful of
     * entries) and is reused from batch to batch.
     */
    private static final class Batch<T> {
        private Object[] items = new Object[8];
        private int size;
        private int next;

        void add(T t) {
            if (size == items.length) items = Arrays.copyOf(items, size * 2);
            items[size++] = t;
        }

        int size() {
            return size - next;
        }

        boolean isEmpty() {
            return next == size;
        }

        @SuppressWarnings("unchecked")
        T poll() {
            T t = (T) items[next];
            items[next++] = null;
            if (next == size) next = size = 0;
            return t;
        }
    }

    private static <T> Iterable<T> batched(Source<T> source) {
        return () -> new Iterator<>() {
            private final Batch<T> buf = new Batch<>();
            private long cursor;
            private boolean done;

            @Override
            public boolean hasNext() {
                while (buf.isEmpty() && !done) {
                    cursor = source.fill(cursor, buf);
                    done = cursor == 0;
                }
                return !buf.isEmpty();
            }

            @Override
            public T next() {
                if (!hasNext()) throw new NoSuchElementException();
                return buf.poll();
            }
        };
    }

    private static byte[] view(byte[] b, int off, int len) {
        return off == 0 && len == b.length ? b : Arrays.copyOfRange(b, off, off + len);
    }

    static Iterable<byte[]> elements(ListValue l) {
        return batched((cursor, sink) -> {
            int from = (int) cursor;
            if (from >= l.size()) return 0;
            int[] next = {from};
            l.visitForward(from, (i, b, off, len) -> {
                sink.add(view(b, off, len));
                next[0] = i + 1;
                return sink.size() < BATCH;
            });
            return next[0] >= l.size() ? 0 : next[0];
        });
    }

    static Iterable<byte[]> members(SetValue s) {
        return batched((cursor, sink) -> {
            long c = cursor;
            do {
                c = s.scan(c, sink::add);
            } while (c != 0 && sink.size() < BATCH);
            return c;
        });
    }

    static Iterable<RdbWriter.Field> fields(HashValue h) {
        return batched((cursor, sink) -> {
            long c = cursor;
            do {
                c = h.scan(c, (fb, fo, fl, vb, vo, vl) -> sink.add(new RdbWriter.Field(view(fb, fo, fl), view(vb, vo, vl))));
            } while (c != 0 && sink.size() < BATCH);
            return c;
        });
    }

    static Iterable<RdbWriter.Scored> scored(ZSetValue z) {
        return batched((cursor, sink) -> {
            long size = z.size();
            if (cursor >= size) return 0;
            long to = Math.min(size - 1, cursor + BATCH - 1);
            z.visit(cursor, to, false, (m, score) -> sink.add(new RdbWriter.Scored(m, score)));
            return to + 1 >= size ? 0 : to + 1;
        });
    }
}
