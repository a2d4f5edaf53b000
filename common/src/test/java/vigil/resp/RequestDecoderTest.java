package vigil.resp;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RequestDecoderTest {
    private static final String PIPELINE = "*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nva\r\nl\r\n"
            + "PING\r\n"
            + "*0\r\n"
            + "*2\r\n$4\r\nECHO\r\n$0\r\n\r\n"
            + "set a \"b c\\x41\\n\" 'd\\'e'\n"
            + "\r\n"
            + "*1\r\n$4\r\nQUIT\r\n";

    private static List<String> expected() {
        return List.of("[SET, key, va\r\nl]", "[PING]", "[ECHO, ]", "[set, a, b cA\n, d'e]", "[QUIT]");
    }

    private static String show(byte[][] argv) {
        List<String> s = new ArrayList<>();
        for (byte[] a : argv) s.add(new String(a, StandardCharsets.UTF_8));
        return s.toString();
    }

    private static List<String> feed(RequestDecoder d, byte[] bytes, int from, int to) throws ProtocolException {
        d.append(bytes, from, to - from);
        List<String> out = new ArrayList<>();
        byte[][] c;
        while ((c = d.next()) != null) out.add(show(c));
        return out;
    }

    @Test
    void decodesAPipelineSplitAtEveryPoint() throws Exception {
        byte[] bytes = PIPELINE.getBytes(StandardCharsets.UTF_8);
        for (int split = 0; split <= bytes.length; split++) {
            RequestDecoder d = new RequestDecoder();
            List<String> got = new ArrayList<>(feed(d, bytes, 0, split));
            got.addAll(feed(d, bytes, split, bytes.length));
            assertEquals(expected(), got, "split at " + split);
            assertEquals(0, d.pending(), "split at " + split);
        }
    }

    @Test
    void decodesAPipelineFedOneByteAtATime() throws Exception {
        byte[] bytes = PIPELINE.getBytes(StandardCharsets.UTF_8);
        RequestDecoder d = new RequestDecoder();
        List<String> got = new ArrayList<>();
        for (int i = 0; i < bytes.length; i++) got.addAll(feed(d, bytes, i, i + 1));
        assertEquals(expected(), got);
    }

    @Test
    void keepsBinaryArgumentsIntact() throws Exception {
        byte[] value = new byte[256];
        for (int i = 0; i < 256; i++) value[i] = (byte) i;
        byte[] head = ("*2\r\n$3\r\nGET\r\n$256\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[head.length + 258];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(value, 0, all, head.length, 256);
        all[all.length - 2] = '\r';
        all[all.length - 1] = '\n';
        List<byte[][]> cmds = RequestDecoder.decodeAll(all);
        assertEquals(1, cmds.size());
        assertArrayEquals(value, cmds.get(0)[1]);
    }

    @Test
    void handlesLargeBulkArgumentsAcrossManyChunks() throws Exception {
        int n = 3_000_000;
        StringBuilder sb = new StringBuilder("*2\r\n$3\r\nSET\r\n$").append(n).append("\r\n");
        byte[] head = sb.toString().getBytes(StandardCharsets.US_ASCII);
        RequestDecoder d = new RequestDecoder();
        d.append(head, 0, head.length);
        assertNull(d.next());
        byte[] chunk = new byte[65536];
        java.util.Arrays.fill(chunk, (byte) 'x');
        int sent = 0;
        while (sent < n) {
            int k = Math.min(chunk.length, n - sent);
            d.append(chunk, 0, k);
            sent += k;
            assertNull(d.next());
        }
        d.append("\r\n".getBytes(), 0, 2);
        byte[][] cmd = d.next();
        assertEquals(n, cmd[1].length);
    }

    private static String error(String input) {
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> RequestDecoder.decodeAll(input.getBytes(StandardCharsets.ISO_8859_1)));
        return e.getMessage();
    }

    @Test
    void malformedInputGivesRedisProtocolErrors() {
        assertEquals("ERR Protocol error: invalid multibulk length", error("*abc\r\n"));
        assertEquals("ERR Protocol error: invalid multibulk length", error("*" + (RequestDecoder.MULTIBULK_MAX + 1) + "\r\n"));
        assertEquals("ERR Protocol error: expected '$', got 'x'", error("*1\r\nx3\r\n"));
        assertEquals("ERR Protocol error: invalid bulk length", error("*1\r\n$abc\r\n"));
        assertEquals("ERR Protocol error: invalid bulk length", error("*1\r\n$-1\r\n"));
        assertEquals("ERR Protocol error: invalid bulk length", error("*1\r\n$600000000\r\n"));
        assertEquals("ERR Protocol error: unbalanced quotes in request", error("set a \"b\r\n"));
        assertEquals("ERR Protocol error: unbalanced quotes in request", error("set a \"b\"c\r\n"));
    }

    @Test
    void oversizedLinesWithoutNewlineAreRejected() {
        assertEquals("ERR Protocol error: too big mbulk count string", error("*" + "1".repeat(70_000)));
        assertEquals("ERR Protocol error: too big inline request", error("A".repeat(70_000)));
        assertEquals("ERR Protocol error: too big bulk count string", error("*1\r\n$" + "1".repeat(70_000)));
    }

    @Test
    void bulkLimitFollowsConfiguration() throws Exception {
        RequestDecoder d = new RequestDecoder();
        d.setMaxBulkLen(10);
        byte[] ok = "*1\r\n$10\r\n0123456789\r\n".getBytes();
        d.append(ok, 0, ok.length);
        assertEquals(10, d.next()[0].length);
        byte[] bad = "*1\r\n$11\r\n".getBytes();
        d.append(bad, 0, bad.length);
        assertThrows(ProtocolException.class, d::next);
    }

    @Test
    void emptyAndNegativeMultibulkCountsAreSkipped() throws Exception {
        List<byte[][]> cmds = RequestDecoder.decodeAll("*0\r\n*-1\r\n\r\n  \r\nPING\r\n".getBytes());
        assertEquals(1, cmds.size());
        assertEquals("PING", new String(cmds.get(0)[0]));
    }
}
