package vigil.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfFileTest {
    @Test
    void quotedArgumentsUnderstandRedisEscapes() throws Exception {
        List<ConfLine> l = ConfFile.parse("t", "requirepass \"a b\\x41\\n\\\"q\"\nmasterauth 'it\\'s'\n");
        assertEquals(List.of("a bA\n\"q"), l.get(0).args());
        assertEquals(List.of("it's"), l.get(1).args());
    }

    @Test
    void namesAreCaseInsensitiveAndCommentsAndBlankLinesSkipped() throws Exception {
        List<ConfLine> l = ConfFile.parse("t", "# comment\n\n   \n  PORT 7000  \r\n\tMaxMemory 1GB\n");
        assertEquals(2, l.size());
        assertEquals("port", l.get(0).name());
        assertEquals(4, l.get(0).lineNumber());
        assertEquals("PORT 7000", l.get(0).text());
        assertEquals("maxmemory", l.get(1).name());
        assertEquals(List.of("1GB"), l.get(1).args());
    }

    @Test
    void unbalancedQuotesStopWithLineNumber() {
        ConfError e = assertThrows(ConfError.class, () -> ConfFile.parse("x.conf", "port 1\nport \"abc\n"));
        assertEquals("Unbalanced quotes in configuration line", e.reason());
        assertEquals(2, e.line().lineNumber());
        ConfError e2 = assertThrows(ConfError.class, () -> ConfFile.parse("x.conf", "port 'a'b\n"));
        assertEquals("Unbalanced quotes in configuration line", e2.reason());
        assertEquals(">>> 'port 'a'b'", e2.fatalBlock("7.0.15", "0.1.0").split("\n")[3]);
    }

    @Test
    void includeIsExpandedInPlaceAndErrorsNameTheIncludedFile() throws Exception {
        Path dir = Files.createTempDirectory("conf");
        Path inc = dir.resolve("inc.conf");
        Files.writeString(inc, "hz 20\nmaxmemory 1mb\n");
        List<ConfLine> l = ConfFile.parse("main", "port 1\ninclude " + inc + "\ntimeout 5\n");
        assertEquals(List.of("port", "hz", "maxmemory", "timeout"), l.stream().map(ConfLine::name).toList());
        assertEquals(inc.toString(), l.get(1).file());
        assertEquals(2, l.get(2).lineNumber());
    }

    @Test
    void relativeIncludeResolvesAgainstTheWorkingDirectory() throws Exception {
        Path cwd = Path.of("").toAbsolutePath();
        Path dir = Files.createTempDirectory(cwd.resolve("target"), "inc");
        Files.writeString(dir.resolve("rel.conf"), "hz 30\n");
        String relative = cwd.relativize(dir.resolve("rel.conf")).toString();
        List<ConfLine> l = ConfFile.parse("main", "include " + relative + "\n");
        assertEquals(List.of("30"), l.get(0).args());
    }

    @Test
    void missingConfFileIsRedisFatalOpenError() {
        ConfError e = assertThrows(ConfError.class, () -> ConfFile.read(Path.of("/nonexistent/vigil.conf")));
        assertNull(e.line());
        assertEquals("Fatal error, can't open config file '/nonexistent/vigil.conf': No such file or directory\n",
                e.fatalBlock("7.0.15", "0.1.0"));
    }

    @Test
    void commandLineOptionsRenderLikeRedisMain() {
        assertEquals("port \"7000\" \nreplicaof \"127.0.0.1\" \"6379\" ",
                ConfFile.options(List.of("--port", "7000", "--replicaof", "127.0.0.1", "6379")));
        assertEquals("replicaof \"127.0.0.1 6379\" ", ConfFile.options(List.of("--replicaof", "127.0.0.1 6379")));
        assertEquals("save \"\"\nport \"1\" ", ConfFile.options(List.of("--save", "--port", "1")));
        assertEquals("port \"1\" \nsave \"\"", ConfFile.options(List.of("--port", "1", "--save")));
        assertEquals("save \"\" ", ConfFile.options(List.of("--save", "")));
        assertEquals("port 7000 ", ConfFile.options(List.of("--port 7000")));
    }

    @Test
    void commandLineLinesAreNumberedAfterTheFileAsRedisDoes() throws Exception {
        Path f = Files.createTempFile("vigil", ".conf");
        Files.writeString(f, "port 7401\n");
        List<ConfLine> l = ConfFile.load(f.toString(), null, List.of("--hz", "x"));
        assertEquals(3, l.get(1).lineNumber());
        assertEquals("hz \"x\"", l.get(1).text());
        assertEquals("the command line", l.get(1).file());
        assertEquals(f.toString(), l.get(0).file());
        List<ConfLine> noFile = ConfFile.load(null, null, List.of("--port", "abc"));
        assertEquals(2, noFile.get(0).lineNumber());
        List<ConfLine> stdin = ConfFile.load(null, "port 1\n", List.of("--hz", "5"));
        assertEquals("stdin", stdin.get(0).file());
        assertEquals(3, stdin.get(1).lineNumber());
    }

    @Test
    void fatalBlockKeepsRedisShapeAndNamesFileAndVigil() {
        ConfError e = new ConfError(new ConfLine("/tmp/bad.conf", 2, "port abc", "port", List.of("abc")),
                "argument couldn't be parsed into an integer");
        assertEquals("\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\n"
                + "Reading the configuration file, at line 2\n"
                + ">>> 'port abc'\n"
                + "argument couldn't be parsed into an integer\n"
                + "(Vigil 0.1.0: in /tmp/bad.conf)\n", e.fatalBlock("7.0.15", "0.1.0"));
    }

    @Test
    void reprEscapesLikeSdscatrepr() {
        assertEquals("\"a\\\\b\\\"c\\n\\x01\\xc3\\xa9\"", ConfFile.repr("a\\b\"c\n\u0001é"));
        assertTrue(ConfFile.quote("plain").equals("plain"));
        assertEquals("\"\"", ConfFile.quote(""));
    }
}
