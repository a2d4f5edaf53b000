package vigil.rdb;

/**
 * A bounds-checked read position inside an in-memory blob (listpack, ziplist, intset, zipmap,
 * LZF output), so a corrupt blob ends in an RdbFormatException naming the stream offset of the
 * blob and the position inside it, never an index exception.
 */
final class Cursor {
    final byte[] b;
    final long at;
    final String what;
    int pos;

    Cursor(byte[] b, long at, String what) {
        this.b = b;
        this.at = at;
        this.what = what;
    }

    RdbFormatException error(String message) {
        return new RdbFormatException(at, message + " (" + what + " byte " + pos + ")");
    }

    void need(long n, String expected) throws RdbFormatException {
        if (n < 0 || pos + n > b.length) throw error("truncated " + what + ": expected " + expected);
    }

    int u8() throws RdbFormatException {
        need(1, "one more byte");
        return b[pos++] & 0xff;
    }

    long le(int n) throws RdbFormatException {
        need(n, n + " more bytes");
        long v = 0;
        for (int i = 0; i < n; i++) v |= (long) (b[pos + i] & 0xff) << (8 * i);
        pos += n;
        return v;
    }

    byte[] bytes(long n) throws RdbFormatException {
        need(n, n + " bytes of entry data");
        byte[] r = java.util.Arrays.copyOfRange(b, pos, pos + (int) n);
        pos += (int) n;
        return r;
    }
}
