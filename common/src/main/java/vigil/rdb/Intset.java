package vigil.rdb;

import java.io.IOException;

/**
 * Redis's intset (intset.c), the blob of RDB type 11: a 4-byte element width (2, 4 or 8), a
 * 4-byte count and the sorted, distinct little-endian integers.
 */
public final class Intset {
    private Intset() {
    }

    /** values must be sorted ascending and distinct. */
    public static byte[] encode(long[] values, int n) {
        int width = 2;
        for (int i = 0; i < n; i++) {
            long v = values[i];
            if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) width = 8;
            else if ((v < Short.MIN_VALUE || v > Short.MAX_VALUE) && width < 4) width = 4;
        }
        byte[] out = new byte[8 + n * width];
        put(out, 0, width, 4);
        put(out, 4, n, 4);
        for (int i = 0; i < n; i++) put(out, 8 + i * width, values[i], width);
        return out;
    }

    private static void put(byte[] b, int off, long v, int n) {
        for (int i = 0; i < n; i++) b[off + i] = (byte) (v >>> (8 * i));
    }

    static long decode(byte[] blob, long at, Listpack.Sink sink) throws IOException {
        Cursor c = new Cursor(blob, at, "intset");
        int width = (int) c.le(4);
        if (width != 2 && width != 4 && width != 8) throw c.error("invalid intset encoding " + width);
        long n = c.le(4);
        if (8 + n * width != blob.length) throw c.error("intset of " + n + " x " + width + " bytes does not fill its " + blob.length + "-byte string");
        long prev = 0;
        for (long i = 0; i < n; i++) {
            long raw = c.le(width);
            long v = width == 2 ? (short) raw : width == 4 ? (int) raw : raw;
            if (i > 0 && v <= prev) throw c.error("intset elements not sorted and distinct");
            prev = v;
            sink.accept(Ints.toBytes(v));
        }
        return n;
    }
}
