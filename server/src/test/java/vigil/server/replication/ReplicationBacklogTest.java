package vigil.server.replication;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The circular backlog against a plain copy of the whole stream: offsets, wrap-around, resize. */
class ReplicationBacklogTest {

    @Test
    void tailMatchesTheStreamAtEveryCoveredOffset() {
        Random rnd = new Random(7);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        long start = 1000;   // the backlog is created when master_repl_offset is 1000
        ReplicationBacklog b = new ReplicationBacklog(64, start);
        assertTrue(b.covers(start + 1));
        assertEquals(0, b.tail(start + 1).length);
        for (int round = 0; round < 200; round++) {
            byte[] chunk = new byte[rnd.nextInt(round % 50 == 0 ? 150 : 30)];
            rnd.nextBytes(chunk);
            b.append(chunk);
            all.writeBytes(chunk);
            byte[] stream = all.toByteArray();
            long end = start + stream.length;
            assertEquals(end, b.endOffset());
            assertEquals(Math.min(64, stream.length), b.histlen());
            assertFalse(b.covers(b.firstByteOffset() - 1));
            assertFalse(b.covers(end + 2));
            for (long from = b.firstByteOffset(); from <= end + 1; from++) {
                assertTrue(b.covers(from));
                assertArrayEquals(Arrays.copyOfRange(stream, (int) (from - start - 1), stream.length), b.tail(from));
            }
        }
        byte[] stream = all.toByteArray();
        long end = start + stream.length;
        b.resize(32, end);
        assertEquals(32, b.histlen());
        assertArrayEquals(Arrays.copyOfRange(stream, stream.length - 32, stream.length), b.tail(end - 31));
        b.resize(128, end);
        assertEquals(32, b.histlen());
        assertEquals(end, b.endOffset());
    }
}
