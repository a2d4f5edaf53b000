package vigil.server.keys;

import vigil.server.keyspace.Db;
import vigil.server.keyspace.Dict;
import vigil.server.keyspace.Keyspace;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * DEBUG DIGEST and DIGEST-VALUE, computed exactly as Redis's debug.c does, so a Vigil node and a
 * Redis node holding the same data report the same 40 hex chars. Per key: mix the key, then the
 * value (type code, then a per-type digest from its {@link ValueKind}, then a marker if it has a
 * TTL); each key's digest is hashed and XOR-combined, so insertion order does not matter; each non-empty db mixes in its id.
 */
public final class ValueDigest {
    private static final byte[] EXPIRE_MARK = "!!expire!!".getBytes(StandardCharsets.US_ASCII);
    public static final String EMPTY = "0000000000000000000000000000000000000000";

    private ValueDigest() {
    }

    private static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Redis's xorDigest: digest ^= SHA1(data). */
    public static void xor(byte[] digest, byte[] data) {
        byte[] h = sha1().digest(data);
        for (int i = 0; i < 20; i++) digest[i] ^= h[i];
    }

    /** Redis's mixDigest: digest = SHA1(digest ^ SHA1(data)). */
    public static void mix(byte[] digest, byte[] data) {
        xor(digest, data);
        byte[] h = sha1().digest(digest);
        System.arraycopy(h, 0, digest, 0, 20);
    }

    private static byte[] int32(int v) {
        return new byte[]{(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    /** xorObjectDigest: the value part of a key's digest (also DIGEST-VALUE's answer). */
    public static void objectDigest(byte[] digest, Dict.Node n) {
        ValueKind kind = ValueKinds.of(n.value);
        mix(digest, int32(kind.typeCode()));
        kind.digest(digest, n.value);
        if (n.expireAt >= 0) xor(digest, EXPIRE_MARK);
    }

    /** DIGEST-VALUE for one key: 40 zeros when absent (logically expired keys still count). */
    public static String valueDigest(Db db, byte[] key) {
        byte[] digest = new byte[20];
        Dict.Node n = db.dict().get(key);
        if (n != null) objectDigest(digest, n);
        return HexFormat.of().formatHex(digest);
    }

    /** computeDatasetDigest over every db. */
    public static String dataset(Keyspace ks) {
        byte[] fin = new byte[20];
        for (int j = 0; j < ks.size(); j++) {
            Db db = ks.db(j);
            if (db.size() == 0) continue;
            mix(fin, int32(j));
            db.dict().forEach(n -> {
                byte[] digest = new byte[20];
                mix(digest, n.key);
                objectDigest(digest, n);
                xor(fin, digest);
            });
        }
        return HexFormat.of().formatHex(fin);
    }
}
