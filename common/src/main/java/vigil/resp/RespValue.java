package vigil.resp;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** One RESP2/RESP3 reply value, as read by {@link RespReader}: one small immutable type per kind. */
public sealed interface RespValue {
    record Simple(String text) implements RespValue { }

    record Error(String message) implements RespValue { }

    record Int(long value) implements RespValue { }

    record Bulk(byte[] bytes) implements RespValue {
        public String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /** RESP2's $-1 / *-1 and RESP3's _ . */
    record Null() implements RespValue { }

    record Dbl(double value) implements RespValue { }

    record Bool(boolean value) implements RespValue { }

    record BigNumber(String digits) implements RespValue { }

    record Verbatim(String format, String text) implements RespValue { }

    /** kind is one of '*', '~', '>', '%' (a map holds keys and values interleaved), '|'. */
    record Aggregate(char kind, List<RespValue> items) implements RespValue { }

    /** The value as a Java string for display and tests, or null for Null. */
    default String asString() {
        if (this instanceof Simple s) return s.text();
        if (this instanceof Bulk b) return b.text();
        if (this instanceof Int i) return Long.toString(i.value());
        if (this instanceof Error e) return e.message();
        if (this instanceof Dbl d) return Doubles.format(d.value());
        if (this instanceof Bool b) return Boolean.toString(b.value());
        if (this instanceof BigNumber n) return n.digits();
        if (this instanceof Verbatim v) return v.text();
        if (this instanceof Aggregate a) return a.items().stream().map(RespValue::asString).toList().toString();
        return null;
    }
}
