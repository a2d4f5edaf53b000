package vigil.server.keys;

import vigil.server.config.EncodingLimits;
import vigil.server.keyspace.Dict;
import vigil.util.Bytes;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The registry of value kinds, keyed by the Java class that stores the value. Strings (byte[])
 * are built in; each collection type registers itself once ({@link #register}).
 */
public final class ValueKinds {
    private static final Map<Class<?>, ValueKind> KINDS = new ConcurrentHashMap<>();

    /** Redis's OBJ_ENCODING_EMBSTR_SIZE_LIMIT. */
    static final int EMBSTR_LIMIT = 44;

    public static final ValueKind STRING = new ValueKind() {
        @Override
        public String typeName() {
            return "string";
        }

        @Override
        public int typeCode() {
            return 0;
        }

        @Override
        public String encoding(Dict.Node node) {
            byte[] v = (byte[]) node.value;
            if (node.encoding == Dict.Node.ENC_RAW) return "raw";
            if (node.encoding == Dict.Node.ENC_EMBSTR) return "embstr";
            return stringEncoding(v);
        }

        @Override
        public Object copy(Object value) {
            return value;   // strings are never modified in place: APPEND/SETRANGE store a new array
        }

        @Override
        public void digest(byte[] digest, Object value) {
            ValueDigest.mix(digest, (byte[]) value);
        }

        @Override
        public long serializedLength(Object value, EncodingLimits limits) {
            return RdbLength.string((byte[]) value);
        }
    };

    static {
        register(byte[].class, STRING);
    }

    private ValueKinds() {
    }

    public static void register(Class<?> valueClass, ValueKind kind) {
        KINDS.put(valueClass, kind);
    }

    /** The kind of a stored value; values of unregistered classes are reported as strings' siblings would be: an error. */
    public static ValueKind of(Object value) {
        ValueKind k = KINDS.get(value.getClass());
        if (k == null) throw new IllegalStateException("no ValueKind registered for " + value.getClass().getName());
        return k;
    }

    /** The TYPE name of a node's value, "none" for null. */
    public static String typeName(Dict.Node n) {
        return n == null ? "none" : of(n.value).typeName();
    }

    /** What tryObjectEncoding makes of a string SET stores: int, embstr or raw. */
    public static String stringEncoding(byte[] v) {
        if (v.length <= 20 && Bytes.parseLong(v) != null) return "int";
        return v.length <= EMBSTR_LIMIT ? "embstr" : "raw";
    }
}
