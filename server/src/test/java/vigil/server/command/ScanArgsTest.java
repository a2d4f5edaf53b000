package vigil.server.command;

import org.junit.jupiter.api.Test;
import vigil.util.Bytes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The one SCAN cursor parser follows strtoul as parseScanCursorOrReply uses it (checked against redis-server 7.0). */
class ScanArgsTest {
    private static Long cursor(String s) {
        return ScanArgs.parseCursor(Bytes.of(s));
    }

    @Test
    void cursorAsRedisReadsIt() {
        assertEquals(0L, cursor(""));
        assertEquals(17L, cursor("17"));
        assertEquals(17L, cursor("+17"));
        assertEquals(-1L, cursor("-1"));                        // wraps to ULONG_MAX
        assertEquals(-1L, cursor("18446744073709551615"));
        assertNull(cursor("18446744073709551616"));             // ERANGE
        assertNull(cursor(" 1"));                               // isspace(ptr[0]): HSCAN used to accept it
        assertNull(cursor("1 "));
        assertNull(cursor("+"));
        assertNull(cursor("-"));
        assertNull(cursor("0x10"));
    }
}
