package vigil.resp;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RespReaderTest {
    private static final String ALL = "+OK\r\n-ERR x\r\n:-5\r\n$3\r\na\r\n\r\n$-1\r\n*-1\r\n_\r\n,1.5\r\n,inf\r\n#t\r\n"
            + "(12345678901234567890\r\n=7\r\ntxt:abc\r\n!3\r\nERR\r\n*2\r\n:1\r\n*1\r\n+x\r\n%1\r\n+k\r\n:2\r\n~1\r\n:3\r\n"
            + ">2\r\n$7\r\nmessage\r\n$1\r\nm\r\n|1\r\n+ttl\r\n:3\r\n$1\r\nv\r\n";

    private static List<String> readAll(RespReader r) throws ProtocolException {
        List<String> out = new ArrayList<>();
        RespValue v;
        while ((v = r.next()) != null) out.add(v.getClass().getSimpleName() + ":" + v.asString());
        return out;
    }

    @Test
    void readsEveryTypeSplitAtEveryPoint() throws Exception {
        byte[] b = ALL.getBytes(StandardCharsets.UTF_8);
        RespReader whole = new RespReader();
        whole.append(b, 0, b.length);
        List<String> expected = readAll(whole);
        assertEquals(18, expected.size());
        for (int split = 0; split <= b.length; split++) {
            RespReader r = new RespReader();
            r.append(b, 0, split);
            List<String> got = new ArrayList<>(readAll(r));
            r.append(b, split, b.length - split);
            got.addAll(readAll(r));
            assertEquals(expected, got, "split at " + split);
        }
    }

    @Test
    void decodesShapes() throws Exception {
        RespReader r = new RespReader();
        byte[] b = "%1\r\n+k\r\n:2\r\n$-1\r\n=7\r\ntxt:abc\r\n".getBytes();
        r.append(b, 0, b.length);
        RespValue.Aggregate map = assertInstanceOf(RespValue.Aggregate.class, r.next());
        assertEquals('%', map.kind());
        assertEquals(2, map.items().size());
        assertInstanceOf(RespValue.Null.class, r.next());
        RespValue.Verbatim v = assertInstanceOf(RespValue.Verbatim.class, r.next());
        assertEquals("txt", v.format());
        assertEquals("abc", v.text());
        assertNull(r.next());
    }

    @Test
    void unknownTypeByteIsAProtocolError() {
        RespReader r = new RespReader();
        r.append("?x\r\n".getBytes(), 0, 4);
        assertThrows(ProtocolException.class, r::next);
    }
}
