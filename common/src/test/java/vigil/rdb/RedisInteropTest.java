package vigil.rdb;

import org.junit.jupiter.api.Test;
import vigil.client.BlockingClient;
import vigil.resp.RespValue;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vigil.rdb.Model.b;

/**
 * Differential tests against the Debian redis-server 7.0: files Redis saves read correctly, files
 * Vigil writes pass redis-check-rdb and load into Redis with the same content. Skips visibly when
 * redis-server is not installed.
 */
class RedisInteropTest {
    private static final List<Integer> DBS = List.of(0, 1, 2, 3);

    @Test
    void readsWhatRedisSaves() throws Exception {
        long now = System.currentTimeMillis();
        var data = Fixture.data(now);
        for (String compression : List.of("yes", "no")) {
            try (RedisServer redis = RedisServer.start(null, "--rdbcompression", compression);
                 BlockingClient c = redis.client()) {
                Fixture.load(c, data);
                assertEquals("OK", c.call("SAVE").asString());
                Model m = new Model();
                try (InputStream in = new BufferedInputStream(Files.newInputStream(redis.dir.resolve("dump.rdb")))) {
                    new RdbReader(in).read(m);
                }
                assertEquals(data, m.dbs, "rdbcompression " + compression);
                assertEquals(Boolean.TRUE, m.checksumVerified);
                assertTrue(m.aux.get("redis-ver").startsWith("7.0."), m.aux.toString());
                // SAVE has no replication info: no repl-stream-db / repl-id / repl-offset
                assertEquals(List.of("redis-ver", "redis-bits", "ctime", "used-mem", "aof-base"), List.copyOf(m.aux.keySet()));
            }
        }
    }

    @Test
    void readsRedisFileWithoutChecksum() throws Exception {
        try (RedisServer redis = RedisServer.start(null, "--rdbchecksum", "no"); BlockingClient c = redis.client()) {
            c.call("SET", "a", "1");
            assertEquals("OK", c.call("SAVE").asString());
            Model m = new Model();
            try (InputStream in = Files.newInputStream(redis.dir.resolve("dump.rdb"))) {
                new RdbReader(in).read(m);
            }
            assertEquals("1", m.value(0, "a"));
            assertEquals(Boolean.FALSE, m.checksumVerified);
        }
    }

    @Test
    void redisLoadsWhatVigilWritesAndRedisCheckRdbPassesIt() throws Exception {
        RedisServer.assumeAvailable();
        long now = System.currentTimeMillis();
        var data = Fixture.data(now);
        for (boolean compress : new boolean[]{true, false}) {
            Path dir = Files.createTempDirectory("vigil-rdb");
            Path file = dir.resolve("vigil.rdb");
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
                RdbWriter w = new RdbWriter(out, compress).header()
                        .standardAux("7.0.15", now / 1000, 1_000_000, 0, "0123456789abcdef0123456789abcdef01234567", 0, false);
                Fixture.write(w, data);
                w.finish(true);
            }
            Process check = new ProcessBuilder(RedisServer.CHECK_RDB, file.toString()).redirectErrorStream(true).start();
            String report = new String(check.getInputStream().readAllBytes());
            assertTrue(check.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, check.exitValue(), report);
            assertTrue(report.contains("RDB looks OK"), report);
            try (RedisServer redis = RedisServer.start(dir, "--dbfilename", "vigil.rdb", "--sanitize-dump-payload", "yes");
                 BlockingClient c = redis.client()) {
                assertEquals(data, Fixture.fetch(c, DBS), "compress " + compress + "\n" + redis.log());
                assertTrue(redis.log().contains("DB loaded from disk"), redis.log());
            }
        }
    }

    @Test
    void decodesDumpPayloadsFromRedis() throws Exception {
        var data = Fixture.data(System.currentTimeMillis() + 10_000).get(0);
        try (RedisServer redis = RedisServer.start(null); BlockingClient c = redis.client()) {
            Fixture.load(c, Map.of(0, data));
            for (var kv : data.entrySet()) {
                byte[] payload = ((RespValue.Bulk) c.call(b("DUMP"), b(kv.getKey()))).bytes();
                assertTrue(DumpPayload.verify(payload));
                Model m = new Model();
                DumpPayload.decode(b(kv.getKey()), payload, m);
                assertEquals(kv.getValue().value(), m.value(0, kv.getKey()), kv.getKey());
            }
        }
    }

    @Test
    void redisRestoresVigilDumpPayloadsByteIdenticalToItsOwnExceptHashTableOrder() throws Exception {
        var data = Fixture.data(0).get(0);
        try (RedisServer redis = RedisServer.start(null, "--sanitize-dump-payload", "yes"); BlockingClient c = redis.client()) {
            // plain sets, hashes and zsets are hash tables in Redis: their element order is Redis's own
            java.util.Set<String> orderMayDiffer = java.util.Set.of("hash:big", "hash:longvalue", "set:manyints", "set:strs", "zset:big", "zset:longmember");
            int identical = 0;
            for (var kv : data.entrySet()) {
                byte[] payload = dump(kv.getValue().value());
                String key = "restored:" + kv.getKey();
                assertEquals("OK", c.call(b("RESTORE"), b(key), b("0"), payload).asString(), kv.getKey());
                Map<String, Model.Entry> got = Fixture.fetch(c, List.of(0)).get(0);
                assertEquals(kv.getValue().value(), got.get(key).value(), kv.getKey());
                byte[] theirs = ((RespValue.Bulk) c.call(b("DUMP"), b(key))).bytes();
                if (java.util.Arrays.equals(theirs, payload)) identical++;
                else assertTrue(orderMayDiffer.contains(kv.getKey()), "DUMP of " + kv.getKey() + " differs from Redis's");
                c.call(b("DEL"), b(key));
            }
            assertTrue(identical >= data.size() - orderMayDiffer.size());
        }
    }

    @SuppressWarnings("unchecked")
    static byte[] dump(Object v) {
        if (v instanceof String s) return DumpPayload.string(b(s), true);
        if (v instanceof List<?> l) return DumpPayload.list(Fixture.bytes((List<String>) l), true);
        if (v instanceof java.util.TreeSet<?> s) return DumpPayload.set(Fixture.bytes((java.util.TreeSet<String>) s), true);
        if (Fixture.isZset(v)) {
            List<RdbWriter.Scored> m = new java.util.ArrayList<>();
            ((Map<String, Double>) v).forEach((k, sc) -> m.add(new RdbWriter.Scored(b(k), sc)));
            return DumpPayload.zset(m, true);
        }
        List<RdbWriter.Field> f = new java.util.ArrayList<>();
        ((TreeMap<String, String>) v).forEach((k, val) -> f.add(new RdbWriter.Field(b(k), b(val))));
        return DumpPayload.hash(f, true);
    }
}
