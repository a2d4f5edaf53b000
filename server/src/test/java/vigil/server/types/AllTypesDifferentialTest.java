package vigil.server.types;

import vigil.resp.RespCommand;
import org.junit.jupiter.api.Test;
import vigil.client.BlockingClient;
import vigil.resp.RespValue;
import vigil.server.keyspace.CollectionValue;
import vigil.server.support.Differential;
import vigil.server.support.RedisProcess;
import vigil.server.support.TestNode;
import vigil.server.types.AllTypesStreamArgs.Cmd;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The collections differential fuzz: one seeded stream of 120k commands over every type (lists,
 * hashes, sets, sorted sets, SORT, strings, generic key commands; see
 * {@link AllTypesStreamGenerator}) sent pipelined in batches to Vigil and to Redis 7.0, every
 * reply compared. Encoding thresholds alternate between Redis's defaults and low values every
 * 20k commands (CONFIG SET on both) so conversions happen often.
 *
 * <p>Replies Redis leaves unspecified are compared weaker but still checked (see
 * {@link #normalize}): hash-table iteration order as a sorted multiset, random members by type
 * and count, TTLs by sign. Random pops (SPOP with a count below the size) are followed by DEL
 * of the key on both servers, so the datasets never diverge; every 200 commands each key's
 * type, encoding (Redis's OBJECT ENCODING against the value stored in Vigil) and size are
 * compared, every 2000 and at the end its whole content; at the very end both servers' DEBUG
 * DIGEST must be equal too.
 *
 * <p>Reproducible: the seed is {@link #DEFAULT_SEED}, overridable with -Dvigil.fuzz.seed;
 * -Dvigil.fuzz.commands, -Dvigil.fuzz.batch and -Dvigil.fuzz.checkEvery change the length, the
 * pipelining and the dataset checks (batch 1 and checkEvery 1 pin a divergence to one command).
 * A failure prints the seed, the command number, the command, its keys and the commands before it.
 */
class AllTypesDifferentialTest {
    static final long DEFAULT_SEED = 0xA117E5L;
    static final long SEED = Long.getLong("vigil.fuzz.seed", DEFAULT_SEED);
    static final int COMMANDS = Integer.getInteger("vigil.fuzz.commands", 120_000);
    static final int BATCH = Integer.getInteger("vigil.fuzz.batch", 200);
    static final int PHASE = 20_000;
    /** Types, encodings and sizes of all keys are compared this often (-Dvigil.fuzz.checkEvery). */
    static final int CHECK_EVERY = Integer.getInteger("vigil.fuzz.checkEvery", 200);
    /** Full key contents are compared this often (and at the end); types, encodings and sizes after every batch. */
    static final int CONTENT_EVERY = 2_000;

    static final String[][] LOW = {{"hash-max-listpack-entries", "16"}, {"hash-max-listpack-value", "32"},
            {"set-max-intset-entries", "16"}, {"zset-max-listpack-entries", "16"}, {"zset-max-listpack-value", "32"},
            {"list-max-listpack-size", "4"}};
    static final String[][] DEFAULTS = {{"hash-max-listpack-entries", "512"}, {"hash-max-listpack-value", "64"},
            {"set-max-intset-entries", "512"}, {"zset-max-listpack-entries", "128"}, {"zset-max-listpack-value", "64"},
            {"list-max-listpack-size", "-2"}};

    final Set<String> encodings = new TreeSet<>();
    int wrongType;
    int otherErrors;
    long vigilNanos, redisNanos, checkNanos;

    @Test
    void randomStreamOverAllTypesMatchesRedis() throws Exception {
        RedisProcess.assumeAvailable();
        System.out.println("AllTypesDifferentialTest seed=" + SEED + " (-Dvigil.fuzz.seed=" + SEED + ")");
        long start = System.nanoTime();
        try (TestNode node = TestNode.start(); RedisProcess redis = RedisProcess.start("--hz", "100", "--enable-debug-command", "yes");
             BlockingClient v = node.raw(); BlockingClient r = redis.raw()) {
            try {
                run(node, v, r);
                assertEquals(r.call("DEBUG", "DIGEST").asString(), v.call("DEBUG", "DIGEST").asString(),
                        "seed " + SEED + ": DEBUG DIGEST after the whole stream");
            } finally {
                try (BlockingClient v2 = node.raw(); BlockingClient r2 = redis.raw()) {
                    configure(v2, r2, DEFAULTS); // encoding limits are per JVM: leave them as found
                }
            }
        }
        System.out.printf("AllTypesDifferentialTest: %d commands in %.1fs (reading vigil %.1fs, redis %.1fs, dataset checks %.1fs);"
                        + " encodings %s; %d WRONGTYPE, %d other errors%n", COMMANDS, (System.nanoTime() - start) / 1e9,
                vigilNanos / 1e9, redisNanos / 1e9, checkNanos / 1e9, encodings, wrongType, otherErrors);
        assertTrue(encodings.containsAll(List.of("listpack", "hashtable", "intset", "skiplist", "quicklist")), encodings.toString());
        assertTrue(wrongType > 1000 && otherErrors > 1000, wrongType + " WRONGTYPE, " + otherErrors + " other errors");
    }

    private void run(TestNode node, BlockingClient v, BlockingClient r) throws Exception {
        AllTypesStreamGenerator gen = new AllTypesStreamGenerator(SEED);
        for (BlockingClient c : List.of(v, r)) c.call("SET", "xs", "a string among the lex keys");
        int done = 0;
        List<Cmd> previous = List.of();
        while (done < COMMANDS) {
            if (done % PHASE == 0) configure(v, r, (done / PHASE) % 2 == 0 ? LOW : DEFAULTS);
            int want = Math.min(BATCH, COMMANDS - done);
            List<Cmd> batch = new ArrayList<>(want);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int i = 0; i < want || gen.hasPending(); i++) {
                Cmd c = gen.next();
                batch.add(c);
                out.writeBytes(RespCommand.encode(BlockingClient.toBytes(c.argv())));
            }
            int n = batch.size();
            v.sendRaw(out.toByteArray());
            r.sendRaw(out.toByteArray());
            List<RespValue> rv = new ArrayList<>(n), rr = new ArrayList<>(n);
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) rv.add(readOrExplain(v, "vigil", done, previous, batch, i));
            long t1 = System.nanoTime();
            vigilNanos += t1 - t0;
            for (int i = 0; i < n; i++) rr.add(readOrExplain(r, "redis", done, previous, batch, i));
            redisNanos += System.nanoTime() - t1;
            for (int i = 0; i < n; i++) {
                Cmd c = batch.get(i);
                String a = normalize(rv.get(i), c.cmp()), b = normalize(rr.get(i), c.cmp());
                if (c.argv()[0].startsWith("SORT") && sortOverUnwiredList(rv.get(i), rr.get(i))) continue;
                if (!a.equals(b)) {
                    fail("seed " + SEED + ", command #" + (done + i) + ": " + c.show() + "\n  vigil: " + a + "\n  redis: " + b
                            + "\n  (reproduce: -Dvigil.fuzz.seed=" + SEED + ")" + keysAfter(v, r, c) + before(previous, batch, i));
                }
                tally(c, rr.get(i));
            }
            done += n;
            previous = batch;
            long t2 = System.nanoTime();
            if (done % CHECK_EVERY < n || done >= COMMANDS) checkpoint(node, v, r, done, batch, done % CONTENT_EVERY < n);
            checkNanos += System.nanoTime() - t2;
        }
    }

    private static RespValue readOrExplain(BlockingClient c, String who, int done, List<Cmd> previous, List<Cmd> batch, int i) throws Exception {
        try {
            return c.read();
        } catch (java.io.IOException e) {
            throw new AssertionError("seed " + SEED + ", command #" + (done + i) + ": no reply from " + who + " to "
                    + batch.get(i).show() + before(previous, batch, i) + "\n  and the rest of its batch (replies flush per batch):"
                    + String.join("\n    ", batch.subList(i, batch.size()).stream().map(Cmd::show).toList()), e);
        }
    }

    /** Vigil's SORT cannot read lists until SortHooks are wired: its WRONGTYPE where Redis sorted a list is tolerated. */
    private static boolean sortOverUnwiredList(RespValue vigil, RespValue redis) {
        return !AllTypesStreamArgs.SORT_HOOKS_WIRED && vigil instanceof RespValue.Error e && e.message().startsWith("WRONGTYPE")
                && !(redis instanceof RespValue.Error r && r.message().startsWith("WRONGTYPE"));
    }

    private void tally(Cmd c, RespValue reply) {
        if (reply instanceof RespValue.Error e) {
            if (e.message().startsWith("WRONGTYPE")) wrongType++;
            else otherErrors++;
        } else if (c.argv()[0].equals("OBJECT") && reply instanceof RespValue.Bulk b) {
            encodings.add(new String(b.bytes()));
        }
    }

    static void configure(BlockingClient v, BlockingClient r, String[][] params) throws Exception {
        for (String[] p : params) {
            String a = Differential.render(v.call("CONFIG", "SET", p[0], p[1]));
            String b = Differential.render(r.call("CONFIG", "SET", p[0], p[1]));
            if (!a.equals("+OK") || !b.equals("+OK")) fail("CONFIG SET " + p[0] + " " + p[1] + ": vigil " + a + ", redis " + b);
        }
    }

    /**
     * Proves the datasets are still identical although every reply was: each key's type and
     * encoding (Redis's TYPE and OBJECT ENCODING against the value stored in Vigil, read on its
     * loop) and size, and with {@code full} each key's whole content, compared through commands.
     * A difference names the key, the batch and the batch's commands on that key.
     */
    private void checkpoint(TestNode node, BlockingClient v, BlockingClient r, int done, List<Cmd> batch, boolean full) throws Exception {
        boolean last = done == COMMANDS;
        for (String k : AllTypesStreamArgs.ALL_KEYS) {
            Object value = node.node.onLoop(() -> node.node.server().keyspace.db(0).get(k.getBytes()));
            String vt = value == null ? "none" : CollectionValue.typeOf(value);
            String ve = value instanceof CollectionValue c ? c.encoding() : value == null ? "none" : "string";
            String rt = r.call("TYPE", k).asString();
            RespValue enc = r.call("OBJECT", "ENCODING", k);
            String re = rt.equals("string") ? "string" : enc instanceof RespValue.Bulk b ? new String(b.bytes()) : "none";
            String a = vt + "/" + ve, b = rt + "/" + re;
            if (value instanceof CollectionValue c) encodings.add(c.encoding());
            if (!a.equals(b)) fail(divergence(k, "type/encoding", a, b, done, batch));
            String sizeCmd = switch (rt) {
                case "list" -> "LLEN";
                case "hash" -> "HLEN";
                case "set" -> "SCARD";
                case "zset" -> "ZCARD";
                default -> "STRLEN";
            };
            a = Differential.render(v.call(sizeCmd, k));
            b = Differential.render(r.call(sizeCmd, k));
            if (!a.equals(b)) fail(divergence(k, sizeCmd, a, b, done, batch));
            if (full || last) {
                a = content(v, rt, k);
                b = content(r, rt, k);
                if (!a.equals(b)) fail(divergence(k, "content", a, b, done, batch));
            }
        }
    }

    /** The five commands before the failing one. */
    private static String before(List<Cmd> previous, List<Cmd> batch, int i) {
        List<Cmd> all = new ArrayList<>(previous);
        all.addAll(batch.subList(0, i));
        StringBuilder sb = new StringBuilder("\n  the commands before it:");
        for (Cmd c : all.subList(Math.max(0, all.size() - 5), all.size())) sb.append("\n    ").append(c.show());
        return sb.toString();
    }

    /** The contents of the command's keys after the batch, to help read a mismatch. */
    private static String keysAfter(BlockingClient v, BlockingClient r, Cmd cmd) {
        StringBuilder sb = new StringBuilder("\n  keys after the batch:");
        try {
            for (String k : new TreeSet<>(List.of(cmd.argv()))) {
                if (!AllTypesStreamArgs.ALL_KEYS.contains(k)) continue;
                String type = r.call("TYPE", k).asString();
                String a = content(v, type, k), b = content(r, type, k);
                sb.append("\n  ").append(k).append(a.equals(b) ? " (same): " + b : "\n    vigil: " + a + "\n    redis: " + b);
            }
        } catch (Exception e) {
            sb.append(" (unavailable: ").append(e).append(')');
        }
        return sb.toString();
    }

    private static String divergence(String k, String what, String a, String b, int done, List<Cmd> batch) {
        StringBuilder sb = new StringBuilder("seed " + SEED + ": datasets differ (replies all equal) after command #" + (done - 1)
                + ": " + what + " of " + k + "\n  vigil: " + a + "\n  redis: " + b + "\n  last batch's commands on " + k + ":\n");
        for (Cmd c : batch) if (List.of(c.argv()).contains(k)) sb.append("    ").append(c.show()).append('\n');
        return sb.toString();
    }

    /** A key's type and full content, in an order-independent form where the type has no order. */
    static String content(BlockingClient c, String type, String k) throws Exception {
        RespValue v = switch (type) {
            case "list" -> c.call("LRANGE", k, "0", "-1");
            case "hash" -> c.call("HGETALL", k);
            case "set" -> c.call("SMEMBERS", k);
            case "zset" -> c.call("ZRANGE", k, "0", "-1", "WITHSCORES");
            case "string" -> c.call("GET", k);
            default -> null;
        };
        AllTypesStreamArgs.Cmp cmp = switch (type) {
            case "hash" -> AllTypesStreamArgs.Cmp.PAIRS;
            case "set" -> AllTypesStreamArgs.Cmp.UNORDERED;
            default -> AllTypesStreamArgs.Cmp.EXACT;
        };
        return type + " " + (v == null ? "" : normalize(v, cmp));
    }

    /**
     * The compared form of a reply. Errors, integers and nils are always exact. UNORDERED sorts
     * the elements, PAIRS sorts field/value (member/score) pairs, SCAN and SCAN_PAIRS keep the
     * cursor and sort the batch, SIZE keeps types and lengths but not contents (random members),
     * TTL keeps the sign (remaining time depends on when each server ran the command).
     */
    static String normalize(RespValue v, AllTypesStreamArgs.Cmp cmp) {
        if (v instanceof RespValue.Error || v instanceof RespValue.Null) return Differential.render(v);
        return switch (cmp) {
            case EXACT, SORT -> Differential.render(v);
            case UNORDERED -> sorted(v, 1);
            case PAIRS -> sorted(v, 2);
            case SCAN, SCAN_PAIRS -> {
                if (!(v instanceof RespValue.Aggregate a) || a.items().size() != 2) yield Differential.render(v);
                yield "scan " + Differential.render(a.items().get(0)) + " " + sorted(a.items().get(1), cmp == AllTypesStreamArgs.Cmp.SCAN ? 1 : 2);
            }
            case SIZE -> {
                if (v instanceof RespValue.Bulk) yield "$?";
                if (v instanceof RespValue.Aggregate a) yield String.valueOf(a.kind()) + "#" + a.items().size();
                yield Differential.render(v);
            }
            case TTL -> v instanceof RespValue.Int i && i.value() > 0 ? ":positive" : Differential.render(v);
        };
    }

    private static String sorted(RespValue v, int group) {
        if (!(v instanceof RespValue.Aggregate a)) return Differential.render(v);
        List<String> parts = new ArrayList<>();
        List<RespValue> items = a.items();
        for (int i = 0; i < items.size(); i += group) {
            StringBuilder sb = new StringBuilder();
            for (int j = i; j < Math.min(items.size(), i + group); j++) sb.append(Differential.render(items.get(j))).append(' ');
            parts.add(sb.toString());
        }
        parts.sort(null);
        return String.valueOf(a.kind()) + parts;
    }
}
