package vigil.rdb;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A test-side picture of a dataset (db -> key -> value) that an RdbVisitor fills in and tests
 * compare: strings as String, lists as List, sets as sorted Set, hashes and zsets as sorted Map.
 * Bytes map to chars one-to-one (ISO-8859-1) so binary data compares exactly.
 */
class Model implements RdbVisitor {
    record Entry(Object value, long expireMs) {
    }

    final Map<Integer, Map<String, Entry>> dbs = new TreeMap<>();
    final Map<String, String> aux = new LinkedHashMap<>();
    final List<String> functions = new ArrayList<>();
    Boolean checksumVerified;
    int version;
    private int db;
    private String key;
    private long expire;
    private Object current;

    static String s(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    Map<String, Entry> db(int n) {
        return dbs.computeIfAbsent(n, k -> new TreeMap<>());
    }

    Object value(int dbNum, String k) {
        Entry e = db(dbNum).get(k);
        return e == null ? null : e.value();
    }

    @Override
    public void version(int v) {
        version = v;
    }

    @Override
    public void aux(byte[] name, byte[] value) {
        aux.put(s(name), s(value));
    }

    @Override
    public void function(byte[] code) {
        functions.add(s(code));
    }

    @Override
    public void selectDb(int n) {
        db = n;
    }

    @Override
    public void string(byte[] k, long expireMs, byte[] value) {
        db(db).put(s(k), new Entry(s(value), expireMs));
    }

    @Override
    public void beginKey(Kind kind, byte[] k, long expireMs, long sizeHint) {
        key = s(k);
        expire = expireMs;
        current = switch (kind) {
            case LIST -> new ArrayList<String>();
            case SET -> new TreeSet<String>();
            case HASH -> new TreeMap<String, String>();
            case ZSET -> new TreeMap<String, Double>();
        };
    }

    @SuppressWarnings("unchecked")
    @Override
    public void listElement(byte[] element) {
        ((List<String>) current).add(s(element));
    }

    @SuppressWarnings("unchecked")
    @Override
    public void setMember(byte[] member) {
        ((TreeSet<String>) current).add(s(member));
    }

    @SuppressWarnings("unchecked")
    @Override
    public void hashField(byte[] field, byte[] value) {
        ((Map<String, String>) current).put(s(field), s(value));
    }

    @SuppressWarnings("unchecked")
    @Override
    public void zsetMember(byte[] member, double score) {
        ((Map<String, Double>) current).put(s(member), score);
    }

    @Override
    public void endKey() throws IOException {
        db(db).put(Objects.requireNonNull(key), new Entry(current, expire));
        key = null;
        current = null;
    }

    @Override
    public void finish(boolean verified) {
        checksumVerified = verified;
    }
}
