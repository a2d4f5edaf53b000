package vigil.server.strings;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vigil.client.BlockingClient;
import vigil.server.support.TestNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The exact write stream a replica receives for each string command, as observed on a real
 * Redis 7.0.15 replication stream: relative expiries become absolute, GETEX/GETDEL/GETSET/
 * INCRBYFLOAT become plain writes, and no-op commands propagate nothing.
 */
class StringPropagationTest {
    static TestNode node;
    static BlockingClient c;
    static final List<String> fed = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start();
        c = node.raw();
        node.node.onLoop(() -> {
            node.node.server().propagation.setFeed((db, argv) -> {
                StringBuilder sb = new StringBuilder();
                for (byte[] a : argv) sb.append(sb.length() == 0 ? "" : " ").append(new String(a, StandardCharsets.ISO_8859_1));
                fed.add(sb.toString());
            });
            return null;
        });
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    @BeforeEach
    void clear() {
        fed.clear();
    }

    /** Runs a command and returns what it propagated. */
    static List<String> run(String... cmd) throws Exception {
        fed.clear();
        c.call(cmd);
        return new ArrayList<>(fed);
    }

    /** Asserts a single "PREFIX <ms>" op whose ms lies within [lo, hi]. */
    static void assertAbsolute(List<String> ops, String prefix, long lo, long hi) {
        assertEquals(1, ops.size(), ops.toString());
        String op = ops.get(0);
        assertTrue(op.startsWith(prefix), op);
        long ms = Long.parseLong(op.substring(prefix.length()));
        assertTrue(ms >= lo && ms <= hi, op + " not within [" + lo + ", " + hi + "]");
    }

    @Test
    void relativeExpiriesPropagateAsSetPxat() throws Exception {
        long t0 = System.currentTimeMillis();
        assertAbsolute(run("SET", "p:a", "1", "EX", "100"), "SET p:a 1 PXAT ", t0 + 100_000, System.currentTimeMillis() + 100_000);
        t0 = System.currentTimeMillis();
        assertAbsolute(run("set", "p:a", "1", "px", "5000", "GET"), "SET p:a 1 PXAT ", t0 + 5000, System.currentTimeMillis() + 5000);
        t0 = System.currentTimeMillis();
        assertAbsolute(run("SETEX", "p:b", "100", "v"), "SET p:b v PXAT ", t0 + 100_000, System.currentTimeMillis() + 100_000);
        t0 = System.currentTimeMillis();
        assertAbsolute(run("PSETEX", "p:b", "100000", "v"), "SET p:b v PXAT ", t0 + 100_000, System.currentTimeMillis() + 100_000);
        assertEquals(List.of("SET p:c 1 PXAT 99999999999000"), run("SET", "p:c", "1", "EXAT", "99999999999"));
        assertEquals(List.of("SET p:c 1 PXAT 99999999999999"), run("SET", "p:c", "1", "PXAT", "99999999999999", "XX", "GET"));
        t0 = System.currentTimeMillis();
        assertAbsolute(run("SET", "p:c", "1", "EX", "10", "EX", "20"), "SET p:c 1 PXAT ", t0 + 20_000, System.currentTimeMillis() + 20_000);
    }

    @Test
    void setWithoutExpiryPropagatesAsSentWithoutGet() throws Exception {
        assertEquals(List.of("set p:e 1"), run("set", "p:e", "1"));
        assertEquals(List.of("set p:e 2 XX"), run("set", "p:e", "2", "get", "GET", "XX"));
        assertEquals(List.of("SET p:e 3 KEEPTTL KEEPTTL"), run("SET", "p:e", "3", "KEEPTTL", "KEEPTTL"));
        assertEquals(List.of(), run("SET", "p:e", "4", "NX", "GET"));
        assertEquals(List.of(), run("SET", "p:e", "4", "EX", "0"));
        assertEquals(List.of("setnx p:n v"), run("setnx", "p:n", "v"));
        assertEquals(List.of(), run("setnx", "p:n", "v"));
    }

    @Test
    void getFamilyPropagatesAsPlainWrites() throws Exception {
        run("SET", "p:g", "v");
        assertEquals(List.of("SET p:g w"), run("getset", "p:g", "w"));
        long t0 = System.currentTimeMillis();
        assertAbsolute(run("GETEX", "p:g", "EX", "100"), "PEXPIREAT p:g ", t0 + 100_000, System.currentTimeMillis() + 100_000);
        t0 = System.currentTimeMillis();
        assertAbsolute(run("GETEX", "p:g", "PX", "100"), "PEXPIREAT p:g ", t0 + 100, System.currentTimeMillis() + 100);
        assertEquals(List.of("PEXPIREAT p:g 9999999999000"), run("GETEX", "p:g", "EXAT", "9999999999"));
        assertEquals(List.of("PEXPIREAT p:g 9999999999999"), run("GETEX", "p:g", "PXAT", "9999999999999"));
        assertEquals(List.of("PERSIST p:g"), run("GETEX", "p:g", "PERSIST"));
        assertEquals(List.of(), run("GETEX", "p:g", "PERSIST"));
        assertEquals(List.of(), run("GETEX", "p:g"));
        assertEquals(List.of("DEL p:g"), run("GETEX", "p:g", "EXAT", "1"));
        assertEquals(List.of(), run("GETEX", "p:g", "EX", "10"));
        run("SET", "p:d", "v");
        assertEquals(List.of("DEL p:d"), run("GETDEL", "p:d"));
        assertEquals(List.of(), run("GETDEL", "p:d"));
    }

    @Test
    void countersPropagate() throws Exception {
        assertEquals(List.of("incr p:i"), run("incr", "p:i"));
        assertEquals(List.of("DECRBY p:i 5"), run("DECRBY", "p:i", "5"));
        assertEquals(List.of(), run("DECRBY", "p:i", "-9223372036854775808"));
        assertEquals(List.of("SET p:f 1.5 KEEPTTL"), run("incrbyfloat", "p:f", "1.5"));
        assertEquals(List.of("SET p:f 1.6 KEEPTTL"), run("INCRBYFLOAT", "p:f", "0.1"));
        assertEquals(List.of(), run("INCRBYFLOAT", "p:f", "inf"));
    }

    @Test
    void noOpWritesPropagateNothing() throws Exception {
        assertEquals(List.of(), run("SETRANGE", "p:none", "0", ""));
        assertEquals(List.of("APPEND p:ap "), run("APPEND", "p:ap", ""));
        assertEquals(List.of("APPEND p:ap "), run("APPEND", "p:ap", ""));
        assertEquals(List.of("SETRANGE p:ap 2 xy"), run("SETRANGE", "p:ap", "2", "xy"));
        assertEquals(List.of(), run("SETRANGE", "p:ap", "0", ""));
        assertEquals(List.of("setbit p:sb 3 1"), run("setbit", "p:sb", "3", "1"));
        assertEquals(List.of(), run("setbit", "p:sb", "3", "1"));
        assertEquals(List.of("setbit p:sb 3 0"), run("setbit", "p:sb", "3", "0"));
        assertEquals(List.of("setbit p:sb 30 0"), run("setbit", "p:sb", "30", "0"));
        assertEquals(List.of(), run("setbit", "p:sb", "20", "0"));
        assertEquals(List.of("MSET p:m1 1 p:m2 2"), run("MSET", "p:m1", "1", "p:m2", "2"));
        assertEquals(List.of(), run("MSETNX", "p:m1", "1", "p:m3", "2"));
        assertEquals(List.of("MSETNX p:m3 1 p:m4 2"), run("MSETNX", "p:m3", "1", "p:m4", "2"));
    }

    @Test
    void bitCommandsPropagateOnlyRealChanges() throws Exception {
        assertEquals(List.of("bitfield p:bf set u8 0 0"), run("bitfield", "p:bf", "set", "u8", "0", "0"));
        assertEquals(List.of(), run("bitfield", "p:bf", "set", "u8", "0", "0"));
        assertEquals(List.of("bitfield p:bf set u8 8 0"), run("bitfield", "p:bf", "set", "u8", "8", "0"));
        assertEquals(List.of(), run("bitfield", "p:bf", "get", "u8", "0"));
        assertEquals(List.of(), run("bitfield", "p:bf2", "overflow", "fail", "set", "u2", "0", "9"));
        run("SET", "p:src", "abc");
        assertEquals(List.of("BITOP NOT p:dst p:src"), run("BITOP", "NOT", "p:dst", "p:src"));
        assertEquals(List.of("BITOP OR p:dst p:none"), run("BITOP", "OR", "p:dst", "p:none"));
        assertEquals(List.of(), run("BITOP", "OR", "p:dst", "p:none"));
    }

    @Test
    void expiredKeyTouchedByAWriteIsDeletedFirst() throws Exception {
        run("SET", "p:x", "v", "PXAT", "1");
        assertEquals(List.of("MULTI", "DEL p:x", "incr p:x", "EXEC"), run("incr", "p:x"));
    }
}
