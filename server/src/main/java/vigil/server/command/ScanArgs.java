package vigil.server.command;

import vigil.resp.server.command.Replies;
import vigil.server.node.Client;
import vigil.util.Bytes;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.function.LongUnaryOperator;

/**
 * The cursor and options of SCAN, SSCAN, HSCAN and ZSCAN, as Redis 7.0's parseScanCursorOrReply
 * and scanGenericCommand read them: the cursor as strtoul does ("+1" and "-1" are accepted, a
 * negative value wraps, leading spaces, a bare sign and overflow are "ERR invalid cursor"), then
 * MATCH, COUNT (not an integer: the integer error; below 1: "ERR syntax error") and, for SCAN
 * only, TYPE. Errors are written to the client and the parse returns null.
 */
public final class ScanArgs {
    public static final String INVALID_CURSOR = "ERR invalid cursor";

    public final long cursor;
    /** The MATCH pattern; null when absent or "*". */
    public final byte[] pattern;
    public final long count;
    /** The TYPE name (SCAN only); null when absent. */
    public final String type;

    private ScanArgs(long cursor, byte[] pattern, long count, String type) {
        this.cursor = cursor;
        this.pattern = pattern;
        this.count = count;
        this.type = type;
    }

    /** Parses a cursor as parseScanCursorOrReply; null after writing "invalid cursor". */
    public static Long cursor(Client c, byte[] arg) {
        Long v = parseCursor(arg);
        if (v == null) c.out.error(INVALID_CURSOR);
        return v;
    }

    /** strtoul(s, &end, 10) that must consume everything, no leading space, no ERANGE; null otherwise. */
    public static Long parseCursor(byte[] b) {
        if (b.length == 0) return 0L;
        int i = 0;
        boolean neg = false;
        if (b[0] == '+' || b[0] == '-') {
            neg = b[0] == '-';
            i = 1;
        }
        if (i == b.length) return null;
        long v = 0;
        for (; i < b.length; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) return null;
            if (Long.compareUnsigned(v, Long.divideUnsigned(-1L - d, 10)) > 0) return null;
            v = v * 10 + d;
        }
        return neg ? -v : v;
    }

    /**
     * Parses the options from argv[from] on; {@code withType} allows TYPE (SCAN). Null after
     * writing the error.
     */
    public static ScanArgs options(Client c, byte[][] argv, int from, long cursor, boolean withType) {
        byte[] pattern = null;
        long count = 10;
        String type = null;
        for (int i = from; i < argv.length; i++) {
            boolean more = i + 1 < argv.length;
            if (more && Bytes.is(argv[i], "count")) {
                Long v = Bytes.parseLong(argv[++i]);
                if (v == null) {
                    c.out.error(Replies.NOT_INTEGER);
                    return null;
                }
                if (v < 1) {
                    c.out.error(Replies.SYNTAX);
                    return null;
                }
                count = v;
            } else if (more && Bytes.is(argv[i], "match")) {
                pattern = argv[++i];
                if (pattern.length == 1 && pattern[0] == '*') pattern = null;
            } else if (more && withType && Bytes.is(argv[i], "type")) {
                type = Bytes.str(argv[++i]);
            } else {
                c.out.error(Replies.SYNTAX);
                return null;
            }
        }
        return new ScanArgs(cursor, pattern, count, type);
    }

    public boolean matches(byte[] element) {
        return pattern == null || Bytes.globMatch(pattern, element, false);
    }

    /**
     * Redis's scan loop: steps the table from the cursor until it wraps to 0, COUNT*10 steps are
     * spent (C's wrapping arithmetic and "while (maxiterations--)" kept) or {@code found} reaches
     * COUNT. Returns the next cursor.
     */
    public long scan(LongUnaryOperator step, IntSupplier found) {
        long next = cursor;
        long maxIterations = count * 10;
        do {
            next = step.applyAsLong(next);
        } while (next != 0 && maxIterations-- != 0 && found.getAsInt() < count);
        return next;
    }

    /** The reply for a missing key: cursor 0, no elements. */
    public static void empty(Client c) {
        c.out.array(2);
        c.out.bulk(new byte[]{'0'});
        c.out.array(0);
    }

    /**
     * Writes the reply: the next cursor, then the collected elements that MATCH; with
     * {@code pairs}, elements come as (name, value) and the filter applies to the name.
     */
    public void reply(Client c, long next, List<byte[]> items, boolean pairs) {
        List<byte[]> kept = items;
        if (pattern != null) {
            kept = new ArrayList<>(items.size());
            int step = pairs ? 2 : 1;
            for (int i = 0; i < items.size(); i += step) {
                if (!matches(items.get(i))) continue;
                kept.add(items.get(i));
                if (pairs) kept.add(items.get(i + 1));
            }
        }
        c.out.array(2);
        c.out.bulk(Bytes.of(Long.toUnsignedString(next)));
        c.out.array(kept.size());
        for (byte[] b : kept) c.out.bulk(b);
    }
}
