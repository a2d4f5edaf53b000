package vigil.resp;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RespWriterTest {
    private static String out(RespWriter w) {
        return new String(w.drain(), StandardCharsets.UTF_8);
    }

    private static RespWriter w(int proto) {
        RespWriter w = new RespWriter(4);
        w.setProto(proto);
        return w;
    }

    @Test
    void scalarsInBothProtocols() {
        for (int proto : new int[]{2, 3}) {
            RespWriter w = w(proto);
            w.simple("OK").error("ERR bad\r\nthing").integer(42).integer(-7).integer(Long.MIN_VALUE).integer(123456)
                    .bulk("hé".getBytes(StandardCharsets.UTF_8)).bulk(new byte[0]);
            assertEquals("+OK\r\n-ERR bad  thing\r\n:42\r\n:-7\r\n:-9223372036854775808\r\n:123456\r\n$3\r\nhé\r\n$0\r\n\r\n", out(w));
        }
    }

    @Test
    void nullsDependOnProtocol() {
        assertEquals("$-1\r\n*-1\r\n", out(w(2).nullBulk().nullArray()));
        assertEquals("_\r\n_\r\n", out(w(3).nullBulk().nullArray()));
    }

    @Test
    void resp3TypesDowngradeForResp2() {
        RespWriter two = w(2);
        two.map(1).bulk("a").integer(1).set(2).bulk("x").bulk("y").push(1).bulk("m")
                .dbl(1.5).bool(true).bool(false).bigNumber("123").verbatim("hi");
        assertEquals("*2\r\n$1\r\na\r\n:1\r\n*2\r\n$1\r\nx\r\n$1\r\ny\r\n*1\r\n$1\r\nm\r\n"
                + "$3\r\n1.5\r\n:1\r\n:0\r\n$3\r\n123\r\n$2\r\nhi\r\n", out(two));
        RespWriter three = w(3);
        three.map(1).bulk("a").integer(1).set(2).bulk("x").bulk("y").push(1).bulk("m")
                .dbl(1.5).bool(true).bool(false).bigNumber("123").verbatim("hi");
        assertEquals("%1\r\n$1\r\na\r\n:1\r\n~2\r\n$1\r\nx\r\n$1\r\ny\r\n>1\r\n$1\r\nm\r\n"
                + ",1.5\r\n#t\r\n#f\r\n(123\r\n=6\r\ntxt:hi\r\n", out(three));
    }

    @Test
    void doublesFormatLikeRedis70() {
        assertEquals("1.1000000000000001", Doubles.format(1.1));
        assertEquals("0.10000000000000001", Doubles.format(0.1));
        assertEquals("1.0000000000000001e-05", Doubles.format(1e-5));
        assertEquals("2.5000000000000001e-05", Doubles.format(2.5e-5));
        assertEquals("0.0001", Doubles.format(1e-4));
        assertEquals("10000000000000000", Doubles.format(1e16));
        assertEquals("1e+17", Doubles.format(1e17));
        assertEquals("1.2345678901234568e+17", Doubles.format(123456789012345678.0));
        assertEquals("1e+20", Doubles.format(1e20));
        assertEquals("3", Doubles.format(3));
        assertEquals("-2.5", Doubles.format(-2.5));
        assertEquals("inf", Doubles.format(Double.POSITIVE_INFINITY));
        assertEquals("-inf", Doubles.format(Double.NEGATIVE_INFINITY));
    }

    @Test
    void largeRepliesGrowTheBuffer() {
        RespWriter w = w(2);
        byte[] big = new byte[100_000];
        w.bulk(big);
        assertEquals(100_000 + 11, w.size());
        w.array(600);
        assertEquals("*600\r\n", new String(w.copyFrom(100_011), StandardCharsets.US_ASCII));
    }
}
