package vigil.server.strings;

import org.junit.jupiter.api.Test;
import vigil.client.BlockingClient;
import vigil.server.support.Differential;
import vigil.server.support.RedisProcess;
import vigil.server.support.TestNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A seeded random stream of string and bit commands (valid and invalid arguments, binary
 * values, a key of another type) run on Vigil and Redis 7.0; every reply must be identical.
 * Reproducible: a failure prints the seed and the command number.
 */
class StringRandomDifferentialTest {
    static final long SEED = 0x5EED_0701L;
    static final int COMMANDS = 20_000;
    static final String OTHER = "rk:w";

    final Random rnd = new Random(SEED);
    final String[] keys = {"rk:0", "rk:1", "rk:2", "rk:3", "rk:4", OTHER};

    @Test
    void randomStreamMatchesRedis() throws Exception {
        RedisProcess.assumeAvailable();
        try (TestNode node = TestNode.start(); RedisProcess redis = RedisProcess.start();
             BlockingClient redisAdmin = redis.raw();
             Differential d = new Differential(node.raw(), redis.raw())) {
            makeOther(node, redisAdmin);
            for (int i = 0; i < COMMANDS; i++) {
                byte[][] cmd = next();
                try {
                    d.check(cmd);
                } catch (AssertionError e) {
                    fail("seed " + SEED + ", command " + i + ": " + show(cmd) + "\n" + e.getMessage());
                }
                if (touches(cmd, OTHER)) makeOther(node, redisAdmin);
            }
            assertEquals(COMMANDS, d.count());
        }
    }

    /** Puts a non-string at OTHER on both servers (a list on Redis, a placeholder on Vigil). */
    static void makeOther(TestNode node, BlockingClient redis) throws Exception {
        redis.call("DEL", OTHER);
        redis.call("RPUSH", OTHER, "x");
        node.node.onLoop(() -> node.node.server().keyspace.db(0).set(OTHER.getBytes(), new Object(), false));
    }

    static boolean touches(byte[][] cmd, String key) {
        byte[] k = key.getBytes();
        for (byte[] a : cmd) if (java.util.Arrays.equals(a, k)) return true;
        return false;
    }

    static String show(byte[][] cmd) {
        StringBuilder sb = new StringBuilder();
        for (byte[] a : cmd) {
            sb.append(' ');
            for (byte x : a) {
                int c = x & 0xff;
                sb.append(c >= 32 && c < 127 ? String.valueOf((char) c) : String.format("\\x%02x", c));
            }
        }
        return sb.toString();
    }

    String key() {
        return keys[rnd.nextInt(keys.length)];
    }

    String pick(String... options) {
        return options[rnd.nextInt(options.length)];
    }

    String integer() {
        return switch (rnd.nextInt(6)) {
            case 0 -> pick("0", "1", "-1", "7", "8", "9", "15", "16", "-8", "-9", "100", "-100");
            case 1 -> pick("9223372036854775807", "-9223372036854775808", "9223372036854775808", "abc", "", "1.5", "01", "+1", "-0", " 1");
            default -> Integer.toString(rnd.nextInt(101) - 50);
        };
    }

    String floating() {
        return switch (rnd.nextInt(8)) {
            case 0 -> pick("0.1", "1.1", "-2.5", "5.0e3", "3e20", "1e-5", ".5", "5.", "-0", "0x1p3", "10.50");
            case 1 -> pick("inf", "-inf", "nan", "abc", "", "1e400", "1e5000", " 1", "1e", "0x");
            case 2 -> Double.toString(rnd.nextGaussian() * 1000);
            case 3 -> Long.toString(rnd.nextLong() >> rnd.nextInt(64));
            default -> (rnd.nextInt(2000) - 1000) + "." + rnd.nextInt(1000);
        };
    }

    byte[] value() {
        switch (rnd.nextInt(8)) {
            case 0:
                return b(pick("", "0", "1", "-1", "10.5", "abc", "foobar", "9223372036854775807", "-9223372036854775808", "3.0", "1e3", "inf"));
            case 1: {
                byte[] v = new byte[rnd.nextInt(20)];
                rnd.nextBytes(v);
                return v;
            }
            case 2:
                return b(new byte[]{0, '\r', '\n', (byte) 0xff, 'x'});
            case 3:
                return b(integer());
            case 4:
                return b(floating());
            default: {
                StringBuilder sb = new StringBuilder();
                int n = rnd.nextInt(12);
                for (int i = 0; i < n; i++) sb.append((char) ('a' + rnd.nextInt(4)));
                return b(sb.toString());
            }
        }
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] b(byte[] v) {
        return v;
    }

    String bitOffset() {
        return switch (rnd.nextInt(8)) {
            case 0 -> pick("-1", "x", "4294967296", "#1", "");
            default -> Integer.toString(rnd.nextInt(rnd.nextBoolean() ? 64 : 800));
        };
    }

    byte[][] next() {
        List<Object> a = new ArrayList<>();
        switch (rnd.nextInt(30)) {
            case 0 -> add(a, "GET", key());
            case 1 -> {
                add(a, "SET", key(), value());
                int opts = rnd.nextInt(4);
                for (int i = 0; i < opts; i++) {
                    switch (rnd.nextInt(9)) {
                        case 0 -> a.add("NX");
                        case 1 -> a.add("XX");
                        case 2 -> a.add("GET");
                        case 3 -> a.add("KEEPTTL");
                        case 4 -> add(a, "EX", pick("100", "0", "-1", "x", "1000"));
                        case 5 -> add(a, "PX", pick("100000", "0", "99999"));
                        case 6 -> add(a, "EXAT", pick("1", "99999999999"));
                        case 7 -> add(a, "PXAT", pick("1", "99999999999999", "0"));
                        default -> a.add(pick("FOO", "ex", "get"));
                    }
                }
            }
            case 2 -> add(a, "SETNX", key(), value());
            case 3 -> add(a, pick("SETEX", "PSETEX"), key(), pick("100", "100000", "0", "-5", "x"), value());
            case 4 -> {
                a.add("MGET");
                int n = 1 + rnd.nextInt(4);
                for (int i = 0; i < n; i++) a.add(key());
            }
            case 5 -> {
                a.add(pick("MSET", "MSETNX"));
                int n = 1 + rnd.nextInt(3);
                for (int i = 0; i < n; i++) add(a, key(), value());
                if (rnd.nextInt(10) == 0) a.add(key());
            }
            case 6 -> add(a, "GETSET", key(), value());
            case 7 -> add(a, "GETDEL", key());
            case 8 -> {
                add(a, "GETEX", key());
                if (rnd.nextBoolean()) {
                    switch (rnd.nextInt(6)) {
                        case 0 -> a.add("PERSIST");
                        case 1 -> add(a, "EX", pick("100", "0", "x"));
                        case 2 -> add(a, "PXAT", pick("1", "99999999999999"));
                        case 3 -> add(a, "EXAT", pick("1", "99999999999"));
                        case 4 -> add(a, "PX", "100000");
                        default -> a.add(pick("NX", "KEEPTTL", "EX"));
                    }
                }
            }
            case 9 -> add(a, "APPEND", key(), value());
            case 10 -> add(a, "STRLEN", key());
            case 11, 12 -> add(a, pick("INCR", "DECR"), key());
            case 13 -> add(a, pick("INCRBY", "DECRBY"), key(), integer());
            case 14, 15 -> add(a, "INCRBYFLOAT", key(), floating());
            case 16 -> add(a, pick("GETRANGE", "SUBSTR"), key(), integer(), integer());
            case 17 -> add(a, "SETRANGE", key(), pick("0", "1", "5", "17", "-1", "x", "300", "536870912"), value());
            case 18 -> add(a, "SETBIT", key(), bitOffset(), pick("0", "1", "1", "0", "2", "x"));
            case 19 -> add(a, "GETBIT", key(), bitOffset());
            case 20 -> {
                add(a, "BITCOUNT", key());
                int n = rnd.nextInt(4);
                if (n >= 2) add(a, integer(), integer());
                if (n == 3) a.add(pick("BIT", "BYTE", "bit", "FOO"));
                if (n == 1) a.add(integer());
            }
            case 21, 22 -> {
                add(a, "BITPOS", key(), pick("0", "1", "1", "0", "2"));
                int n = rnd.nextInt(5);
                if (n >= 1) a.add(integer());
                if (n >= 2) a.add(integer());
                if (n >= 3) a.add(pick("BIT", "BYTE", "BIT", "FOO"));
                if (n == 4) a.add("x");
            }
            case 23 -> {
                String op = pick("AND", "OR", "XOR", "NOT", "not", "NAND");
                add(a, "BITOP", op, key(), key());
                if (rnd.nextBoolean()) a.add(key());
            }
            case 24, 25 -> bitfield(a, rnd.nextInt(4) == 0 ? "BITFIELD_RO" : "BITFIELD");
            case 26 -> {
                add(a, "LCS", key(), key());
                int n = rnd.nextInt(3);
                for (int i = 0; i < n; i++) {
                    switch (rnd.nextInt(5)) {
                        case 0 -> a.add("LEN");
                        case 1 -> a.add("IDX");
                        case 2 -> a.add("WITHMATCHLEN");
                        case 3 -> add(a, "MINMATCHLEN", pick("0", "1", "2", "3", "-1", "x"));
                        default -> a.add("FOO");
                    }
                }
            }
            default -> add(a, "SET", key(), value());
        }
        byte[][] out = new byte[a.size()][];
        for (int i = 0; i < out.length; i++) out[i] = a.get(i) instanceof byte[] x ? x : b((String) a.get(i));
        return out;
    }

    void bitfield(List<Object> a, String name) {
        add(a, name, key());
        int n = 1 + rnd.nextInt(3);
        for (int i = 0; i < n; i++) {
            String type = (rnd.nextBoolean() ? "i" : "u") + (1 + rnd.nextInt(rnd.nextInt(10) == 0 ? 66 : 16));
            if (rnd.nextInt(30) == 0) type = pick("x8", "I8", "u", "");
            String off = rnd.nextInt(5) == 0 ? "#" + rnd.nextInt(8) : rnd.nextInt(10) == 0 ? bitOffset() : Integer.toString(rnd.nextInt(40));
            switch (rnd.nextInt(5)) {
                case 0 -> add(a, "GET", type, off);
                case 1 -> add(a, "SET", type, off, integer());
                case 2 -> add(a, "INCRBY", type, off, integer());
                case 3 -> add(a, "OVERFLOW", pick("WRAP", "SAT", "FAIL", "fail", "BAD"));
                default -> add(a, "GET", type, off);
            }
        }
        if (rnd.nextInt(20) == 0) a.add(pick("GET", "SET", "FOO"));
    }

    static void add(List<Object> a, Object... items) {
        a.addAll(List.of(items));
    }
}
