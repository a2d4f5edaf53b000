package vigil.resp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Incremental reader of RESP2/RESP3 replies (the client side of the wire). Feed bytes with
 * {@link #append}; {@link #next} returns a complete value or null until one is in. Parsing
 * restarts from the value's first byte when it was incomplete, which keeps the reader stateless
 * between calls (replies are small next to their parse cost).
 */
public final class RespReader {
    private byte[] buf = new byte[8192];
    private int start;
    private int end;
    private int pos;

    public void append(byte[] data, int off, int len) {
        if (end + len > buf.length) {
            int live = end - start;
            byte[] nb = buf;
            if (live + len > buf.length) {
                int cap = buf.length;
                while (cap < live + len) cap *= 2;
                nb = new byte[cap];
            }
            System.arraycopy(buf, start, nb, 0, live);
            buf = nb;
            start = 0;
            end = live;
        }
        System.arraycopy(data, off, buf, end, len);
        end += len;
    }

    public int buffered() {
        return end - start;
    }

    /** Takes up to n raw bytes already buffered (for payloads that follow a reply line). */
    public byte[] takeRaw(int n) {
        int k = Math.min(n, end - start);
        byte[] out = java.util.Arrays.copyOfRange(buf, start, start + k);
        start += k;
        return out;
    }

    public RespValue next() throws ProtocolException {
        pos = start;
        RespValue v = parse();
        if (v != null) start = pos;
        return v;
    }

    private static final class Incomplete extends RuntimeException {
        Incomplete() {
            super(null, null, false, false);
        }
    }

    private static final Incomplete INCOMPLETE = new Incomplete();

    private RespValue parse() throws ProtocolException {
        try {
            return value();
        } catch (Incomplete e) {
            return null;
        }
    }

    private String line() {
        for (int i = pos; i < end - 1; i++) {
            if (buf[i] == '\r' && buf[i + 1] == '\n') {
                String s = new String(buf, pos, i - pos, StandardCharsets.UTF_8);
                pos = i + 2;
                return s;
            }
        }
        throw INCOMPLETE;
    }

    private RespValue value() throws ProtocolException {
        if (pos >= end) throw INCOMPLETE;
        char type = (char) buf[pos++];
        switch (type) {
            case '+':
                return new RespValue.Simple(line());
            case '-':
                return new RespValue.Error(line());
            case ':':
                return new RespValue.Int(number(line()));
            case '_':
                line();
                return new RespValue.Null();
            case ',': {
                String s = line();
                double d = switch (s) {
                    case "inf" -> Double.POSITIVE_INFINITY;
                    case "-inf" -> Double.NEGATIVE_INFINITY;
                    case "nan" -> Double.NaN;
                    default -> Double.parseDouble(s);
                };
                return new RespValue.Dbl(d);
            }
            case '#':
                return new RespValue.Bool(line().equals("t"));
            case '(':
                return new RespValue.BigNumber(line());
            case '$':
            case '=':
            case '!': {
                long n = number(line());
                if (n < 0) return new RespValue.Null();
                if (end - pos < n + 2) throw INCOMPLETE;
                byte[] b = java.util.Arrays.copyOfRange(buf, pos, pos + (int) n);
                pos += (int) n + 2;
                if (type == '!') return new RespValue.Error(new String(b, StandardCharsets.UTF_8));
                if (type == '=') {
                    String s = new String(b, StandardCharsets.UTF_8);
                    return new RespValue.Verbatim(s.substring(0, 3), s.substring(4));
                }
                return new RespValue.Bulk(b);
            }
            case '*':
            case '~':
            case '>':
            case '%':
            case '|': {
                long n = number(line());
                if (n < 0) return new RespValue.Null();
                if (type == '%' || type == '|') n *= 2;
                List<RespValue> items = new ArrayList<>((int) Math.min(n, 1024));
                for (long i = 0; i < n; i++) items.add(value());
                if (type == '|') {
                    // An attribute precedes the real value: keep the value, drop the attribute.
                    return value();
                }
                return new RespValue.Aggregate(type, items);
            }
            default:
                throw new ProtocolException("ERR Protocol error: unexpected reply type byte '" + type + "'");
        }
    }

    private static long number(String s) throws ProtocolException {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new ProtocolException("ERR Protocol error: bad number '" + s + "'");
        }
    }
}
