package vigil.server.types;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The vocabulary of {@link AllTypesStreamGenerator}: the key space (40 keys, each group leaning
 * to one type, plus lex-only keys), argument pools (valid and invalid numbers, short and long
 * elements, bounds), and how a command's reply is compared.
 */
abstract class AllTypesStreamArgs {
    /** How a reply is compared; see {@link AllTypesDifferentialTest#normalize}. */
    enum Cmp { EXACT, UNORDERED, PAIRS, SCAN, SCAN_PAIRS, SIZE, TTL, SORT }

    record Cmd(String[] argv, Cmp cmp) {
        String show() {
            String s = String.join(" ", argv);
            return s.length() > 300 ? s.substring(0, 300) + "... (" + argv.length + " args)" : s;
        }
    }

    static final int KEYS = 40;
    /** Every key the stream touches: k0..k39 plus the lex-only keys (see {@link #lexKey}). */
    static final List<String> ALL_KEYS = allKeys();

    static List<String> allKeys() {
        List<String> l = new ArrayList<>();
        for (int i = 0; i < KEYS; i++) l.add("k" + i);
        l.addAll(List.of("x0", "x1", "xs"));
        return l;
    }
    /** The stream sends TYPE, OBJECT ENCODING, COPY and SCAN TYPE (collections' ValueKinds are registered). */
    static final boolean INTROSPECTION_WIRED = true;
    /** The stream sends SORT over lists, SORT ... STORE and BY/GET key->field (types.sort.SortHooks are connected). */
    static final boolean SORT_HOOKS_WIRED = true;
    final SplittableRandom rnd;

    AllTypesStreamArgs(long seed) {
        rnd = new SplittableRandom(seed);
    }

    // ---- keys and arguments ----

    /** Keys 0-7 lean to lists, 8-15 hashes, 16-23 sets, 24-31 sorted sets, 32-39 strings. */
    String key(int group) {
        if (rnd.nextInt(100) < 93) return "k" + (group * 8 + rnd.nextInt(8));
        return "k" + rnd.nextInt(KEYS);
    }

    String pick(String... xs) {
        return xs[rnd.nextInt(xs.length)];
    }

    int n(int max) {
        return rnd.nextInt(max);
    }

    /** Elements: small ints (intset), words, numbers-as-strings, sometimes long (> 64 bytes). */
    String elem() {
        int r = n(100);
        if (r < 35) return Integer.toString(n(r < 3 ? 2000 : 40) - (r < 6 ? 10 : 0));
        if (r < 90) return "m" + n(60);
        if (r < 95) return pick("", "1.5", "-0", "3e2", "abc", "x y", "9223372036854775807", "99999999999999999999");
        if (r < 97) return "M" + "w".repeat(40) + n(4);
        return "L" + "x".repeat(60 + n(10)) + n(4);
    }

    String field() {
        int r = n(50);
        if (r == 0) return "f" + "y".repeat(66) + n(3);
        if (r == 1) return "f" + "w".repeat(40) + n(3);   // between the low (32) and default (64) value limits
        return "f" + n(n(8) == 0 ? 200 : 24);
    }

    String value() {
        int r = n(100);
        if (r < 40) return Integer.toString(n(200) - 100);
        if (r < 90) return "v" + n(20);
        if (r < 96) return pick("", "1.5", "abc", "9223372036854775807", "-1e3", "0x10");
        if (r < 98) return "W".repeat(40);
        return "V".repeat(65 + n(20));
    }

    String score() {
        int r = n(100);
        if (r < 55) return Integer.toString(n(41) - 20);
        if (r < 85) return Double.toString((n(400) - 200) / 8.0);
        return pick("inf", "-inf", "+inf", "0", "1e10", "-0.5", "nan", "x", "1e400", "");
    }

    String idx() {
        int r = n(100);
        if (r < 85) return Integer.toString(n(30) - 12);
        return pick("x", "1000", "-1000", "9223372036854775807", "-9223372036854775808", "1.5", "");
    }

    String count() {
        int r = n(100);
        if (r < 80) return Integer.toString(n(8));
        return pick("-1", "-5", "x", "0", "100", "1.5");
    }

    String bound() {
        String s = Integer.toString(n(41) - 20);
        return pick(s, "(" + s, "-inf", "+inf", s, "(inf", "x", "((1");
    }

    String lexBound() {
        return pick("[m" + n(60), "(m" + n(60), "-", "+", "[m" + n(60), "m1", "[", "(");
    }

    Cmd c(Cmp cmp, List<String> a) {
        return new Cmd(a.toArray(new String[0]), cmp);
    }

    Cmd c(String... a) {
        return new Cmd(a, Cmp.EXACT);
    }

    List<String> l(String... a) {
        return new ArrayList<>(List.of(a));
    }

    void many(List<String> a, int max, java.util.function.Supplier<String> s) {
        int k = 1 + n(max);
        for (int i = 0; i < k; i++) a.add(s.get());
    }

    /** Adds one bulk of distinct elements, sometimes enough to cross the 128/512 thresholds. */
    void bulk(List<String> a, boolean pairs) {
        int k = n(30) == 0 ? 100 + n(500) : 1 + n(5);
        int base = n(1000);
        for (int i = 0; i < k; i++) {
            if (pairs) a.add(k > 10 ? Integer.toString(n(1000)) : score());
            a.add(k > 10 ? (n(2) == 0 ? Integer.toString(base + i) : "b" + (base + i)) : elem());
        }
    }

    /**
     * Lex range commands act only on x0/x1, which only ever get score 0 (and xs, a string): on a
     * sorted set with different scores their result is unspecified (in a skiplist it depends
     * on the random levels).
     */
    String lexKey() {
        return n(30) == 0 ? "xs" : "x" + n(2);
    }

    List<String> withOpts(List<String> a, String o1, String o2) {
        if (n(2) == 0) a.add(o1);
        if (n(2) == 0) a.add(o2);
        return a;
    }

    int pick(int a, int b) {
        return n(2) == 0 ? a : b;
    }

    String anyKey() {
        return "k" + n(KEYS);
    }

}
