package vigil.server.types;

import java.util.ArrayList;
import java.util.List;

/**
 * Generates the seeded command stream of {@link AllTypesDifferentialTest}: every list, hash,
 * set, sorted set and SORT command plus strings and generic key commands, over one small key
 * space (40 keys, each with a preferred type) so types collide, with bad arguments mixed in so
 * error paths run. Each command carries how its reply is compared: exactly, or, for replies
 * Redis leaves unspecified (hash-table order, random members), in a weaker form that still
 * checks something.
 */
final class AllTypesStreamGenerator extends AllTypesStreamArgs {
    /** Commands queued to follow the current one (DEL after a random pop keeps both datasets equal). */
    private final List<Cmd> pending = new ArrayList<>();

    AllTypesStreamGenerator(long seed) {
        super(seed);
    }

    /** Whether follow-up commands are queued: a batch must not end between a random pop and its DEL. */
    boolean hasPending() {
        return !pending.isEmpty();
    }

    Cmd next() {
        if (!pending.isEmpty()) return pending.remove(0);
        int r = rnd.nextInt(100);
        if (r < 22) return list();
        if (r < 40) return hash();
        if (r < 58) return set();
        if (r < 80) return zset();
        if (r < 84) {
            // Redis's SORT tests errno == ERANGE after strtod without clearing errno first, so a
            // stale ERANGE left by an earlier command in the same pipeline fails a valid SORT.
            // ZADD on the string xs parses its score with getDoubleFromObject (errno = 0) and then
            // fails with WRONGTYPE, changing nothing: it makes the following SORT deterministic.
            pending.add(sort());
            return c("ZADD", "xs", "0", "m");
        }
        if (r < 91) return string();
        return generic();
    }

    // ---- lists ----

    private String side() {
        return n(30) == 0 ? "UP" : pick("LEFT", "RIGHT", "left");
    }

    private Cmd list() {
        String k = key(0);
        int choice = n(30);
        // Blocking forms are kept rare: each one that times out costs 10 ms on both servers.
        if (choice >= 22 && choice <= 25 && n(4) != 0) choice = 7;
        switch (choice) {
            case 0, 1, 2, 3 -> {
                List<String> a = l(pick("LPUSH", "RPUSH"), k);
                if (n(20) == 0) many(a, 200, () -> "e" + "z".repeat(n(80)));
                else many(a, 5, this::elem);
                return c(Cmp.EXACT, a);
            }
            case 4 -> { return c(pick("LPUSHX", "RPUSHX"), k, elem()); }
            case 5, 6 -> {
                List<String> a = l(pick("LPOP", "RPOP"), k);
                if (n(2) == 0) a.add(count());
                return c(Cmp.EXACT, a);
            }
            case 7, 8 -> { return c("LRANGE", k, idx(), idx()); }
            case 9 -> { return c("LLEN", k); }
            case 10 -> { return c("LINDEX", k, idx()); }
            case 11 -> { return c("LSET", k, idx(), elem()); }
            case 12 -> { return c("LREM", k, Integer.toString(n(7) - 3), elem()); }
            case 13 -> { return c("LTRIM", k, idx(), idx()); }
            case 14 -> { return c("LINSERT", k, pick("BEFORE", "after", "MIDDLE"), elem(), elem()); }
            case 15, 16 -> {
                List<String> a = l("LPOS", k, elem());
                if (n(2) == 0) a.addAll(List.of("RANK", pick("1", "-1", "2", "-2", "0", "x", "-9223372036854775808")));
                if (n(2) == 0) a.addAll(List.of("COUNT", pick("0", "1", "3", "-1")));
                if (n(3) == 0) a.addAll(List.of("MAXLEN", pick("0", "2", "10", "-1")));
                return c(Cmp.EXACT, a);
            }
            case 17, 18 -> { return c("LMOVE", k, key(0), side(), side()); }
            case 19 -> { return c("RPOPLPUSH", k, key(0)); }
            case 20, 21 -> {
                int nk = n(6) == 0 ? n(3) : 1 + n(3);
                List<String> a = l("LMPOP", Integer.toString(nk));
                for (int i = 0; i < nk; i++) a.add(key(0));
                a.add(pick("LEFT", "RIGHT", "MIDDLE"));
                if (n(2) == 0) a.addAll(List.of("COUNT", count()));
                return c(Cmp.EXACT, a);
            }
            case 22 -> { return c(pick("BLPOP", "BRPOP"), k, key(0), pick("0.01", "0.01", "-1", "x")); }
            case 23 -> { return c("BLMOVE", k, key(0), side(), side(), "0.01"); }
            case 24 -> { return c("BRPOPLPUSH", k, key(0), "0.01"); }
            case 25 -> { return c("BLMPOP", "0.01", "2", k, key(0), pick("LEFT", "RIGHT"), "COUNT", count()); }
            default -> { return c("LRANGE", k, "0", "-1"); }
        }
    }

    // ---- hashes ----

    private Cmd hash() {
        String k = key(1);
        switch (n(30)) {
            case 0, 1, 2, 3, 4 -> {
                List<String> a = l(pick("HSET", "HSET", "HMSET"), k);
                int m = n(30) == 0 ? 100 + n(500) : 1 + n(4);
                int base = n(1000);
                for (int i = 0; i < m; i++) {
                    a.add(m > 10 ? "g" + (base + i) : field());
                    a.add(value());
                }
                if (n(40) == 0) a.add("dangling");
                return c(Cmp.EXACT, a);
            }
            case 5 -> { return c("HSETNX", k, field(), value()); }
            case 6, 7 -> { return c("HGET", k, field()); }
            case 8 -> {
                List<String> a = l("HMGET", k);
                many(a, 4, this::field);
                return c(Cmp.EXACT, a);
            }
            case 9, 10 -> {
                List<String> a = l("HDEL", k);
                many(a, 3, this::field);
                return c(Cmp.EXACT, a);
            }
            case 11 -> { return c("HEXISTS", k, field()); }
            case 12 -> { return c("HLEN", k); }
            case 13 -> { return c("HSTRLEN", k, field()); }
            case 14 -> { return c(Cmp.PAIRS, l("HGETALL", k)); }
            case 15 -> { return c(Cmp.UNORDERED, l(pick("HKEYS", "HVALS"), k)); }
            case 16, 17 -> { return c("HINCRBY", k, field(), pick("1", "-3", "100", "x", "9223372036854775807", "1.5", "-9223372036854775808")); }
            case 18, 19 -> { return c("HINCRBYFLOAT", k, field(), pick("0.1", "-1.5", "3", "2.5e2", "1e-3", "x", "inf", "1e308", "-0")); }
            case 20, 21 -> {
                String cnt = pick("", "", "0", "3", "-4", "100000", "-50", "x");
                List<String> a = l("HRANDFIELD", k);
                if (cnt.isEmpty()) return c(Cmp.SIZE, a);
                a.add(cnt);
                boolean wv = n(2) == 0;
                if (wv) a.add(n(20) == 0 ? "WITHSCORES" : "WITHVALUES");
                // -50 (repeats allowed) is only compared by size: it is not the whole hash.
                return c(cnt.equals("100000") ? (wv ? Cmp.PAIRS : Cmp.UNORDERED) : Cmp.SIZE, a);
            }
            case 22, 23 -> {
                List<String> a = l("HSCAN", k, n(15) == 0 ? pick("x", "1x") : "0", "COUNT", "100000");
                if (n(3) == 0) a.addAll(List.of("MATCH", pick("f1*", "g*", "*y*", "f?")));
                return c(Cmp.SCAN_PAIRS, a);
            }
            default -> { return c("HGET", k, field()); }
        }
    }

    // ---- sets ----

    private Cmd set() {
        String k = key(2);
        switch (n(34)) {
            case 0, 1, 2, 3, 4 -> {
                List<String> a = l("SADD", k);
                bulk(a, false);
                return c(Cmp.EXACT, a);
            }
            case 5, 6 -> {
                List<String> a = l("SREM", k);
                many(a, 4, this::elem);
                return c(Cmp.EXACT, a);
            }
            case 7 -> { return c(Cmp.UNORDERED, l("SMEMBERS", k)); }
            case 8 -> { return c("SISMEMBER", k, elem()); }
            case 9 -> {
                List<String> a = l("SMISMEMBER", k);
                many(a, 4, this::elem);
                return c(Cmp.EXACT, a);
            }
            case 10 -> { return c("SCARD", k); }
            case 11, 12 -> {
                String cnt = pick("", "1", "3", "0", "100000", "-1", "x");
                List<String> a = l("SPOP", k);
                if (!cnt.isEmpty()) a.add(cnt);
                if (cnt.equals("100000") || cnt.equals("0")) return c(Cmp.UNORDERED, a);
                // A random pop leaves the sets different: drop the key on both right after.
                pending.add(c("DEL", k));
                return c(Cmp.SIZE, a);
            }
            case 13, 14 -> {
                String cnt = pick("", "0", "3", "-4", "100000", "-50", "x");
                List<String> a = l("SRANDMEMBER", k);
                if (!cnt.isEmpty()) a.add(cnt);
                return c(cnt.equals("100000") || cnt.equals("0") ? Cmp.UNORDERED : Cmp.SIZE, a);
            }
            case 15, 16 -> { return c("SMOVE", k, key(2), elem()); }
            case 17, 18 -> {
                List<String> a = l(pick("SINTER", "SUNION", "SDIFF"), k);
                many(a, 3, () -> key(2));
                return c(Cmp.UNORDERED, a);
            }
            case 19, 20 -> {
                List<String> a = l(pick("SINTERSTORE", "SUNIONSTORE", "SDIFFSTORE"), key(2), k);
                many(a, 3, () -> key(2));
                return c(Cmp.EXACT, a);
            }
            case 21 -> {
                int nk = n(8) == 0 ? 0 : 1 + n(3);
                List<String> a = l("SINTERCARD", n(10) == 0 ? "x" : Integer.toString(nk));
                for (int i = 0; i < nk; i++) a.add(key(2));
                if (n(2) == 0) a.addAll(List.of("LIMIT", pick("0", "1", "3", "-1", "x")));
                return c(Cmp.EXACT, a);
            }
            case 22, 23 -> {
                List<String> a = l("SSCAN", k, n(15) == 0 ? "x" : "0", "COUNT", "100000");
                if (n(3) == 0) a.addAll(List.of("MATCH", pick("1*", "m*", "*5", "b?")));
                return c(Cmp.SCAN, a);
            }
            default -> { return c("SISMEMBER", k, elem()); }
        }
    }

    // ---- sorted sets ----

    private Cmd zset() {
        String k = key(3);
        switch (n(60)) {
            case 0, 1, 2, 3, 4, 5, 6 -> {
                List<String> a = l("ZADD", k);
                if (n(3) == 0) a.add(pick("NX", "XX", "GT", "LT", "CH", "GT", "xx"));
                if (n(6) == 0) a.add(pick("CH", "NX", "LT"));
                if (n(8) == 0) {
                    a.addAll(List.of("INCR", score(), elem()));
                    if (n(6) == 0) a.addAll(List.of("1", "x"));
                } else bulk(a, true);
                return c(Cmp.EXACT, a);
            }
            case 7, 8 -> { return c("ZINCRBY", k, score(), elem()); }
            case 9, 10 -> {
                List<String> a = l("ZREM", k);
                many(a, 4, this::elem);
                return c(Cmp.EXACT, a);
            }
            case 11 -> { return c("ZCARD", k); }
            case 12 -> { return c("ZSCORE", k, elem()); }
            case 13 -> {
                List<String> a = l("ZMSCORE", k);
                many(a, 3, this::elem);
                return c(Cmp.EXACT, a);
            }
            case 14 -> {
                List<String> a = l(pick("ZRANK", "ZREVRANK"), k, elem());
                return c(Cmp.EXACT, a);
            }
            case 15, 16 -> { return c(Cmp.EXACT, withOpts(l("ZRANGE", k, idx(), idx()), "REV", "WITHSCORES")); }
            case 17, 18 -> {
                List<String> a = l("ZRANGE", k, bound(), bound(), "BYSCORE");
                withOpts(a, "REV", "WITHSCORES");
                if (n(2) == 0) a.addAll(List.of("LIMIT", idx(), idx()));
                return c(Cmp.EXACT, a);
            }
            case 19 -> {
                List<String> a = l("ZRANGE", lexKey(), lexBound(), lexBound(), "BYLEX");
                withOpts(a, "REV", n(8) == 0 ? "WITHSCORES" : "REV");
                if (n(2) == 0) a.addAll(List.of("LIMIT", idx(), idx()));
                return c(Cmp.EXACT, a);
            }
            case 20, 21 -> {
                List<String> a = l(pick("ZRANGEBYSCORE", "ZREVRANGEBYSCORE"), k, bound(), bound());
                if (n(2) == 0) a.add("WITHSCORES");
                if (n(3) == 0) a.addAll(List.of("LIMIT", idx(), idx()));
                return c(Cmp.EXACT, a);
            }
            case 22 -> {
                List<String> a = l(pick("ZRANGEBYLEX", "ZREVRANGEBYLEX"), lexKey(), lexBound(), lexBound());
                if (n(3) == 0) a.addAll(List.of("LIMIT", idx(), idx()));
                return c(Cmp.EXACT, a);
            }
            case 23 -> { return c(Cmp.EXACT, withOpts(l("ZREVRANGE", k, idx(), idx()), "WITHSCORES", "WITHSCORES")); }
            case 24 -> { return c("ZCOUNT", k, bound(), bound()); }
            case 25 -> { return c("ZLEXCOUNT", lexKey(), lexBound(), lexBound()); }
            case 26, 27 -> {
                int form = n(3);
                List<String> a = form == 2 ? l("ZRANGESTORE", lexKey(), lexKey()) : l("ZRANGESTORE", key(3), k);
                switch (form) {
                    case 0 -> a.addAll(List.of(idx(), idx()));
                    case 1 -> a.addAll(List.of(bound(), bound(), "BYSCORE"));
                    default -> a.addAll(List.of(lexBound(), lexBound(), "BYLEX"));
                }
                if (n(3) == 0) a.add("REV");
                if (n(4) == 0) a.addAll(List.of("LIMIT", idx(), idx()));
                return c(Cmp.EXACT, a);
            }
            case 28, 29 -> {
                List<String> a = l(pick("ZPOPMIN", "ZPOPMAX"), k);
                if (n(2) == 0) a.add(count());
                return c(Cmp.EXACT, a);
            }
            case 30, 31 -> {
                int nk = n(6) == 0 ? n(3) : 1 + n(3);
                List<String> a = l("ZMPOP", Integer.toString(nk));
                for (int i = 0; i < nk; i++) a.add(key(3));
                a.add(pick("MIN", "MAX", "max", "MID"));
                if (n(2) == 0) a.addAll(List.of("COUNT", count()));
                return c(Cmp.EXACT, a);
            }
            case 32 -> { return n(3) == 0 ? c(pick("BZPOPMIN", "BZPOPMAX"), k, key(3), pick("0.01", "0.01", "-1")) : c("ZCARD", k); }
            case 33 -> {
                if (n(3) != 0) return c("ZCARD", k); return c("BZMPOP", "0.01", "2", k, key(3), pick("MIN", "MAX"), "COUNT", count()); }
            case 34 -> { return c("ZREMRANGEBYRANK", k, idx(), idx()); }
            case 35 -> { return c("ZREMRANGEBYSCORE", k, bound(), bound()); }
            case 36 -> { return c("ZREMRANGEBYLEX", lexKey(), lexBound(), lexBound()); }
            case 37, 38, 39, 40 -> { return zalgebra(k, false); }
            case 41, 42, 43 -> { return zalgebra(k, true); }
            case 44 -> {
                int nk = 1 + n(3);
                List<String> a = l("ZINTERCARD", Integer.toString(nk));
                for (int i = 0; i < nk; i++) a.add(n(3) == 0 ? key(2) : key(3));
                if (n(2) == 0) a.addAll(List.of("LIMIT", pick("0", "1", "3", "-1")));
                return c(Cmp.EXACT, a);
            }
            case 45, 46 -> {
                String cnt = pick("", "0", "3", "-4", "100000", "-50", "x");
                List<String> a = l("ZRANDMEMBER", k);
                if (cnt.isEmpty()) return c(Cmp.SIZE, a);
                a.add(cnt);
                boolean ws = n(2) == 0;
                if (ws) a.add("WITHSCORES");
                return c(cnt.equals("100000") ? (ws ? Cmp.PAIRS : Cmp.UNORDERED) : cnt.equals("0") ? Cmp.EXACT : Cmp.SIZE, a);
            }
            case 47, 48 -> {
                List<String> a = l("ZSCAN", k, n(15) == 0 ? "x" : "0", "COUNT", "100000");
                if (n(3) == 0) a.addAll(List.of("MATCH", pick("1*", "m*", "*5", "b?")));
                return c(Cmp.SCAN_PAIRS, a);
            }
            case 49, 50, 51, 52 -> {
                List<String> a = l("ZADD", lexKey());
                int m = n(25) == 0 ? 100 + n(200) : 1 + n(4);
                int base = n(300);
                for (int i = 0; i < m; i++) a.addAll(List.of("0", m > 10 ? "m" + (base + i) : elem()));
                return c(Cmp.EXACT, a);
            }
            case 53 -> { return c("ZREM", lexKey(), elem(), elem()); }
            case 54 -> { return c(Cmp.EXACT, withOpts(l("ZRANGE", lexKey(), idx(), idx()), "REV", "WITHSCORES")); }
            default -> { return c("ZSCORE", k, elem()); }
        }
    }

    /** ZUNION/ZINTER/ZDIFF and their STORE forms, with WEIGHTS/AGGREGATE and sets as inputs. */
    private Cmd zalgebra(String k, boolean store) {
        String op = pick("ZUNION", "ZINTER", "ZDIFF");
        int nk = n(8) == 0 ? pick(0, -1) : 1 + n(3);
        List<String> a = l(store ? op + "STORE" : op);
        if (store) a.add(key(3));
        a.add(nk < 0 ? "x" : Integer.toString(nk));
        a.add(k);
        for (int i = 1; i < Math.max(nk, 2); i++) a.add(n(4) == 0 ? key(2) : key(3));
        if (!op.equals("ZDIFF") || n(10) == 0) {
            if (n(2) == 0) {
                a.add("WEIGHTS");
                for (int i = 0; i < Math.max(nk, 1); i++) a.add(pick("1", "2", "0.5", "-1", "0", "inf", "x"));
            }
            if (n(2) == 0) a.addAll(List.of("AGGREGATE", pick("SUM", "MIN", "MAX", "avg")));
        }
        if (!store && n(2) == 0) a.add("WITHSCORES");
        return c(Cmp.EXACT, a);
    }

    // ---- SORT ----

    private Cmd sort() {
        int g = SORT_HOOKS_WIRED ? n(3) : 1 + n(2);
        String k = key(g == 0 ? 0 : g == 1 ? 2 : 3);
        boolean ro = n(4) == 0;
        List<String> a = l(ro ? "SORT_RO" : "SORT", k);
        boolean nosort = false, byPattern = false;
        if (n(3) == 0) {
            String by = SORT_HOOKS_WIRED ? pick("nosort", "k*", "k3*", "k*->f1", "nokey_*", "k*->g1") : pick("nosort", "k*", "k3*", "nokey_*");
            nosort = by.equals("nosort");
            byPattern = !nosort;
            a.addAll(List.of("BY", by));
        }
        boolean limit = n(3) == 0;
        if (limit) a.addAll(List.of("LIMIT", idx(), count()));
        if (n(4) == 0) a.addAll(List.of("GET", SORT_HOOKS_WIRED ? pick("#", "k*", "k*->f1", "#") : pick("#", "k*", "k3*")));
        if (n(8) == 0) a.addAll(List.of("GET", "#"));
        if (n(3) == 0) a.add(pick("ASC", "DESC", "DESC"));
        boolean alpha = n(2) == 0;
        if (alpha) a.add("ALPHA");
        // ALPHA BY pattern leaves ties in an unspecified order: never STORE that (later reads compare exactly).
        boolean store = SORT_HOOKS_WIRED && !ro && !(alpha && byPattern) && n(4) == 0;
        if (store) a.addAll(List.of("STORE", key(0)));
        if (n(30) == 0) a.add(pick("BOGUS", "LIMIT"));
        // BY nosort leaves a set's order to its hash table (Redis sorts only when storing).
        // ALPHA BY pattern leaves ties (equal or missing weights) unordered: sortCompare returns 0
        // for them without the lexicographic tie-break numeric sorting has.
        if (nosort && !store || alpha && byPattern) return c(limit ? Cmp.SIZE : Cmp.UNORDERED, a);
        return c(Cmp.SORT, a);
    }

    // ---- strings ----

    private Cmd string() {
        String k = key(4);
        switch (n(16)) {
            case 0, 1 -> { return c("SET", k, value()); }
            case 2 -> { return c("SET", k, value(), pick("NX", "XX", "GET", "KEEPTTL")); }
            case 3, 4 -> { return c("GET", k); }
            case 5 -> { return c(pick("INCR", "DECR"), k); }
            case 6 -> { return c(pick("INCRBY", "DECRBY"), k, pick("5", "-7", "x", "9223372036854775807")); }
            case 7 -> { return c("INCRBYFLOAT", k, pick("1.5", "-0.25", "x", "1e3")); }
            case 8 -> { return c("APPEND", k, value()); }
            case 9 -> { return c("STRLEN", k); }
            case 10 -> { return c("GETRANGE", k, idx(), idx()); }
            case 11 -> { return c("SETRANGE", k, pick("0", "3", "-1", "x"), value()); }
            case 12 -> { return c("MSET", k, value(), key(4), value()); }
            case 13 -> { return c("MGET", k, key(4), key(1)); }
            case 14 -> { return n(2) == 0 ? c("GETDEL", k) : c("GETSET", k, value()); }
            default -> { return c("SETNX", k, value()); }
        }
    }

    // ---- generic key commands ----

    private Cmd generic() {
        String k = anyKey();
        switch (n(30)) {
            case 0, 1 -> { return c("DEL", k, anyKey()); }
            case 2 -> { return c("UNLINK", k); }
            case 3 -> { return c("EXISTS", k, anyKey(), k); }
            case 4, 5, 6 -> { return INTROSPECTION_WIRED ? c("TYPE", k) : c("EXISTS", k); }
            case 7, 8 -> { return c("RENAME", k, anyKey()); }
            case 9 -> { return c("RENAMENX", k, anyKey()); }
            case 10, 11 -> {
                if (!INTROSPECTION_WIRED) return c("RENAMENX", k, anyKey());
                List<String> a = l("COPY", k, anyKey());
                if (n(2) == 0) a.add("REPLACE");
                if (n(20) == 0) a.addAll(List.of("DB", "0"));
                return c(Cmp.EXACT, a);
            }
            case 12, 13 -> {
                List<String> a = l("EXPIRE", k, pick("100000", "200000", "0", "-5", "x"));
                if (n(3) == 0) a.add(pick("NX", "XX", "BAD"));
                return c(Cmp.EXACT, a);
            }
            case 14 -> {
                List<String> a = l(pick("EXPIREAT", "PEXPIREAT"), k, pick("4000000000", "4100000000", "1", "4000000000000"));
                if (n(2) == 0) a.add(pick("NX", "XX", "GT", "LT"));
                return c(Cmp.EXACT, a);
            }
            case 15 -> { return c("PERSIST", k); }
            case 16, 17 -> { return c(Cmp.TTL, l(pick("TTL", "PTTL", "EXPIRETIME", "PEXPIRETIME"), k)); }
            case 18, 19 -> { return INTROSPECTION_WIRED ? c("OBJECT", "ENCODING", k) : c("OBJECT", "FREQ", k); }
            case 20 -> { return c("DBSIZE"); }
            case 21 -> { return c(Cmp.UNORDERED, l("KEYS", pick("k1*", "k*", "k?", "*3"))); }
            case 22 -> {
                List<String> a = l("SCAN", "0", "COUNT", "1000");
                if (INTROSPECTION_WIRED && n(2) == 0) a.addAll(List.of("TYPE", pick("list", "hash", "set", "zset", "string", "none")));
                if (n(2) == 0) a.addAll(List.of("MATCH", pick("k1*", "k?")));
                return c(Cmp.SCAN, a);
            }
            case 23 -> { return c("TOUCH", k, anyKey()); }
            case 24 -> { return c(Cmp.SIZE, l("RANDOMKEY")); }
            default -> { return c("EXISTS", k); }
        }
    }
}
