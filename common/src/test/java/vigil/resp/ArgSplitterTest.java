package vigil.resp;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ArgSplitterTest {
    private static List<String> split(String s) {
        List<byte[]> parts = ArgSplitter.split(s);
        return parts == null ? null : parts.stream().map(b -> new String(b, StandardCharsets.ISO_8859_1)).toList();
    }

    @Test
    void splitsLikeSdssplitargs() {
        assertEquals(List.of("set", "a", "b"), split("  set   a\tb  "));
        assertEquals(List.of("a b", "c"), split("\"a b\" c"));
        assertEquals(List.of("\n\r\t\b\u0007\\\"", "x"), split("\"\\n\\r\\t\\b\\a\\\\\\\"\" x"));
        assertEquals(List.of("A\u00ff"), split("\"\\x41\\xff\""));
        assertEquals(List.of("it's", "\\n"), split("'it\\'s' '\\n'"));
        assertEquals(List.of(""), split("\"\""));
        assertEquals(List.of(), split("   "));
    }

    @Test
    void unbalancedOrGluedQuotesFail() {
        assertNull(split("\"abc"));
        assertNull(split("'abc"));
        assertNull(split("\"a\"b"));
        assertNull(split("'a'b"));
    }
}
