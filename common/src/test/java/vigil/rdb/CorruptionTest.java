package vigil.rdb;

import org.junit.jupiter.api.Test;
import vigil.client.BlockingClient;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vigil.rdb.Model.b;

/**
 * Damaged input ends in an RdbFormatException with an offset, in bounded time and memory, never
 * another exception: every truncation and every flipped byte of a small file, lying lengths,
 * and the types Vigil cannot load.
 */
class CorruptionTest {
    static byte[] small() throws IOException {
        Map<Integer, Map<String, Model.Entry>> data = new TreeMap<>();
        Map<String, Model.Entry> db = new TreeMap<>();
        db.put("s", new Model.Entry("v", -1));
        db.put("i", new Model.Entry("1234567", 1_900_000_000_000L));
        db.put("lzf", new Model.Entry("abcabcabcabcabcabcabcabcabcabc", -1));
        db.put("l", new Model.Entry(List.of("a", "1", "bb"), -1));
        db.put("set", new Model.Entry(new TreeSet<>(List.of("1", "2")), -1));
        db.put("sset", new Model.Entry(new TreeSet<>(List.of("x", "y")), -1));
        db.put("h", new Model.Entry(new TreeMap<>(Map.of("f", "v")), -1));
        db.put("z", new Model.Entry(new TreeMap<>(Map.of("m", 1.5)), -1));
        data.put(0, db);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RdbWriter w = new RdbWriter(out, true).header().aux("redis-ver", "7.0.15");
        Fixture.write(w, data);
        w.finish(true);
        return out.toByteArray();
    }

    static RdbFormatException fails(byte[] file) {
        return assertThrows(RdbFormatException.class, () -> new RdbReader(new ByteArrayInputStream(file)).read(new Model()));
    }

    @Test
    void everyTruncationIsAFormatErrorAtOrBeforeTheCut() throws IOException {
        byte[] f = small();
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            for (int n = 0; n < f.length; n++) {
                RdbFormatException e = fails(Arrays.copyOf(f, n));
                assertTrue(e.offset() <= n, "offset " + e.offset() + " beyond cut " + n);
            }
        });
        assertTrue(fails(Arrays.copyOf(f, 20)).getMessage().contains("unexpected end of file, expected"));
    }

    @Test
    void everyFlippedByteIsAFormatOrChecksumError() throws IOException {
        byte[] f = small();
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            for (int mask : new int[]{0x01, 0x80, 0xff}) {
                for (int i = 0; i < f.length; i++) {
                    byte[] g = f.clone();
                    g[i] ^= (byte) mask;
                    fails(g);
                }
            }
        });
        byte[] g = f.clone();
        g[g.length - 1] ^= 1;
        assertTrue(fails(g).getMessage().contains("wrong RDB checksum"));
    }

    @Test
    void everyFlippedByteOfADumpPayloadIsRejected() {
        byte[] p = DumpPayload.hash(List.of(new RdbWriter.Field(b("f"), b("value"))), true);
        for (int i = 0; i < p.length; i++) {
            byte[] g = p.clone();
            g[i] ^= 0x10;
            assertThrows(RdbFormatException.class, () -> DumpPayload.decode(b("k"), g, new Model()));
        }
    }

    @Test
    void lyingLengthsFailAtEndOfFileWithoutHugeAllocations() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        RdbOutput o = new RdbOutput(bytes, false);
        o.write(b("REDIS0010"));
        o.writeByte(RdbTypes.STRING);
        o.writeString(b("k"));
        o.writeLength(2_000_000_000L);   // a 2 GB string, then nothing
        o.write(b("short"));
        o.flush();
        RdbFormatException e = fails(bytes.toByteArray());
        assertTrue(e.getMessage().contains("unexpected end of file"), e.getMessage());
        assertTrue(e.getMessage().contains("'k'"), e.getMessage());

        bytes.reset();
        o = new RdbOutput(bytes, false);
        o.write(b("REDIS0010"));
        o.writeByte(RdbTypes.STRING);
        o.writeString(b("k"));
        o.writeByte(0xc3);            // LZF: 3 compressed bytes claiming 1.5 GB
        o.writeLength(3);
        o.writeLength(1_500_000_000L);
        o.write(new byte[]{0, 'a', 'b'});
        o.flush();
        assertTrue(fails(bytes.toByteArray()).getMessage().contains("implausible LZF lengths"));
    }

    @Test
    void notAnRdbFileAndNewerVersionsAreRefused() {
        assertTrue(fails(b("HELLO0010")).getMessage().contains("wrong signature"));
        assertTrue(fails(b("REDIS0011")).getMessage().contains("can't handle RDB format version 11"));
    }

    @Test
    void streamsEndTheLoadWithAnErrorNamingKeyAndType() throws Exception {
        try (RedisServer redis = RedisServer.start(null); BlockingClient c = redis.client()) {
            c.call("SET", "before", "1");
            c.call("XADD", "mystream", "*", "field", "value");
            assertEquals("OK", c.call("SAVE").asString());
            try (InputStream in = Files.newInputStream(redis.dir.resolve("dump.rdb"))) {
                RdbFormatException e = assertThrows(RdbFormatException.class, () -> new RdbReader(in).read(new Model()));
                assertTrue(e.getMessage().contains("'mystream'") && e.getMessage().contains("stream"), e.getMessage());
            }
        }
    }
}
