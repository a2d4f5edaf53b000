package vigil.rdb;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RdbWriter output read back by RdbReader gives the same dataset, for every type and encoding. */
class RdbRoundTripTest {
    static byte[] rdb(Map<Integer, Map<String, Model.Entry>> data, boolean compress, boolean checksum) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RdbWriter w = new RdbWriter(out, compress).header()
                .standardAux("7.0.15", 1_700_000_000L, 123456, 0, "0123456789abcdef0123456789abcdef01234567", 42, false)
                .function("#!lua name=mylib\nredis.register_function('f', function() return 1 end)".getBytes(StandardCharsets.UTF_8));
        Fixture.write(w, data);
        w.finish(checksum);
        assertEquals(out.size(), w.bytesWritten());
        return out.toByteArray();
    }

    static Model read(byte[] file) throws IOException {
        Model m = new Model();
        new RdbReader(new ByteArrayInputStream(file)).read(m);
        return m;
    }

    @Test
    void everyTypeAndEncodingRoundTripsCompressed() throws IOException {
        var data = Fixture.data(System.currentTimeMillis());
        Model m = read(rdb(data, true, true));
        assertEquals(data, m.dbs);
        assertEquals(Boolean.TRUE, m.checksumVerified);
        assertEquals(10, m.version);
        assertEquals("7.0.15", m.aux.get("redis-ver"));
        assertEquals("64", m.aux.get("redis-bits"));
        assertEquals(List.of("redis-ver", "redis-bits", "ctime", "used-mem", "repl-stream-db", "repl-id", "repl-offset", "aof-base"),
                List.copyOf(m.aux.keySet()));
        assertEquals(1, m.functions.size());
    }

    @Test
    void uncompressedFileWithoutChecksumReadsTheSameAndSaysSo() throws IOException {
        var data = Fixture.data(System.currentTimeMillis());
        byte[] plain = rdb(data, false, false);
        Model m = read(plain);
        assertEquals(data, m.dbs);
        assertFalse(m.checksumVerified);
        assertTrue(plain.length > rdb(data, true, false).length, "LZF makes the file smaller");
    }

    @Test
    void fileStartsWithMagicAndEndsWithCrcOfEverythingBefore() throws IOException {
        byte[] f = rdb(Fixture.data(0), true, true);
        assertArrayEquals("REDIS0010".getBytes(StandardCharsets.US_ASCII), java.util.Arrays.copyOf(f, 9));
        assertEquals((byte) 0xff, f[f.length - 9]);
        long crc = 0;
        for (int i = 0; i < 8; i++) crc |= (long) (f[f.length - 8 + i] & 0xff) << (8 * i);
        assertEquals(Crc64.of(f, 0, f.length - 8), crc);
    }

    @Test
    void encodingsAreTheOnesRedis70Uses() throws IOException {
        assertEquals(RdbTypes.SET_INTSET, typeOf(w -> w.set(k(), -1, Fixture.bytes(List.of("1", "2")))));
        assertEquals(RdbTypes.SET, typeOf(w -> w.set(k(), -1, Fixture.bytes(List.of("1", "a")))));
        assertEquals(RdbTypes.HASH_LISTPACK, typeOf(w -> w.hash(k(), -1, List.of(new RdbWriter.Field(k(), k())))));
        assertEquals(RdbTypes.HASH, typeOf(w -> w.hash(k(), -1, List.of(new RdbWriter.Field(k(), new byte[65])))));
        assertEquals(RdbTypes.ZSET_LISTPACK, typeOf(w -> w.zset(k(), -1, List.of(new RdbWriter.Scored(k(), 1)))));
        assertEquals(RdbTypes.ZSET_2, typeOf(w -> w.zset(k(), -1, List.of(new RdbWriter.Scored(new byte[65], 1)))));
        assertEquals(RdbTypes.LIST_QUICKLIST_2, typeOf(w -> w.list(k(), -1, List.of(k()))));
    }

    @Test
    void emptyCollectionsAreRefusedBecauseRedisHasNoEmptyKeys() {
        RdbWriter w = new RdbWriter(new ByteArrayOutputStream(), true);
        assertThrows(IllegalArgumentException.class, () -> w.list(k(), -1, List.of()));
        assertThrows(IllegalArgumentException.class, () -> w.set(k(), -1, List.of()));
        assertThrows(IllegalArgumentException.class, () -> w.hash(k(), -1, List.of()));
        assertThrows(IllegalArgumentException.class, () -> w.zset(k(), -1, List.of()));
        assertThrows(IllegalArgumentException.class, () -> w.zset(k(), -1, List.of(new RdbWriter.Scored(k(), Double.NaN))));
    }

    @Test
    void writerStreamsLazyCollectionsToAConcurrentReaderThroughAPipe() throws Exception {
        int n = 300_000;
        Iterable<byte[]> lazy = () -> java.util.stream.IntStream.range(0, n).mapToObj(i -> ("e" + i).getBytes(StandardCharsets.US_ASCII)).iterator();
        java.io.PipedInputStream in = new java.io.PipedInputStream(64 * 1024);
        java.io.PipedOutputStream out = new java.io.PipedOutputStream(in);
        Thread writer = new Thread(() -> {
            try (out) {
                RdbWriter w = new RdbWriter(out, true).header();
                w.selectDb(0).list(k(), -1, lazy).set("s".getBytes(StandardCharsets.US_ASCII), -1, lazy).finish(true);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        writer.start();
        long[] counts = new long[2];
        RdbVisitor counter = new Model() {
            @Override
            public void listElement(byte[] e) {
                counts[0]++;
            }

            @Override
            public void setMember(byte[] e) {
                counts[1]++;
            }
        };
        RdbReader reader = new RdbReader(in);
        reader.read(counter);
        writer.join(10_000);
        assertEquals(n, counts[0]);
        assertEquals(n, counts[1]);
        assertTrue(reader.offset() > n * 4L);
    }

    interface KeyWrite {
        void write(RdbWriter w) throws IOException;
    }

    private static byte[] k() {
        return "k".getBytes(StandardCharsets.US_ASCII);
    }

    private static int typeOf(KeyWrite body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RdbWriter w = new RdbWriter(out, true);
        body.write(w);
        w.flush();
        return out.toByteArray()[0] & 0xff;
    }
}
