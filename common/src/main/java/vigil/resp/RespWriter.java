package vigil.resp;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Encodes replies into a growable byte array, in RESP2 or RESP3. Callers write the RESP3 shape
 * (maps, sets, doubles, booleans, nulls, pushes) and the writer downgrades it for RESP2 clients
 * the way Redis does: maps and sets become flat arrays, doubles become bulk strings, booleans
 * become integers, pushes become arrays, both nulls keep their RESP2 forms.
 */
public final class RespWriter {
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[][] INT_CACHE = new byte[10000][];
    private static final byte[][] BULK_HEADER_CACHE = new byte[512][];
    private static final byte[][] ARRAY_HEADER_CACHE = new byte[512][];

    static {
        for (int i = 0; i < INT_CACHE.length; i++) INT_CACHE[i] = (":" + i + "\r\n").getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < BULK_HEADER_CACHE.length; i++) BULK_HEADER_CACHE[i] = ("$" + i + "\r\n").getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < ARRAY_HEADER_CACHE.length; i++) ARRAY_HEADER_CACHE[i] = ("*" + i + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private byte[] buf;
    private int len;
    private int proto = 2;

    public RespWriter() {
        this(1024);
    }

    public RespWriter(int initial) {
        buf = new byte[initial];
    }

    public int proto() {
        return proto;
    }

    public void setProto(int proto) {
        this.proto = proto;
    }

    public boolean resp3() {
        return proto >= 3;
    }

    public int size() {
        return len;
    }

    public boolean isEmpty() {
        return len == 0;
    }

    /** Returns the bytes written so far and empties the writer. */
    public byte[] drain() {
        byte[] out = Arrays.copyOf(buf, len);
        len = 0;
        if (buf.length > 64 * 1024) buf = new byte[1024];
        return out;
    }

    /** Drops everything written since {@code mark}; used by CLIENT REPLY OFF/SKIP. */
    public void truncate(int mark) {
        len = mark;
    }

    public byte byteAt(int i) {
        return buf[i];
    }

    public byte[] copyFrom(int mark) {
        return Arrays.copyOfRange(buf, mark, len);
    }

    private void ensure(int n) {
        if (len + n > buf.length) {
            int cap = buf.length * 2;
            while (cap < len + n) cap *= 2;
            buf = Arrays.copyOf(buf, cap);
        }
    }

    public RespWriter raw(byte[] b) {
        return raw(b, 0, b.length);
    }

    public RespWriter raw(byte[] b, int off, int n) {
        ensure(n);
        System.arraycopy(b, off, buf, len, n);
        len += n;
        return this;
    }

    private void ascii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) buf[len++] = (byte) s.charAt(i);
    }

    private void crlf() {
        ensure(2);
        buf[len++] = '\r';
        buf[len++] = '\n';
    }

    private void prefixed(char type, long n) {
        ensure(24);
        buf[len++] = (byte) type;
        if (n < 0) {
            buf[len++] = '-';
            if (n == Long.MIN_VALUE) {
                ascii("9223372036854775808");
                crlf();
                return;
            }
            n = -n;
        }
        int digits = 1;
        for (long t = n; t >= 10; t /= 10) digits++;
        int p = len + digits;
        for (int i = 1; i <= digits; i++) {
            buf[p - i] = (byte) ('0' + (n % 10));
            n /= 10;
        }
        len = p;
        buf[len++] = '\r';
        buf[len++] = '\n';
    }

    public RespWriter ok() {
        return simple("OK");
    }

    public RespWriter simple(String s) {
        ensure(s.length() + 3);
        buf[len++] = '+';
        ascii(s);
        crlf();
        return this;
    }

    /** An error reply; {@code msg} starts with its code, e.g. "ERR syntax error". */
    public RespWriter error(String msg) {
        ensure(msg.length() + 3);
        buf[len++] = '-';
        byte[] b = msg.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < b.length; i++) if (b[i] == '\r' || b[i] == '\n') b[i] = ' ';
        raw(b);
        crlf();
        return this;
    }

    public RespWriter integer(long v) {
        if (v >= 0 && v < INT_CACHE.length) return raw(INT_CACHE[(int) v]);
        prefixed(':', v);
        return this;
    }

    public RespWriter bulk(byte[] b) {
        if (b == null) return nullBulk();
        if (b.length < BULK_HEADER_CACHE.length) raw(BULK_HEADER_CACHE[b.length]);
        else prefixed('$', b.length);
        ensure(b.length + 2);
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
        buf[len++] = '\r';
        buf[len++] = '\n';
        return this;
    }

    public RespWriter bulk(byte[] b, int off, int n) {
        prefixed('$', n);
        raw(b, off, n);
        crlf();
        return this;
    }

    public RespWriter bulk(String s) {
        return s == null ? nullBulk() : bulk(s.getBytes(StandardCharsets.UTF_8));
    }

    /** A long written as a bulk string (as Redis does for INCRBYFLOAT results, CONFIG GET values...). */
    public RespWriter bulkLong(long v) {
        return bulk(Long.toString(v).getBytes(StandardCharsets.US_ASCII));
    }

    public RespWriter nullBulk() {
        if (resp3()) ascii("_\r\n");
        else ascii("$-1\r\n");
        return this;
    }

    public RespWriter nullArray() {
        if (resp3()) ascii("_\r\n");
        else ascii("*-1\r\n");
        return this;
    }

    public RespWriter array(int n) {
        if (n >= 0 && n < ARRAY_HEADER_CACHE.length) return raw(ARRAY_HEADER_CACHE[n]);
        prefixed('*', n);
        return this;
    }

    /** A map of n pairs: RESP3 "%n", RESP2 an array of 2n. */
    public RespWriter map(int n) {
        if (resp3()) prefixed('%', n);
        else array(n * 2);
        return this;
    }

    public RespWriter set(int n) {
        if (resp3()) prefixed('~', n);
        else array(n);
        return this;
    }

    public RespWriter push(int n) {
        if (resp3()) prefixed('>', n);
        else array(n);
        return this;
    }

    public RespWriter attribute(int n) {
        if (resp3()) prefixed('|', n);
        return this;
    }

    public RespWriter bool(boolean b) {
        if (resp3()) ascii(b ? "#t\r\n" : "#f\r\n");
        else integer(b ? 1 : 0);
        return this;
    }

    /** A double: RESP3 ",x", RESP2 a bulk string, both formatted as Redis does. */
    public RespWriter dbl(double d) {
        String s = Doubles.format(d);
        if (resp3()) {
            ensure(s.length() + 3);
            buf[len++] = ',';
            ascii(s);
            crlf();
        } else {
            bulk(s);
        }
        return this;
    }

    public RespWriter bigNumber(String digits) {
        if (resp3()) {
            ensure(digits.length() + 3);
            buf[len++] = '(';
            ascii(digits);
            crlf();
        } else {
            bulk(digits);
        }
        return this;
    }

    /** Verbatim text (RESP3 "=len\r\ntxt:..."), a bulk string for RESP2. */
    public RespWriter verbatim(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        if (resp3()) {
            prefixed('=', b.length + 4);
            ascii("txt:");
            raw(b);
            crlf();
        } else {
            bulk(b);
        }
        return this;
    }
}
