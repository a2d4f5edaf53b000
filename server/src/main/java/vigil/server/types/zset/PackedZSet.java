package vigil.server.types.zset;

import java.util.Arrays;

/**
 * The compact sorted set encoding (OBJECT ENCODING's "listpack", not Redis's byte format): one packed byte[] of entries ordered by
 * (score, member), each entry a varint member length, the member bytes and the score's 8 raw
 * bytes. No object per element; every operation is a linear walk, as Redis's listpack is, which
 * is cheap for the at most zset-max-listpack-entries elements it holds. The array is kept
 * exactly as long as its entries (no growth slack): it is what most small sorted sets weigh.
 */
final class PackedZSet {
    private static final byte[] EMPTY = new byte[0];
    /** Exactly {@code used} bytes long, as Redis reallocs its listpack on every change. */
    byte[] buf = EMPTY;
    int used;
    int count;

    PackedZSet copy() {
        PackedZSet c = new PackedZSet();
        c.buf = Arrays.copyOf(buf, used);
        c.used = used;
        c.count = count;
        return c;
    }

    int memberLen(int off) {
        int len = 0, shift = 0;
        while (true) {
            int b = buf[off++];
            len |= (b & 0x7f) << shift;
            if ((b & 0x80) == 0) return len;
            shift += 7;
        }
    }

    int memberStart(int off) {
        while ((buf[off] & 0x80) != 0) off++;
        return off + 1;
    }

    byte[] member(int off) {
        int s = memberStart(off);
        return Arrays.copyOfRange(buf, s, s + memberLen(off));
    }

    double score(int off) {
        int p = memberStart(off) + memberLen(off);
        long bits = 0;
        for (int i = 0; i < 8; i++) bits = (bits << 8) | (buf[p + i] & 0xff);
        return Double.longBitsToDouble(bits);
    }

    int next(int off) {
        return memberStart(off) + memberLen(off) + 8;
    }

    boolean memberEquals(int off, byte[] m) {
        int s = memberStart(off);
        return memberLen(off) == m.length && Arrays.equals(buf, s, s + m.length, m, 0, m.length);
    }

    int compareMember(int off, byte[] m) {
        int s = memberStart(off);
        return Arrays.compareUnsigned(buf, s, s + memberLen(off), m, 0, m.length);
    }

    /** The offset of member m, or -1. */
    int find(byte[] m) {
        for (int off = 0; off < used; off = next(off)) if (memberEquals(off, m)) return off;
        return -1;
    }

    /** Offset of the entry at a 0-based rank. */
    int offsetOf(int rank) {
        int off = 0;
        while (rank-- > 0) off = next(off);
        return off;
    }

    /** Offsets of all entries, in order. */
    int[] offsets() {
        int[] out = new int[count];
        int off = 0;
        for (int i = 0; i < count; i++) {
            out[i] = off;
            off = next(off);
        }
        return out;
    }

    /** Inserts a member known to be absent at its sorted position; returns its rank. */
    int insert(byte[] m, double score) {
        if (score == 0) score = 0.0;   // Redis's listpack stores -0 as "0"
        int off = 0, rank = 0;
        while (off < used) {
            double s = score(off);
            if (s > score || (s == score && compareMember(off, m) > 0)) break;
            off = next(off);
            rank++;
        }
        int lenBytes = 1;
        for (int l = m.length; l >= 0x80; l >>>= 7) lenBytes++;
        int size = lenBytes + m.length + 8;
        buf = Arrays.copyOf(buf, used + size);
        System.arraycopy(buf, off, buf, off + size, used - off);
        int p = off;
        int l = m.length;
        while (l >= 0x80) {
            buf[p++] = (byte) ((l & 0x7f) | 0x80);
            l >>>= 7;
        }
        buf[p++] = (byte) l;
        System.arraycopy(m, 0, buf, p, m.length);
        p += m.length;
        long bits = Double.doubleToRawLongBits(score);
        for (int i = 7; i >= 0; i--) buf[p++] = (byte) (bits >>> (8 * i));
        used += size;
        count++;
        return rank;
    }

    void delete(int off) {
        int end = next(off);
        System.arraycopy(buf, end, buf, off, used - end);
        used -= end - off;
        count--;
        buf = Arrays.copyOf(buf, used);
    }

}
