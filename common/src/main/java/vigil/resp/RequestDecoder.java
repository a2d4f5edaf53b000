package vigil.resp;

import io.vertx.core.buffer.Buffer;

import java.util.ArrayList;
import java.util.List;

/**
 * Incremental decoder of client requests: RESP multibulk arrays of bulk strings, and inline
 * commands (a line typed in telnet). Bytes arrive in chunks of any size; complete commands come
 * out as {@code byte[][]} argument vectors.
 *
 * <p>States: {@code START} (next byte decides multibulk or inline), {@code MULTIBULK_COUNT},
 * {@code BULK_LENGTH} (expecting "$len\r\n" for argument i), {@code BULK_CONTENT}
 * (waiting for len bytes plus CRLF). Inline lines are parsed in one step once their newline is in.
 * Any protocol violation raises {@link ProtocolException} with Redis's exact error text; the
 * decoder is then unusable and the caller closes the connection.
 */
public final class RequestDecoder {
    /** Longest line Redis accepts without a newline: PROTO_INLINE_MAX_SIZE. */
    public static final int INLINE_MAX = 64 * 1024;
    /** Most elements accepted in one multibulk request. */
    public static final int MULTIBULK_MAX = 1024 * 1024;

    private enum State { START, MULTIBULK_COUNT, BULK_LENGTH, BULK_CONTENT }

    private byte[] buf = new byte[16 * 1024];
    private int start;   // first unread byte
    private int end;     // one past the last byte held
    private State state = State.START;
    private byte[][] argv;
    private int argIndex;
    private int bulkLen;
    private long maxBulkLen = 512L * 1024 * 1024;

    public void setMaxBulkLen(long maxBulkLen) {
        this.maxBulkLen = maxBulkLen;
    }

    /** Bytes received but not yet consumed by a complete command. */
    public int pending() {
        return end - start;
    }

    public void append(Buffer chunk) {
        int n = chunk.length();
        ensure(n);
        chunk.getBytes(0, n, buf, end);
        end += n;
    }

    public void append(byte[] data, int off, int len) {
        ensure(len);
        System.arraycopy(data, off, buf, end, len);
        end += len;
    }

    private void ensure(int more) {
        if (end + more <= buf.length) return;
        int live = end - start;
        if (live + more <= buf.length && start > 0 && live < buf.length / 2) {
            System.arraycopy(buf, start, buf, 0, live);
        } else {
            int cap = buf.length;
            while (cap < live + more) cap = cap << 1;
            byte[] nb = new byte[cap];
            System.arraycopy(buf, start, nb, 0, live);
            buf = nb;
        }
        start = 0;
        end = live;
    }

    /**
     * Decodes the next complete command, or returns null when more bytes are needed.
     * Empty commands (an empty inline line, "*0") are skipped.
     */
    public byte[][] next() throws ProtocolException {
        while (true) {
            switch (state) {
                case START -> {
                    if (start == end) {
                        compact();
                        return null;
                    }
                    if (buf[start] == '*') {
                        state = State.MULTIBULK_COUNT;
                    } else {
                        byte[][] inline = inline();
                        if (inline == null) return null;
                        if (inline.length > 0) return inline;
                    }
                }
                case MULTIBULK_COUNT -> {
                    int nl = indexOfCrlf(start);
                    if (nl < 0) {
                        if (end - start > INLINE_MAX) {
                            throw new ProtocolException("ERR Protocol error: too big mbulk count string");
                        }
                        return null;
                    }
                    long count = parseLong(start + 1, nl);
                    if (count == Long.MIN_VALUE || count > MULTIBULK_MAX) {
                        throw new ProtocolException("ERR Protocol error: invalid multibulk length");
                    }
                    start = nl + 2;
                    if (count <= 0) {
                        state = State.START;
                        continue;
                    }
                    argv = new byte[(int) count][];
                    argIndex = 0;
                    state = State.BULK_LENGTH;
                }
                case BULK_LENGTH -> {
                    int nl = indexOfCrlf(start);
                    if (nl < 0) {
                        if (end - start > INLINE_MAX) {
                            throw new ProtocolException("ERR Protocol error: too big bulk count string");
                        }
                        return null;
                    }
                    if (buf[start] != '$') {
                        throw new ProtocolException("ERR Protocol error: expected '$', got '"
                                + (char) (buf[start] & 0xff) + "'");
                    }
                    long len = parseLong(start + 1, nl);
                    if (len == Long.MIN_VALUE || len < 0 || len > maxBulkLen) {
                        throw new ProtocolException("ERR Protocol error: invalid bulk length");
                    }
                    start = nl + 2;
                    bulkLen = (int) len;
                    state = State.BULK_CONTENT;
                }
                case BULK_CONTENT -> {
                    if (end - start < bulkLen + 2) {
                        ensure(bulkLen + 2 - (end - start));
                        return null;
                    }
                    byte[] arg = new byte[bulkLen];
                    System.arraycopy(buf, start, arg, 0, bulkLen);
                    start += bulkLen + 2;   // Redis does not check the trailing CRLF either
                    argv[argIndex++] = arg;
                    if (argIndex == argv.length) {
                        state = State.START;
                        byte[][] done = argv;
                        argv = null;
                        return done;
                    }
                    state = State.BULK_LENGTH;
                }
            }
        }
    }

    private void compact() {
        if (start == end) {
            start = 0;
            end = 0;
        }
    }

    private byte[][] inline() throws ProtocolException {
        int nl = -1;
        for (int i = start; i < end; i++) {
            if (buf[i] == '\n') {
                nl = i;
                break;
            }
        }
        if (nl < 0) {
            if (end - start > INLINE_MAX) {
                throw new ProtocolException("ERR Protocol error: too big inline request");
            }
            return null;
        }
        int lineEnd = nl;
        if (lineEnd > start && buf[lineEnd - 1] == '\r') lineEnd--;
        List<byte[]> args = ArgSplitter.split(buf, start, lineEnd);
        start = nl + 1;
        if (args == null) {
            throw new ProtocolException("ERR Protocol error: unbalanced quotes in request");
        }
        return args.toArray(new byte[0][]);
    }

    private int indexOfCrlf(int from) {
        for (int i = from; i < end - 1; i++) {
            if (buf[i] == '\r' && buf[i + 1] == '\n') return i;
        }
        return -1;
    }

    /** Parses a signed decimal in buf[from, to); Long.MIN_VALUE when malformed. */
    private long parseLong(int from, int to) {
        if (from >= to || to - from > 19) return Long.MIN_VALUE;
        boolean neg = buf[from] == '-';
        int i = neg ? from + 1 : from;
        if (i == to) return Long.MIN_VALUE;
        long v = 0;
        for (; i < to; i++) {
            int d = buf[i] - '0';
            if (d < 0 || d > 9) return Long.MIN_VALUE;
            v = v * 10 + d;
        }
        return neg ? -v : v;
    }

    /** Splits already-received bytes: used by tests that check every split point. */
    public static List<byte[][]> decodeAll(byte[] data) throws ProtocolException {
        RequestDecoder d = new RequestDecoder();
        d.append(data, 0, data.length);
        List<byte[][]> out = new ArrayList<>();
        byte[][] c;
        while ((c = d.next()) != null) out.add(c);
        return out;
    }
}
