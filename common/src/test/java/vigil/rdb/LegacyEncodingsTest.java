package vigil.rdb;

import org.junit.jupiter.api.Test;
import vigil.client.BlockingClient;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static vigil.rdb.Model.b;

/**
 * The encodings only older Redis versions write (ziplists 10/12/13, quicklist 1 of ziplists 14,
 * zipmap 9, zset 3 with string scores, EXPIRETIME in seconds, LRU/LFU opcodes) in a hand-built
 * version-9 file: RdbReader and Redis 7.0 itself must see the same dataset in it.
 */
class LegacyEncodingsTest {
    static final long FAR_FUTURE_S = 2_000_000_000L;   // 2033: EXPIRETIME is a signed 32-bit number of seconds

    static byte[] ziplist(String... entries) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int prevlen = 0, tail = 10;
        long[] v = new long[1];
        for (String e : entries) {
            ByteArrayOutputStream ent = new ByteArrayOutputStream();
            if (prevlen < 254) {
                ent.write(prevlen);
            } else {
                ent.write(0xfe);
                le(ent, prevlen, 4);
            }
            if (Ints.isCanonical(b(e), v)) {
                long x = v[0];
                if (x >= 0 && x <= 12) ent.write(0xf1 + (int) x);
                else if (x >= Byte.MIN_VALUE && x <= Byte.MAX_VALUE) { ent.write(0xfe); le(ent, x, 1); }
                else if (x >= Short.MIN_VALUE && x <= Short.MAX_VALUE) { ent.write(0xc0); le(ent, x, 2); }
                else if (x >= -8388608 && x <= 8388607) { ent.write(0xf0); le(ent, x, 3); }
                else if (x >= Integer.MIN_VALUE && x <= Integer.MAX_VALUE) { ent.write(0xd0); le(ent, x, 4); }
                else { ent.write(0xe0); le(ent, x, 8); }
            } else {
                int n = e.length();
                if (n < 64) {
                    ent.write(n);
                } else if (n < 16384) {
                    ent.write(0x40 | (n >> 8));
                    ent.write(n & 0xff);
                } else {
                    ent.write(0x80);
                    for (int i = 3; i >= 0; i--) ent.write(n >>> (8 * i));
                }
                ent.writeBytes(b(e));
            }
            tail = 10 + body.size();
            prevlen = ent.size();
            body.writeBytes(ent.toByteArray());
        }
        ByteArrayOutputStream zl = new ByteArrayOutputStream();
        le(zl, 10 + body.size() + 1, 4);
        le(zl, tail, 4);
        le(zl, entries.length, 2);
        zl.writeBytes(body.toByteArray());
        zl.write(0xff);
        return zl.toByteArray();
    }

    static byte[] zipmap(String... kv) {
        ByteArrayOutputStream zm = new ByteArrayOutputStream();
        zm.write(kv.length / 2);
        for (int i = 0; i < kv.length; i += 2) {
            zm.write(kv[i].length());
            zm.writeBytes(b(kv[i]));
            zm.write(kv[i + 1].length());
            zm.write(0);
            zm.writeBytes(b(kv[i + 1]));
        }
        zm.write(0xff);
        return zm.toByteArray();
    }

    private static void le(ByteArrayOutputStream o, long v, int n) {
        for (int i = 0; i < n; i++) o.write((int) (v >>> (8 * i)));
    }

    static byte[] legacyFile() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        RdbOutput o = new RdbOutput(bytes, true);
        o.write(b("REDIS0009"));
        o.writeByte(RdbTypes.OP_AUX);
        o.writeString(b("redis-ver"));
        o.writeString(b("5.0.7"));
        o.writeByte(RdbTypes.OP_SELECTDB);
        o.writeLength(0);
        key(o, RdbTypes.LIST_ZIPLIST, "zl:list");
        o.writeString(ziplist("a", "12", "-1", "300", "70000", "5000000000", "x".repeat(300), "tail"));
        key(o, RdbTypes.ZSET_ZIPLIST, "zl:zset");
        o.writeString(ziplist("one", "1", "half", "2.5", "big", "1e+20"));
        key(o, RdbTypes.HASH_ZIPLIST, "zl:hash");
        o.writeString(ziplist("f", "v", "n", "-123456", "empty", ""));
        key(o, RdbTypes.LIST_QUICKLIST, "ql:list");
        o.writeLength(2);
        o.writeString(ziplist("n1a", "n1b"));
        o.writeString(ziplist("7", "n2b"));
        key(o, RdbTypes.HASH_ZIPMAP, "zm:hash");
        o.writeString(zipmap("name", "vigil", "ver", "7"));
        o.writeByte(RdbTypes.OP_EXPIRETIME);
        o.writeLE(FAR_FUTURE_S, 4);
        key(o, RdbTypes.ZSET, "old:zset");
        o.writeLength(3);
        o.writeString(b("a"));
        o.writeByte(3);
        o.write(b("1.5"));
        o.writeString(b("b"));
        o.writeByte(254);
        o.writeString(b("c"));
        o.writeByte(255);
        o.writeByte(RdbTypes.OP_IDLE);
        o.writeLength(77);
        key(o, RdbTypes.LIST, "plain:list");
        o.writeLength(2);
        o.writeString(b("p1"));
        o.writeString(b("123"));
        o.writeByte(RdbTypes.OP_FREQ);
        o.writeByte(5);
        key(o, RdbTypes.SET, "plain:set");
        o.writeLength(2);
        o.writeString(b("s1"));
        o.writeString(b("s2"));
        o.writeByte(RdbTypes.OP_EOF);
        o.writeLE(o.crc(), 8);
        o.flush();
        return bytes.toByteArray();
    }

    private static void key(RdbOutput o, int type, String key) throws IOException {
        o.writeByte(type);
        o.writeString(b(key));
    }

    static Map<String, Model.Entry> expected() {
        Map<String, Model.Entry> db = new TreeMap<>();
        db.put("zl:list", new Model.Entry(new ArrayList<>(List.of("a", "12", "-1", "300", "70000", "5000000000", "x".repeat(300), "tail")), -1));
        db.put("zl:zset", new Model.Entry(new TreeMap<>(Map.of("one", 1.0, "half", 2.5, "big", 1e20)), -1));
        db.put("zl:hash", new Model.Entry(new TreeMap<>(Map.of("f", "v", "n", "-123456", "empty", "")), -1));
        db.put("ql:list", new Model.Entry(new ArrayList<>(List.of("n1a", "n1b", "7", "n2b")), -1));
        db.put("zm:hash", new Model.Entry(new TreeMap<>(Map.of("name", "vigil", "ver", "7")), -1));
        db.put("old:zset", new Model.Entry(new TreeMap<>(Map.of("a", 1.5, "b", Double.POSITIVE_INFINITY, "c", Double.NEGATIVE_INFINITY)), FAR_FUTURE_S * 1000));
        db.put("plain:list", new Model.Entry(new ArrayList<>(List.of("p1", "123")), -1));
        db.put("plain:set", new Model.Entry(new TreeSet<>(List.of("s1", "s2")), -1));
        return db;
    }

    @Test
    void readerDecodesEveryLegacyEncoding() throws IOException {
        Model m = new Model();
        new RdbReader(new ByteArrayInputStream(legacyFile())).read(m);
        assertEquals(9, m.version);
        assertEquals(Map.of(0, expected()), m.dbs);
        assertEquals(Boolean.TRUE, m.checksumVerified);
    }

    @Test
    void redis70LoadsTheSameLegacyFileToTheSameData() throws Exception {
        RedisServer.assumeAvailable();
        Path dir = Files.createTempDirectory("vigil-legacy");
        Files.write(dir.resolve("legacy.rdb"), legacyFile());
        try (RedisServer redis = RedisServer.start(dir, "--dbfilename", "legacy.rdb", "--sanitize-dump-payload", "yes");
             BlockingClient c = redis.client()) {
            assertEquals(Map.of(0, expected()), Fixture.fetch(c, List.of(0)), redis.log());
        }
    }
}
