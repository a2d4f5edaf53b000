package vigil.rdb;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static vigil.rdb.Model.b;

/** The blob codecs on their own: CRC-64, LZF, listpack, intset, integer detection. */
class CodecTest {
    @Test
    void crc64MatchesRedisTestVector() {
        byte[] v = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertEquals(0xe9c6d914c4b8d9caL, Crc64.of(v, 0, v.length));
        assertEquals(Crc64.of(v, 0, 9), Crc64.update(Crc64.of(v, 0, 4), v, 4, 5));
    }

    @Test
    void crc64SlicedEqualsBytewiseAtEveryLengthAndOffset() {
        Random rnd = new Random(3);
        byte[] data = new byte[300];
        rnd.nextBytes(data);
        for (int off = 0; off < 9; off++) {
            for (int len = 0; off + len <= data.length; len += 1 + len / 8) {
                long ref = 0;   // the textbook bitwise reflected CRC-64/Jones
                for (int i = off; i < off + len; i++) {
                    ref ^= data[i] & 0xff;
                    for (int k = 0; k < 8; k++) ref = (ref & 1) != 0 ? (ref >>> 1) ^ 0x95ac9329ac4bc9b5L : ref >>> 1;
                }
                assertEquals(ref, Crc64.of(data, off, len), "off " + off + " len " + len);
            }
        }
    }

    @Test
    void scoreTextFastPathEqualsTheExactFormatting() {
        Random rnd = new Random(5);
        List<Double> scores = new ArrayList<>(List.of(0.5, -0.5, 1.25, -1000.125, 0.00390625, 4503599627370496.0,
                4503599627370495.5, 1e17 / 3, 123456789.00390625, 2251799813685247.5, -2251799813685247.75));
        for (int i = 0; i < 20000; i++) {
            int k = rnd.nextInt(10);
            scores.add((rnd.nextLong() >> rnd.nextInt(64)) / (double) (1L << k));
            scores.add(rnd.nextDouble() * 1000);
        }
        for (double d : scores) {
            byte[] fast = Scores.dyadic(d);
            if (fast != null) assertEquals(vigil.resp.Doubles.format(d), new String(fast, StandardCharsets.US_ASCII), "score " + d);
        }
        assertEquals("500.5", new String(Scores.format(500.5), StandardCharsets.US_ASCII));
    }

    @Test
    void lzfRoundTripsRandomAndRepetitiveData() {
        Random rnd = new Random(7);
        for (int i = 0; i < 500; i++) {
            int n = 5 + rnd.nextInt(3000);
            byte[] in = new byte[n];
            int alphabet = 1 + rnd.nextInt(i % 2 == 0 ? 4 : 256);
            for (int k = 0; k < n; k++) in[k] = (byte) rnd.nextInt(alphabet);
            byte[] c = Lzf.compress(in, n, n + n / 16 + 64);   // literal runs add one byte per 32
            assertNotNull(c);
            assertArrayEquals(in, Lzf.decompress(c, c.length, n));
        }
        byte[] random = new byte[100];
        rnd.nextBytes(random);
        assertNull(Lzf.compress(random, 100, 96), "incompressible data does not fit in len - 4");
        assertNull(Lzf.decompress(new byte[]{(byte) 0xe0, 5, 0}, 3, 20), "reference before the start");
    }

    @Test
    void lzfOutputDoesNotDependOnEarlierCalls() throws Exception {
        Random rnd = new Random(11);
        List<byte[]> inputs = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            byte[] in = new byte[21 + rnd.nextInt(400)];
            for (int k = 0; k < in.length; k++) in[k] = (byte) ('a' + rnd.nextInt(3));   // many shared trigrams
            inputs.add(in);
        }
        // the reference: each input compressed by a thread whose table never saw another input
        List<byte[]> fresh = new ArrayList<>();
        for (byte[] in : inputs) {
            byte[][] out = new byte[1][];
            Thread t = new Thread(() -> out[0] = Lzf.compress(in, in.length, in.length - 4));
            t.start();
            t.join();
            fresh.add(out[0]);
        }
        // this thread reuses its table across all of them, twice
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < inputs.size(); i++) {
                byte[] in = inputs.get(i);
                assertArrayEquals(fresh.get(i), Lzf.compress(in, in.length, in.length - 4), "input " + i);
            }
        }
    }

    @Test
    void listpackRoundTripsEveryEntryEncoding() throws Exception {
        List<String> items = new ArrayList<>(List.of("0", "127", "128", "-1", "-4096", "4095", "4096", "-32768", "32767",
                "-8388608", "8388607", "8388608", "-2147483648", "2147483647", "2147483648",
                "-9223372036854775808", "9223372036854775807", "9223372036854775808", "01", "-0", "+1", "", "a",
                "x".repeat(63), "x".repeat(64), "x".repeat(4095), "x".repeat(4096), "y".repeat(20000)));
        Listpack.Builder lp = new Listpack.Builder();
        int size = Listpack.HEADER + 1;
        for (String s : items) {
            lp.add(b(s));
            size += Listpack.entrySize(b(s));
        }
        byte[] blob = lp.finish();
        assertEquals(size, blob.length);
        List<String> back = new ArrayList<>();
        assertEquals(items.size(), Listpack.decode(blob, 0, e -> back.add(Model.s(e))));
        assertEquals(items, back);
    }

    @Test
    void intsetPicksTheNarrowestWidth() throws Exception {
        assertEquals(2, Intset.encode(new long[]{-5, 7}, 2)[0]);
        assertEquals(4, Intset.encode(new long[]{-5, 70000}, 2)[0]);
        assertEquals(8, Intset.encode(new long[]{-5, 1L << 40}, 2)[0]);
        List<String> back = new ArrayList<>();
        Intset.decode(Intset.encode(new long[]{Long.MIN_VALUE, 0, Long.MAX_VALUE}, 3), 0, e -> back.add(Model.s(e)));
        assertEquals(List.of("-9223372036854775808", "0", "9223372036854775807"), back);
    }

    @Test
    void integerDetectionFollowsString2ll() {
        long[] v = new long[1];
        for (String ok : List.of("0", "-1", "9223372036854775807", "-9223372036854775808", Long.toString(Ints.NOT_AN_INT))) {
            assertEquals(true, Ints.isCanonical(b(ok), v), ok);
            assertEquals(ok, Long.toString(v[0]));
        }
        for (String no : List.of("", "-", "-0", "007", "+1", " 1", "1 ", "9223372036854775808", "-9223372036854775809", "1a")) {
            assertEquals(false, Ints.isCanonical(b(no), v), no);
        }
    }
}
