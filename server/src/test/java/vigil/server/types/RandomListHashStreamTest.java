package vigil.server.types;

import org.junit.jupiter.api.Test;
import vigil.server.support.Differential;
import vigil.server.support.RedisProcess;
import vigil.server.support.TestNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A seeded random stream of list and hash commands (including wrong types, bad arguments and
 * encoding conversions) sent to Vigil and Redis 7.0; the first differing reply fails the test
 * with the seed and the command.
 */
class RandomListHashStreamTest {
    static final long SEED = 20240607L;
    static final int COMMANDS = 20_000;

    @Test
    void randomStreamMatchesRedis() throws Exception {
        try (RedisProcess redis = RedisProcess.start(); TestNode node = TestNode.start();
             Differential d = new Differential(node.raw(), redis.raw())) {
            Random r = new Random(SEED);
            d.check("SET", "s", "string");
            for (int i = 0; i < COMMANDS; i++) {
                String[] cmd = next(r);
                try {
                    String n = cmd[0];
                    if (n.equals("HGETALL") || n.equals("HKEYS") || n.equals("HVALS") || n.equals("HRANDFIELD")) d.checkUnordered(cmd);
                    else d.check(cmd);
                } catch (AssertionError e) {
                    throw new AssertionError("seed " + SEED + ", command index " + i + ": " + e.getMessage(), e);
                }
            }
            org.junit.jupiter.api.Assertions.assertEquals(COMMANDS + 1, d.count(), "every command was compared");
        }
    }

    static final String[] VALUES = {"a", "b", "c", "1", "2", "-3", "10", "x", "", "3.5", "abc"};

    static String val(Random r) {
        int p = r.nextInt(100);
        if (p < 2) return "v".repeat(65 + r.nextInt(10));
        if (p < 4) return Integer.toString(r.nextInt(1000) - 500);
        return VALUES[r.nextInt(VALUES.length)];
    }

    static String lkey(Random r) {
        int p = r.nextInt(20);
        if (p == 0) return "s";
        if (p == 1) return "h" + r.nextInt(3);
        return "l" + r.nextInt(4);
    }

    static String hkey(Random r) {
        int p = r.nextInt(20);
        if (p == 0) return "s";
        if (p == 1) return "l" + r.nextInt(4);
        return "h" + r.nextInt(3);
    }

    static String idx(Random r) {
        int p = r.nextInt(20);
        if (p == 0) return "x";
        return Integer.toString(r.nextInt(16) - 8);
    }

    static String field(Random r) {
        return r.nextInt(30) == 0 ? "f".repeat(70) : "f" + r.nextInt(r.nextInt(10) == 0 ? 600 : 12);
    }

    static String side(Random r) {
        return r.nextBoolean() ? "LEFT" : (r.nextInt(30) == 0 ? "UP" : "right");
    }

    static String[] next(Random r) {
        List<String> a = new ArrayList<>();
        switch (r.nextInt(36)) {
            case 0, 1, 2 -> {
                a.add(r.nextBoolean() ? "LPUSH" : "RPUSH");
                a.add(lkey(r));
                int n = r.nextInt(40) == 0 ? 60 : 1 + r.nextInt(4);
                for (int i = 0; i < n; i++) a.add(n > 10 ? "e".repeat(150) + i : val(r));
            }
            case 3 -> { a.add(r.nextBoolean() ? "LPUSHX" : "RPUSHX"); a.add(lkey(r)); a.add(val(r)); }
            case 4, 5 -> {
                a.add(r.nextBoolean() ? "LPOP" : "RPOP");
                a.add(lkey(r));
                if (r.nextBoolean()) a.add(Integer.toString(r.nextInt(6) - 1));
            }
            case 6 -> { a.add("LRANGE"); a.add(lkey(r)); a.add(idx(r)); a.add(idx(r)); }
            case 7 -> { a.add("LLEN"); a.add(lkey(r)); }
            case 8 -> { a.add("LINDEX"); a.add(lkey(r)); a.add(idx(r)); }
            case 9 -> { a.add("LSET"); a.add(lkey(r)); a.add(idx(r)); a.add(val(r)); }
            case 10 -> { a.add("LREM"); a.add(lkey(r)); a.add(Integer.toString(r.nextInt(5) - 2)); a.add(val(r)); }
            case 11 -> { a.add("LTRIM"); a.add(lkey(r)); a.add(idx(r)); a.add(Integer.toString(r.nextInt(30) - 3)); }
            case 12 -> { a.add("LINSERT"); a.add(lkey(r)); a.add(r.nextBoolean() ? "BEFORE" : "after"); a.add(val(r)); a.add(val(r)); }
            case 13 -> {
                a.add("LPOS"); a.add(lkey(r)); a.add(val(r));
                if (r.nextBoolean()) { a.add("RANK"); a.add(Integer.toString(r.nextInt(7) - 3)); }
                if (r.nextBoolean()) { a.add("COUNT"); a.add(Integer.toString(r.nextInt(4))); }
                if (r.nextBoolean()) { a.add("MAXLEN"); a.add(Integer.toString(r.nextInt(6))); }
            }
            case 14 -> { a.add("LMOVE"); a.add(lkey(r)); a.add(lkey(r)); a.add(side(r)); a.add(side(r)); }
            case 15 -> { a.add("RPOPLPUSH"); a.add(lkey(r)); a.add(lkey(r)); }
            case 16 -> {
                a.add("LMPOP"); int n = 1 + r.nextInt(3); a.add(Integer.toString(n));
                for (int i = 0; i < n; i++) a.add(lkey(r));
                a.add(side(r));
                if (r.nextBoolean()) { a.add("COUNT"); a.add(Integer.toString(r.nextInt(5))); }
            }
            case 17 -> { a.add("BLPOP"); a.add(lkey(r)); a.add(lkey(r)); a.add(r.nextInt(10) == 0 ? "-1" : "0.001"); }
            case 18, 19, 20, 21 -> {
                a.add(r.nextInt(5) == 0 ? "HMSET" : "HSET"); a.add(hkey(r));
                int n = r.nextInt(30) == 0 ? 40 : 1 + r.nextInt(3);
                for (int i = 0; i < n; i++) { a.add(field(r)); a.add(val(r)); }
            }
            case 22 -> { a.add("HSETNX"); a.add(hkey(r)); a.add(field(r)); a.add(val(r)); }
            case 23 -> { a.add("HGET"); a.add(hkey(r)); a.add(field(r)); }
            case 24 -> { a.add("HMGET"); a.add(hkey(r)); a.add(field(r)); a.add(field(r)); }
            case 25, 26 -> { a.add("HDEL"); a.add(hkey(r)); a.add(field(r)); if (r.nextBoolean()) a.add(field(r)); }
            case 27 -> { a.add("HEXISTS"); a.add(hkey(r)); a.add(field(r)); }
            case 28 -> { a.add("HLEN"); a.add(hkey(r)); }
            case 29 -> { a.add("HSTRLEN"); a.add(hkey(r)); a.add(field(r)); }
            case 30 -> { a.add(new String[]{"HGETALL", "HKEYS", "HVALS"}[r.nextInt(3)]); a.add(hkey(r)); }
            case 31 -> { a.add("HINCRBY"); a.add(hkey(r)); a.add(field(r)); a.add(Integer.toString(r.nextInt(200) - 100)); }
            case 32 -> {
                a.add("HINCRBYFLOAT"); a.add(hkey(r)); a.add(field(r));
                a.add(new String[]{"0.1", "-1.5", "3", "2.5e2", "1e-3", "x"}[r.nextInt(6)]);
            }
            case 33 -> { a.add("HRANDFIELD"); a.add(hkey(r)); a.add("1000"); if (r.nextBoolean()) a.add("WITHVALUES"); }
            case 34 -> { a.add("BLMOVE"); a.add(lkey(r)); a.add(lkey(r)); a.add(side(r)); a.add(side(r)); a.add("0.001"); }
            default -> {
                a.add("BLMPOP"); a.add("0.001"); a.add("2"); a.add(lkey(r)); a.add(lkey(r)); a.add(side(r));
                a.add("COUNT"); a.add(Integer.toString(1 + r.nextInt(3)));
            }
        }
        return a.toArray(new String[0]);
    }
}
