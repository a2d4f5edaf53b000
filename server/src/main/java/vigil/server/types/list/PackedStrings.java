package vigil.server.types.list;

import java.util.Arrays;

/**
 * A packed sequence of byte strings in one exact-sized {@code byte[]}, the compact encoding of
 * small lists and hashes (Redis's listpack idea, not its byte format, which is
 * {@link vigil.rdb.Listpack}): every entry is a header
 * length, the bytes, and a trailer length so the sequence can be walked from either end.
 * Lengths below 128 take one byte; longer ones take 0x80 plus four big-endian bytes (header) or
 * four bytes plus 0x80 (trailer). No per-entry objects exist until an entry is read.
 *
 * <p>Positions are byte offsets of entry starts; {@code lp.length} is the end position.
 */
public final class PackedStrings {
    public static final byte[] EMPTY = new byte[0];

    private PackedStrings() {
    }

    static int lenBytes(int n) {
        return n < 128 ? 1 : 5;
    }

    /** Bytes an entry of n data bytes occupies. */
    public static int entrySize(int n) {
        return n + 2 * lenBytes(n);
    }

    /** Data length of the entry at pos. */
    public static int dataLen(byte[] lp, int pos) {
        int b = lp[pos] & 0xff;
        if (b < 128) return b;
        return ((lp[pos + 1] & 0xff) << 24) | ((lp[pos + 2] & 0xff) << 16) | ((lp[pos + 3] & 0xff) << 8) | (lp[pos + 4] & 0xff);
    }

    /** Offset of the data of the entry at pos. */
    public static int dataStart(byte[] lp, int pos) {
        return pos + ((lp[pos] & 0xff) < 128 ? 1 : 5);
    }

    public static int next(byte[] lp, int pos) {
        return pos + entrySize(dataLen(lp, pos));
    }

    /** Start of the entry that ends right before pos (pos > 0). */
    public static int prev(byte[] lp, int pos) {
        int b = lp[pos - 1] & 0xff;
        int n;
        if (b < 128) {
            n = b;
        } else {
            n = ((lp[pos - 5] & 0xff) << 24) | ((lp[pos - 4] & 0xff) << 16) | ((lp[pos - 3] & 0xff) << 8) | (lp[pos - 2] & 0xff);
        }
        return pos - entrySize(n);
    }

    public static byte[] get(byte[] lp, int pos) {
        int s = dataStart(lp, pos);
        return Arrays.copyOfRange(lp, s, s + dataLen(lp, pos));
    }

    /** Whether the entry at pos holds exactly v. */
    public static boolean equalsAt(byte[] lp, int pos, byte[] v) {
        int n = dataLen(lp, pos);
        if (n != v.length) return false;
        int s = dataStart(lp, pos);
        return Arrays.equals(lp, s, s + n, v, 0, n);
    }

    /** Position of the index-th entry (0-based), walking from the nearer end given the count. */
    public static int seek(byte[] lp, int count, int index) {
        if (index <= count / 2) {
            int pos = 0;
            for (int i = 0; i < index; i++) pos = next(lp, pos);
            return pos;
        }
        int pos = lp.length;
        for (int i = count; i > index; i--) pos = prev(lp, pos);
        return pos;
    }

    private static int writeEntry(byte[] dst, int at, byte[] v) {
        int n = v.length;
        if (n < 128) {
            dst[at++] = (byte) n;
        } else {
            dst[at++] = (byte) 0x80;
            dst[at++] = (byte) (n >>> 24);
            dst[at++] = (byte) (n >>> 16);
            dst[at++] = (byte) (n >>> 8);
            dst[at++] = (byte) n;
        }
        System.arraycopy(v, 0, dst, at, n);
        at += n;
        if (n < 128) {
            dst[at++] = (byte) n;
        } else {
            dst[at++] = (byte) (n >>> 24);
            dst[at++] = (byte) (n >>> 16);
            dst[at++] = (byte) (n >>> 8);
            dst[at++] = (byte) n;
            dst[at++] = (byte) 0x80;
        }
        return at;
    }

    /** A new array with v inserted as an entry at pos. */
    public static byte[] insert(byte[] lp, int pos, byte[] v) {
        byte[] out = new byte[lp.length + entrySize(v.length)];
        System.arraycopy(lp, 0, out, 0, pos);
        int end = writeEntry(out, pos, v);
        System.arraycopy(lp, pos, out, end, lp.length - pos);
        return out;
    }

    /** A new array with the bytes [from, to) (whole entries) removed. */
    public static byte[] cut(byte[] lp, int from, int to) {
        if (from == to) return lp;
        byte[] out = new byte[lp.length - (to - from)];
        System.arraycopy(lp, 0, out, 0, from);
        System.arraycopy(lp, to, out, from, lp.length - to);
        return out;
    }

    /** A new array with the entry at pos replaced by v. */
    public static byte[] replace(byte[] lp, int pos, byte[] v) {
        int end = next(lp, pos);
        byte[] out = new byte[lp.length - (end - pos) + entrySize(v.length)];
        System.arraycopy(lp, 0, out, 0, pos);
        int at = writeEntry(out, pos, v);
        System.arraycopy(lp, end, out, at, lp.length - end);
        return out;
    }

    /** Packs values into a new listpack. */
    public static byte[] pack(byte[][] values, int from, int to) {
        int size = 0;
        for (int i = from; i < to; i++) size += entrySize(values[i].length);
        byte[] out = new byte[size];
        int at = 0;
        for (int i = from; i < to; i++) at = writeEntry(out, at, values[i]);
        return out;
    }

    /** Every entry, in order. */
    public static byte[][] unpack(byte[] lp, int count) {
        byte[][] out = new byte[count][];
        int pos = 0;
        for (int i = 0; i < count; i++) {
            out[i] = get(lp, pos);
            pos = next(lp, pos);
        }
        return out;
    }
}
