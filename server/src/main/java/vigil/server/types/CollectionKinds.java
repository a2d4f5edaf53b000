package vigil.server.types;

import vigil.rdb.Intset;
import vigil.rdb.Listpack;
import vigil.resp.Doubles;
import vigil.server.config.EncodingLimits;
import vigil.server.keys.RdbLength;
import vigil.server.keys.ValueDigest;
import vigil.server.keys.ValueKind;
import vigil.server.keys.ValueKinds;
import vigil.server.keyspace.CollectionValue;
import vigil.server.keyspace.Dict;
import vigil.server.types.hash.HashValue;
import vigil.server.types.list.ListValue;
import vigil.server.types.set.SetValue;
import vigil.server.types.zset.ZSetValue;
import vigil.util.Bytes;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The {@link ValueKind}s of lists, hashes, sets and sorted sets, so TYPE, SCAN TYPE, OBJECT
 * ENCODING, COPY, DEBUG DIGEST / DIGEST-VALUE and DEBUG OBJECT work on them. Name, encoding and
 * copy come from the value itself ({@link CollectionValue}); what is here is what Redis's
 * debug.c and rdb.c do per type: xorObjectDigest's rules (lists in order; sets, hashes and
 * sorted sets order-independent by XOR; scores printed with "%.17g") and rdbSavedObjectLen.
 */
public final class CollectionKinds {
    private CollectionKinds() {
    }

    /** Registers the four kinds (idempotent). */
    public static void register() {
        ValueKinds.register(ListValue.class, new Kind(1) {
            @Override
            public void digest(byte[] digest, Object value) {
                ((ListValue) value).visitForward(0, (i, b, off, len) -> {
                    ValueDigest.mix(digest, Arrays.copyOfRange(b, off, off + len));
                    return true;
                });
            }

            @Override
            public long serializedLength(Object value, EncodingLimits limits) {
                List<Listpack.Builder> nodes = quicklistNodes((ListValue) value, limits.listMaxListpackSize);
                long n = RdbLength.len(nodes.size());
                for (Listpack.Builder lp : nodes) n += 1 + RdbLength.string(lp.finish());   // container (2) + blob
                return n;
            }

            @Override
            public String debugExtra(Object value, EncodingLimits limits) {
                List<Listpack.Builder> nodes = quicklistNodes((ListValue) value, limits.listMaxListpackSize);
                long used = 0;
                for (Listpack.Builder lp : nodes) used += lp.bytes();
                int count = ((ListValue) value).size();
                return " ql_nodes:" + nodes.size()
                        + " ql_avg_node:" + String.format("%.2f", nodes.isEmpty() ? 0.0 : (double) count / nodes.size())
                        + " ql_listpack_max:" + limits.listMaxListpackSize
                        + " ql_compressed:0"
                        + " ql_uncompressed_size:" + used;
            }
        });
        ValueKinds.register(HashValue.class, new Kind(4) {
            @Override
            public void digest(byte[] digest, Object value) {
                ((HashValue) value).forEach((fb, fo, fl, vb, vo, vl) -> {
                    byte[] ele = new byte[20];
                    ValueDigest.mix(ele, Arrays.copyOfRange(fb, fo, fo + fl));
                    ValueDigest.mix(ele, Arrays.copyOfRange(vb, vo, vo + vl));
                    ValueDigest.xor(digest, ele);
                });
            }

            @Override
            public long serializedLength(Object value, EncodingLimits limits) {
                HashValue h = (HashValue) value;
                if (h.isPacked()) {
                    Listpack.Builder lp = new Listpack.Builder();
                    h.forEach((fb, fo, fl, vb, vo, vl) -> {
                        lp.add(fb, fo, fl);
                        lp.add(vb, vo, vl);
                    });
                    return RdbLength.string(lp.finish());
                }
                long[] n = {RdbLength.len(h.size())};
                h.forEach((fb, fo, fl, vb, vo, vl) -> n[0] += RdbLength.string(Arrays.copyOfRange(fb, fo, fo + fl))
                        + RdbLength.string(Arrays.copyOfRange(vb, vo, vo + vl)));
                return n[0];
            }
        });
        ValueKinds.register(SetValue.class, new Kind(2) {
            @Override
            public void digest(byte[] digest, Object value) {
                ((SetValue) value).forEach(m -> ValueDigest.xor(digest, m));
            }

            @Override
            public long serializedLength(Object value, EncodingLimits limits) {
                SetValue s = (SetValue) value;
                if (s.isIntset()) {
                    long[] ints = new long[s.size()];
                    int[] i = {0};
                    s.forEach(m -> ints[i[0]++] = Bytes.parseLong(m));
                    Arrays.sort(ints);
                    return RdbLength.string(Intset.encode(ints, ints.length));
                }
                long[] n = {RdbLength.len(s.size())};
                s.forEach(m -> n[0] += RdbLength.string(m));
                return n[0];
            }
        });
        ValueKinds.register(ZSetValue.class, new Kind(3) {
            @Override
            public void digest(byte[] digest, Object value) {
                ZSetValue z = (ZSetValue) value;
                z.visit(0, z.size() - 1, false, (m, score) -> {
                    byte[] ele = new byte[20];
                    ValueDigest.mix(ele, m);
                    ValueDigest.mix(ele, Doubles.format(score).getBytes(StandardCharsets.US_ASCII));
                    ValueDigest.xor(digest, ele);
                });
            }

            @Override
            public long serializedLength(Object value, EncodingLimits limits) {
                ZSetValue z = (ZSetValue) value;
                if (z.isListpack()) {
                    Listpack.Builder lp = new Listpack.Builder();
                    z.visit(0, z.size() - 1, false, (m, score) -> {
                        lp.add(m);
                        lp.add(Bytes.of(Doubles.format(score)));   // zzlInsertAt stores d2string's text
                    });
                    return RdbLength.string(lp.finish());
                }
                long[] n = {RdbLength.len(z.size())};
                z.visit(0, z.size() - 1, true, (m, score) -> n[0] += RdbLength.string(m) + 8);   // binary double
                return n[0];
            }
        });
    }

    /**
     * The listpack nodes Redis's quicklist would hold after pushing the elements tail-wards
     * with list-max-listpack-size (_quicklistNodeAllowInsert: size estimate with 8 bytes of
     * overhead against the fill's byte level, or an entry count under the 8kb safety limit).
     */
    static List<Listpack.Builder> quicklistNodes(ListValue l, int fill) {
        List<Listpack.Builder> nodes = new ArrayList<>();
        Listpack.Builder[] cur = {null};
        l.visitForward(0, (i, b, off, len) -> {
            Listpack.Builder node = cur[0];
            if (node == null || !allowInsert(node, fill, len)) {
                node = new Listpack.Builder();
                nodes.add(node);
                cur[0] = node;
            }
            node.add(b, off, len);
            return true;
        });
        return nodes;
    }

    private static boolean allowInsert(Listpack.Builder node, int fill, int sz) {
        long newSz = (long) node.bytes() + sz + 8;
        if (fill < 0) {
            int level = -fill - 1;
            if (level < 5 && newSz <= (4096L << level)) return true;
        }
        if (newSz > 8192) return false;
        return node.count() < fill;
    }

    /** Name, type code, encoding and copy straight from the value. */
    private abstract static class Kind implements ValueKind {
        private final int code;

        Kind(int code) {
            this.code = code;
        }

        @Override
        public String typeName() {
            return switch (code) {
                case 1 -> "list";
                case 2 -> "set";
                case 3 -> "zset";
                default -> "hash";
            };
        }

        @Override
        public int typeCode() {
            return code;
        }

        @Override
        public String encoding(Dict.Node node) {
            return ((CollectionValue) node.value).encoding();
        }

        @Override
        public Object copy(Object value) {
            return ((CollectionValue) value).copy();
        }
    }
}
