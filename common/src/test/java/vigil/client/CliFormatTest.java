package vigil.client;

import org.junit.jupiter.api.Test;
import vigil.resp.RespValue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The cli prints replies exactly as redis-cli 7.0 does (outputs taken from redis-cli --no-raw / --raw). */
class CliFormatTest {
    static RespValue bulk(String s) {
        return new RespValue.Bulk(s.getBytes(StandardCharsets.UTF_8));
    }

    static RespValue arr(RespValue... items) {
        return new RespValue.Aggregate('*', List.of(items));
    }

    @Test
    void scalarsLookLikeRedisCli() {
        assertEquals("OK\n", Cli.formatTty(new RespValue.Simple("OK"), ""));
        assertEquals("(integer) 42\n", Cli.formatTty(new RespValue.Int(42), ""));
        assertEquals("(nil)\n", Cli.formatTty(new RespValue.Null(), ""));
        assertEquals("(error) ERR syntax error\n", Cli.formatTty(new RespValue.Error("ERR syntax error"), ""));
        assertEquals("(double) 3.141\n", Cli.formatTty(new RespValue.Dbl(3.141), ""));
        assertEquals("(true)\n", Cli.formatTty(new RespValue.Bool(true), ""));
        assertEquals("\"a\\\"b\\\\c\\nd\\x01\\xc3\\xa9\"\n", Cli.formatTty(bulk("a\"b\\c\nd\u0001é"), ""));
        assertEquals("# Cluster\ncluster_enabled:0\n\n", Cli.formatTty(new RespValue.Verbatim("txt", "# Cluster\ncluster_enabled:0\n"), ""));
    }

    @Test
    void emptyAggregatesAreNamed() {
        assertEquals("(empty array)\n", Cli.formatTty(arr(), ""));
        assertEquals("(empty set)\n", Cli.formatTty(new RespValue.Aggregate('~', List.of()), ""));
        assertEquals("(empty hash)\n", Cli.formatTty(new RespValue.Aggregate('%', List.of()), ""));
    }

    @Test
    void nestedArraysAreNumberedAndIndented() {
        RespValue v = arr(bulk("get"), new RespValue.Int(2), arr(new RespValue.Simple("readonly"), new RespValue.Simple("fast")));
        assertEquals("1) \"get\"\n2) (integer) 2\n3) 1) readonly\n   2) fast\n", Cli.formatTty(v, ""));
        RespValue[] ten = new RespValue[10];
        for (int i = 0; i < 10; i++) ten[i] = new RespValue.Int(i);
        String out = Cli.formatTty(arr(arr(ten)), "");
        assertEquals("1)  1) (integer) 0\n    2) (integer) 1\n", out.substring(0, out.indexOf("    3)")));
        assertEquals("   10) (integer) 9\n", out.substring(out.indexOf("   10)")));
    }

    @Test
    void mapsUseHashMarksAndArrows() {
        RespValue m = new RespValue.Aggregate('%', List.of(bulk("server"), bulk("redis"), bulk("proto"), new RespValue.Int(3)));
        assertEquals("1# \"server\" => \"redis\"\n2# \"proto\" => (integer) 3\n", Cli.formatTty(m, ""));
        RespValue s = new RespValue.Aggregate('~', List.of(bulk("a")));
        assertEquals("1~ \"a\"\n", Cli.formatTty(s, ""));
    }

    @Test
    void rawModePrintsBareValues() {
        assertEquals("\n", Cli.format(new RespValue.Null(), true));
        assertEquals("ERR unknown command\n\n", Cli.format(new RespValue.Error("ERR unknown command"), true));
        assertEquals("a\nb\n3\n", Cli.format(arr(bulk("a"), bulk("b"), new RespValue.Int(3)), true));
        assertEquals("hello world\n", Cli.format(bulk("hello world"), true));
    }

    @Test
    void infoAndClientListPrintTheirTextUnquotedOnATerminal() {
        RespValue info = bulk("# Cluster\r\ncluster_enabled:0\r\n");
        assertEquals("# Cluster\r\ncluster_enabled:0\r\n", Cli.format(info, false, Cli.rawStrings(List.of("INFO", "cluster"))));
        assertEquals(true, Cli.rawStrings(List.of("client", "LIST")));
        assertEquals(false, Cli.rawStrings(List.of("get", "info")));
        assertEquals("\"x\"\n", Cli.format(bulk("x"), false, Cli.rawStrings(List.of("get", "k"))));
    }

    @Test
    void optionsAreParsedLikeRedisCli() {
        Cli cli = new Cli();
        assertNull(cli.parseArgs(new String[]{"-h", "10.0.0.1", "-p", "7000", "-n", "2", "--resp3", "set", "-p", "x"}));
        assertEquals("10.0.0.1", cli.host);
        assertEquals(7000, cli.port);
        assertEquals(List.of("set", "-p", "x"), cli.command);
        assertEquals("10.0.0.1:7000[2]> ", cli.prompt());
        assertEquals("Unrecognized option or bad number of args for: '-p'", new Cli().parseArgs(new String[]{"-p"}));
    }
}
