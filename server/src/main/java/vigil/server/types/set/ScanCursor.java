package vigil.server.types.set;

import vigil.server.client.Client;
import vigil.resp.server.command.Replies;
import vigil.util.Bytes;

import java.util.ArrayList;
import java.util.List;

/**
 * SSCAN/ZSCAN (and HSCAN's) shared parts, as Redis 7.0's scanGenericCommand: the cursor is
 * parsed like strtoul ("+1" and "-1" are accepted), then MATCH and COUNT options. Writes the
 * error and returns null on bad input.
 */
public final class ScanCursor {
    public final long cursor;
    public final byte[] pattern;
    public final long count;

    private ScanCursor(long cursor, byte[] pattern, long count) {
        this.cursor = cursor;
        this.pattern = pattern;
        this.count = count;
    }

    /** Parses argv[2] as Redis's parseScanCursorOrReply does; null after writing "invalid cursor". */
    public static Long cursor(Client c, byte[] arg) {
        Long v = parseUnsigned(arg);
        if (v == null) c.out.error("ERR invalid cursor");
        return v;
    }

    static Long parseUnsigned(byte[] b) {
        int i = 0;
        boolean neg = false;
        if (b.length > 0 && (b[0] == '+' || b[0] == '-')) {
            neg = b[0] == '-';
            i = 1;
        }
        if (i == b.length) return b.length == 0 ? 0L : null;
        long v = 0;
        for (; i < b.length; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) return null;
            if (Long.compareUnsigned(v, Long.divideUnsigned(-1L - d, 10)) > 0) return null;
            v = v * 10 + d;
        }
        return neg ? -v : v;
    }

    /** Parses the options after the cursor (argv[3..]). */
    public static ScanCursor options(Client c, byte[][] argv, long cursor) {
        byte[] pattern = null;
        long count = 10;
        for (int i = 3; i < argv.length; i++) {
            boolean more = i + 1 < argv.length;
            if (Bytes.is(argv[i], "count") && more) {
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
            } else if (Bytes.is(argv[i], "match") && more) {
                pattern = argv[++i];
                if (pattern.length == 1 && pattern[0] == '*') pattern = null;
            } else {
                c.out.error(Replies.SYNTAX);
                return null;
            }
        }
        return new ScanCursor(cursor, pattern, count);
    }

    public boolean matches(byte[] element) {
        return pattern == null || Bytes.globMatch(pattern, element, false);
    }

    /**
     * Writes the reply: the next cursor, then the collected elements; with {@code pairs}, elements
     * come as (name, value) and the MATCH filter applies to the name.
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
