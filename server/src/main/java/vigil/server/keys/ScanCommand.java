package vigil.server.keys;

import vigil.server.VigilServer;
import vigil.server.client.Client;
import vigil.resp.server.command.CommandTable;
import vigil.resp.server.command.Replies;
import vigil.server.keyspace.Db;
import vigil.server.keyspace.Dict;
import vigil.util.Bytes;

import java.util.ArrayList;
import java.util.List;

/**
 * SCAN cursor [MATCH pattern] [COUNT n] [TYPE type], Redis 7.0's scanGenericCommand over the
 * keyspace dict: collect up to COUNT keys from whole buckets (at most COUNT*10 bucket steps),
 * then filter by pattern, type and expiry (expired keys are deleted on a master, as Redis does).
 * The cursor is Dict's reverse-binary cursor, stable across table resizes.
 */
public final class ScanCommand {
    static final String INVALID_CURSOR = "ERR invalid cursor";

    private ScanCommand() {
    }

    static void register(CommandTable<Client> t, VigilServer server) {
        t.add("scan", -2, "readonly", 0, 0, 0, "keyspace", (c, argv) -> scan(server, c, argv));
    }

    /**
     * parseScanCursorOrReply: strtoul's rules (optional sign, a negative value wraps, overflow is
     * an error), no leading space, nothing after the digits. Returns null after writing the error.
     */
    public static Long parseCursor(Client c, byte[] arg) {
        Long v = parseCursor(arg);
        if (v == null) c.out.error(INVALID_CURSOR);
        return v;
    }

    static Long parseCursor(byte[] b) {
        int n = b.length;
        if (n == 0) return 0L;
        int c0 = b[0];
        if (c0 == ' ' || (c0 >= '\t' && c0 <= '\r')) return null;
        int i = 0;
        boolean neg = false;
        if (b[0] == '+' || b[0] == '-') {
            neg = b[0] == '-';
            i = 1;
        }
        if (i == n) return null;
        long v = 0;
        for (; i < n; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) return null;
            // v * 10 + d must fit in 64 unsigned bits
            if (Long.compareUnsigned(v, Long.divideUnsigned(-1L, 10)) > 0) return null;
            long next = v * 10 + d;
            if (Long.compareUnsigned(next, v * 10) < 0) return null;
            v = next;
        }
        return neg ? -v : v;
    }

    static void scan(VigilServer server, Client c, byte[][] argv) {
        Long cursor = parseCursor(c, argv[1]);
        if (cursor == null) return;
        long count = 10;
        byte[] pattern = null;
        String typeName = null;
        for (int i = 2; i < argv.length; ) {
            int left = argv.length - i;
            if (Bytes.is(argv[i], "count") && left >= 2) {
                Long n = Bytes.parseLong(argv[i + 1]);
                if (n == null) {
                    c.out.error(Replies.NOT_INTEGER);
                    return;
                }
                if (n < 1) {
                    c.out.error(Replies.SYNTAX);
                    return;
                }
                count = n;
                i += 2;
            } else if (Bytes.is(argv[i], "match") && left >= 2) {
                pattern = argv[i + 1];
                if (pattern.length == 1 && pattern[0] == '*') pattern = null;
                i += 2;
            } else if (Bytes.is(argv[i], "type") && left >= 2) {
                typeName = Bytes.str(argv[i + 1]);
                i += 2;
            } else {
                c.out.error(Replies.SYNTAX);
                return;
            }
        }
        server.propagation.noTransaction();
        Db db = c.db;
        List<byte[]> keys = new ArrayList<>();
        long next = cursor;
        long maxIterations = count > Long.MAX_VALUE / 10 ? Long.MAX_VALUE : count * 10;
        do {
            next = db.dict().scan(next, n -> keys.add(n.key));
        } while (next != 0 && maxIterations-- > 0 && keys.size() < count);

        List<byte[]> out = new ArrayList<>(keys.size());
        for (byte[] k : keys) {
            if (pattern != null && !Bytes.globMatch(pattern, k, false)) continue;
            Dict.Node n = db.find(k);
            if (typeName != null && !ValueKinds.typeName(n).equalsIgnoreCase(typeName)) continue;
            if (n == null) continue;
            out.add(k);
        }
        c.out.array(2);
        c.out.bulk(Bytes.fromLong(next));
        c.out.array(out.size());
        for (byte[] k : out) c.out.bulk(k);
    }
}
