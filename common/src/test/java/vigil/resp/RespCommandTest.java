package vigil.resp;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RespCommandTest {
    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void encodesArgvAsAnArrayOfBulks() {
        assertEquals("*1\r\n$4\r\nPING\r\n", text(RespCommand.encode("PING")));
        assertEquals("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$0\r\n\r\n", text(RespCommand.encode("SET", "k", "")));
        assertEquals("*2\r\n$4\r\nECHO\r\n$2\r\n\u00e9\r\n", text(RespCommand.encode("ECHO", "\u00e9")));   // UTF-8 length
        assertEquals("*0\r\n", text(RespCommand.encode(new byte[0][])));
    }

    @Test
    void lengthIsExactAndWriteAppendsAtAnOffset() {
        byte[][] argv = new byte[12][];
        for (int i = 0; i < argv.length; i++) argv[i] = new byte[i * 997];
        byte[] whole = RespCommand.encode(argv);
        assertEquals(whole.length, RespCommand.length(argv));
        RespWriter w = new RespWriter(64);
        w.array(argv.length);
        for (byte[] a : argv) w.bulk(a);
        assertEquals(text(w.drain()), text(whole));
        byte[] dst = new byte[whole.length + 3];
        assertEquals(dst.length, RespCommand.write(argv, dst, 3));
        assertEquals(text(whole), new String(dst, 3, whole.length, StandardCharsets.UTF_8));
    }
}
