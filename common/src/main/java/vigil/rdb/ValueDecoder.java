package vigil.rdb;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static vigil.rdb.RdbTypes.*;

/**
 * Reads one value of a given RDB type and delivers it to a visitor as plain elements, for every
 * encoding Redis 7.0 loads: plain string/list/set/zset (3 and 5)/hash, intsets, ziplists,
 * zipmaps, quicklists 1 and 2, listpacks. Streams and module values are refused with an error
 * naming the key, since Vigil has no such types.
 */
final class ValueDecoder {
    private ValueDecoder() {
    }

    static boolean isValueType(int type) {
        return (type >= STRING && type <= MODULE_2) || (type >= HASH_ZIPMAP && type <= STREAM_LISTPACKS_2);
    }

    static String printable(byte[] key) {
        String s = new String(key, 0, Math.min(key.length, 200), StandardCharsets.UTF_8);
        return "'" + s + (key.length > 200 ? "..." : "") + "'";
    }

    static void read(RdbInput in, int type, byte[] key, long expireMs, RdbVisitor v) throws IOException {
        try {
            readValue(in, type, key, expireMs, v);
        } catch (RdbFormatException e) {
            throw e.in("while loading key " + printable(key) + " (" + RdbTypes.name(type) + ", RDB type " + type + ")");
        }
    }

    private static void readValue(RdbInput in, int type, byte[] key, long exp, RdbVisitor v) throws IOException {
        switch (type) {
            case STRING -> v.string(key, exp, in.string("string value"));
            case LIST -> {
                long n = in.count("list length");
                v.beginKey(RdbVisitor.Kind.LIST, key, exp, n);
                for (long i = 0; i < n; i++) v.listElement(in.string("list element"));
                v.endKey();
            }
            case SET -> {
                long n = in.count("set size");
                v.beginKey(RdbVisitor.Kind.SET, key, exp, n);
                for (long i = 0; i < n; i++) v.setMember(in.string("set member"));
                v.endKey();
            }
            case ZSET, ZSET_2 -> {
                long n = in.count("zset size");
                v.beginKey(RdbVisitor.Kind.ZSET, key, exp, n);
                for (long i = 0; i < n; i++) {
                    byte[] m = in.string("zset member");
                    long at = in.offset();
                    double s = type == ZSET ? in.stringDouble("zset score") : in.binaryDouble("zset score");
                    if (Double.isNaN(s)) throw new RdbFormatException(at, "zset with NaN score");
                    v.zsetMember(m, s);
                }
                v.endKey();
            }
            case HASH -> {
                long n = in.count("hash size");
                v.beginKey(RdbVisitor.Kind.HASH, key, exp, n);
                for (long i = 0; i < n; i++) v.hashField(in.string("hash field"), in.string("hash value"));
                v.endKey();
            }
            case LIST_QUICKLIST, LIST_QUICKLIST_2 -> {
                long nodes = in.count("quicklist node count");
                v.beginKey(RdbVisitor.Kind.LIST, key, exp, -1);
                for (long i = 0; i < nodes; i++) {
                    long container = QUICKLIST_NODE_PACKED;
                    if (type == LIST_QUICKLIST_2) {
                        long cat = in.offset();
                        container = in.count("quicklist node container");
                        if (container != QUICKLIST_NODE_PACKED && container != QUICKLIST_NODE_PLAIN) {
                            throw new RdbFormatException(cat, "invalid quicklist node container " + container);
                        }
                    }
                    long at = in.offset();
                    byte[] blob = in.string("quicklist node");
                    if (container == QUICKLIST_NODE_PLAIN) v.listElement(blob);
                    else if (type == LIST_QUICKLIST) Ziplist.decode(blob, at, v::listElement);
                    else Listpack.decode(blob, at, v::listElement);
                }
                v.endKey();
            }
            case LIST_ZIPLIST -> {
                long at = in.offset();
                byte[] blob = in.string("ziplist");
                v.beginKey(RdbVisitor.Kind.LIST, key, exp, -1);
                Ziplist.decode(blob, at, v::listElement);
                v.endKey();
            }
            case SET_INTSET -> {
                long at = in.offset();
                byte[] blob = in.string("intset");
                v.beginKey(RdbVisitor.Kind.SET, key, exp, -1);
                Intset.decode(blob, at, v::setMember);
                v.endKey();
            }
            case HASH_ZIPMAP, HASH_ZIPLIST, HASH_LISTPACK -> {
                long at = in.offset();
                byte[] blob = in.string("hash blob");
                v.beginKey(RdbVisitor.Kind.HASH, key, exp, -1);
                Pairs p = new Pairs(at) {
                    @Override
                    void pair(byte[] a, byte[] b) throws IOException {
                        v.hashField(a, b);
                    }
                };
                if (type == HASH_ZIPMAP) Zipmap.decode(blob, at, p);
                else if (type == HASH_ZIPLIST) Ziplist.decode(blob, at, p);
                else Listpack.decode(blob, at, p);
                p.done();
                v.endKey();
            }
            case ZSET_ZIPLIST, ZSET_LISTPACK -> {
                long at = in.offset();
                byte[] blob = in.string("zset blob");
                v.beginKey(RdbVisitor.Kind.ZSET, key, exp, -1);
                Pairs p = new Pairs(at) {
                    @Override
                    void pair(byte[] m, byte[] s) throws IOException {
                        Double d = Scores.parse(s);
                        if (d == null || d.isNaN()) throw new RdbFormatException(at, "invalid zset score '" + new String(s, StandardCharsets.ISO_8859_1) + "'");
                        v.zsetMember(m, d);
                    }
                };
                if (type == ZSET_ZIPLIST) Ziplist.decode(blob, at, p);
                else Listpack.decode(blob, at, p);
                p.done();
                v.endKey();
            }
            case MODULE_PRE_GA, MODULE_2, STREAM_LISTPACKS, STREAM_LISTPACKS_2 ->
                    throw new RdbFormatException(in.offset(), "cannot load key " + printable(key) + ": values of type "
                            + RdbTypes.name(type) + " (RDB type " + type + ") are not supported");
            default -> throw new RdbFormatException(in.offset(), "unknown value type " + type);
        }
    }

    /** Regroups a flat element stream into pairs (field/value, member/score). */
    private abstract static class Pairs implements Listpack.Sink {
        private final long at;
        private byte[] first;

        Pairs(long at) {
            this.at = at;
        }

        abstract void pair(byte[] a, byte[] b) throws IOException;

        @Override
        public void accept(byte[] e) throws IOException {
            if (first == null) {
                first = e;
            } else {
                byte[] a = first;
                first = null;
                pair(a, e);
            }
        }

        void done() throws RdbFormatException {
            if (first != null) throw new RdbFormatException(at, "odd number of entries in a blob of pairs");
        }
    }
}
