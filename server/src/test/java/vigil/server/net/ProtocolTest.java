package vigil.server.net;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vigil.server.support.RedisProcess;
import vigil.server.support.TestNode;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The wire: protocol errors, inline commands and pipelining, byte for byte against Redis 7.0. */
class ProtocolTest {
    static TestNode node;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start();
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    /** Sends raw bytes and returns everything received until the server closes or goes quiet, then "<closed>" if it closed. */
    static String exchange(int port, byte[] request, int quietMillis) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(quietMillis);
            OutputStream out = s.getOutputStream();
            out.write(request);
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            try {
                int n;
                while ((n = in.read(buf)) >= 0) got.write(buf, 0, n);
                got.write("<closed>".getBytes());
            } catch (SocketTimeoutException e) {
                // server still connected and quiet
            }
            return got.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private static final String[] CASES = {
            "*abc\r\n",
            "*1\r\nx3\r\n",
            "*1\r\n$abc\r\n",
            "*1\r\n$-1\r\n",
            "*1\r\n$600000000\r\n",
            "*-1\r\nPING\r\n",
            "*0\r\nPING\r\n",
            "set a \"b\r\n",
            "*1\r\n$4\r\nPINGxx*1\r\n$4\r\nPING\r\n",
            "\r\n\r\nPING\r\n",
            "ECHO \"a\\x41\\n\"\r\n",
            "*" + "1".repeat(70_000),
            "A".repeat(70_000),
            "*1\r\n$" + "1".repeat(70_000),
            "*2\r\n$4\r\nECHO\r\n$3\r\nabc\r\n*1\r\n$4\r\nQUIT\r\nPING\r\n",
    };

    @Test
    void protocolErrorsMatchRedisAndCloseTheConnection() throws Exception {
        assertEquals("-ERR Protocol error: invalid multibulk length\r\n<closed>",
                exchange(node.port(), "*abc\r\n".getBytes(), 2000));
        assertEquals("-ERR Protocol error: expected '$', got 'x'\r\n<closed>",
                exchange(node.port(), "*1\r\nx3\r\n".getBytes(), 2000));
        assertEquals("+OK\r\n<closed>", exchange(node.port(), "QUIT\r\nPING\r\n".getBytes(), 2000));
    }

    @Test
    void sameBytesAsRedisForEveryCase() throws Exception {
        try (RedisProcess redis = RedisProcess.start()) {
            for (String c : CASES) {
                byte[] req = c.getBytes(StandardCharsets.ISO_8859_1);
                String expected = exchange(redis.port, req, 300);
                String actual = exchange(node.port(), req, 300);
                assertEquals(expected, actual, "request: " + (c.length() > 60 ? c.substring(0, 60) + "..." : c));
            }
        }
    }

    @Test
    void deepPipelineIsAnsweredInOrder() throws Exception {
        int n = 20_000;
        StringBuilder req = new StringBuilder();
        for (int i = 0; i < n; i++) req.append("*2\r\n$4\r\nECHO\r\n$").append(Integer.toString(i).length()).append("\r\n").append(i).append("\r\n");
        try (Socket s = new Socket("127.0.0.1", node.port())) {
            s.setSoTimeout(20_000);
            s.getOutputStream().write(req.toString().getBytes());
            StringBuilder expected = new StringBuilder();
            for (int i = 0; i < n; i++) expected.append('$').append(Integer.toString(i).length()).append("\r\n").append(i).append("\r\n");
            byte[] want = expected.toString().getBytes();
            byte[] got = s.getInputStream().readNBytes(want.length);
            assertEquals(expected.toString(), new String(got));
            assertTrue(got.length == want.length);
        }
    }
}
