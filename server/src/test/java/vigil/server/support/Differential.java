package vigil.server.support;

import vigil.client.BlockingClient;
import vigil.resp.RespValue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Sends the same commands to Vigil and to Redis 7.0 and asserts byte-identical replies (as
 * rendered by {@link #render}). A mismatch names the command and both replies.
 */
public final class Differential implements AutoCloseable {
    private final BlockingClient vigil;
    private final BlockingClient redis;
    private int count;

    public Differential(BlockingClient vigil, BlockingClient redis) {
        this.vigil = vigil;
        this.redis = redis;
    }

    /** Runs one command on both and fails on a difference; returns Vigil's reply. */
    public RespValue check(String... args) throws Exception {
        return check(BlockingClient.toBytes(args));
    }

    public RespValue check(byte[]... args) throws Exception {
        count++;
        RespValue a = vigil.call(args);
        RespValue b = redis.call(args);
        String ra = render(a), rb = render(b);
        if (!ra.equals(rb)) {
            StringBuilder cmd = new StringBuilder();
            for (byte[] x : args) cmd.append(' ').append(new String(x, StandardCharsets.UTF_8));
            fail("command #" + count + ":" + cmd + "\n  vigil: " + ra + "\n  redis: " + rb);
        }
        return a;
    }

    /** Runs commands whose reply order is unspecified (SMEMBERS, KEYS): compares sorted. */
    public void checkUnordered(String... args) throws Exception {
        count++;
        RespValue a = vigil.call(args);
        RespValue b = redis.call(args);
        String ra = renderSorted(a), rb = renderSorted(b);
        if (!ra.equals(rb)) fail("command #" + count + ": " + String.join(" ", args) + "\n  vigil: " + ra + "\n  redis: " + rb);
    }

    public int count() {
        return count;
    }

    /** A canonical text form of a reply: type markers plus exact content. */
    public static String render(RespValue v) {
        if (v instanceof RespValue.Simple s) return "+" + s.text();
        if (v instanceof RespValue.Error e) return "-" + e.message();
        if (v instanceof RespValue.Int i) return ":" + i.value();
        if (v instanceof RespValue.Bulk b) return "$" + escape(b.bytes());
        if (v instanceof RespValue.Null) return "(nil)";
        if (v instanceof RespValue.Dbl d) return "," + d.value();
        if (v instanceof RespValue.Bool b) return "#" + b.value();
        if (v instanceof RespValue.BigNumber n) return "(" + n.digits();
        if (v instanceof RespValue.Verbatim t) return "=" + t.format() + ":" + t.text();
        if (v instanceof RespValue.Aggregate a) {
            StringBuilder sb = new StringBuilder().append(a.kind()).append('[');
            List<RespValue> items = a.items();
            for (int i = 0; i < items.size(); i++) {
                if (i > 0) sb.append(", ");
                sb.append(render(items.get(i)));
            }
            return sb.append(']').toString();
        }
        return String.valueOf(v);
    }

    static String renderSorted(RespValue v) {
        if (v instanceof RespValue.Aggregate a) {
            return a.kind() + a.items().stream().map(Differential::render).sorted().toList().toString();
        }
        return render(v);
    }

    static String escape(byte[] b) {
        StringBuilder sb = new StringBuilder("\"");
        for (byte x : b) {
            int c = x & 0xff;
            if (c >= 32 && c < 127 && c != '"' && c != '\\') sb.append((char) c);
            else sb.append(String.format("\\x%02x", c));
        }
        return sb.append('"').toString();
    }

    @Override
    public void close() throws Exception {
        vigil.close();
        redis.close();
    }
}
