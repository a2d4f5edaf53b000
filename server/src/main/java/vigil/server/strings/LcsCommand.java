package vigil.server.strings;

import vigil.server.node.VigilServer;
import vigil.server.node.Client;
import vigil.resp.server.command.CommandTable;
import vigil.resp.server.command.Replies;
import vigil.server.keyspace.Dict;
import vigil.util.Bytes;

/**
 * LCS key1 key2 [LEN] [IDX] [MINMATCHLEN n] [WITHMATCHLEN]: the longest common subsequence
 * by Redis's dynamic-programming table, walked back the same way so ranges come out in the
 * same order as Redis 7.0 emits them.
 */
final class LcsCommand {
    private LcsCommand() {
    }

    static void register(CommandTable<Client> t, VigilServer server) {
        t.add("lcs", -3, "readonly", 1, 2, 1, "string", (c, argv) -> lcs(server, c, argv));
    }

    static void lcs(VigilServer server, Client c, byte[][] argv) {
        Dict.Node na = c.db.lookupRead(argv[1]);
        Dict.Node nb = c.db.lookupRead(argv[2]);
        if ((na != null && !(na.value instanceof byte[])) || (nb != null && !(nb.value instanceof byte[]))) {
            c.out.error("ERR The specified keys must contain string values");
            return;
        }
        byte[] a = na == null ? RangeCommands.EMPTY : (byte[]) na.value;
        byte[] b = nb == null ? RangeCommands.EMPTY : (byte[]) nb.value;
        boolean getIdx = false, getLen = false, withMatchLen = false;
        long minMatchLen = 0;
        for (int j = 3; j < argv.length; j++) {
            byte[] o = argv[j];
            boolean more = j < argv.length - 1;
            if (StringArgs.opt(o, "idx")) getIdx = true;
            else if (StringArgs.opt(o, "len")) getLen = true;
            else if (StringArgs.opt(o, "withmatchlen")) withMatchLen = true;
            else if (StringArgs.opt(o, "minmatchlen") && more) {
                Long v = Bytes.parseLong(argv[j + 1]);
                if (v == null) {
                    c.out.error(Replies.NOT_INTEGER);
                    return;
                }
                minMatchLen = Math.max(0, v);
                j++;
            } else {
                c.out.error(Replies.SYNTAX);
                return;
            }
        }
        if (getIdx && getLen) {
            c.out.error("ERR If you want both the length and indexes, please just use IDX.");
            return;
        }
        int alen = a.length, blen = b.length;
        long cells = (long) (alen + 1) * (blen + 1);
        if (cells * 4 > server.config.protoMaxBulkLen) {
            c.out.error("ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len");
            return;
        }
        if (cells > Integer.MAX_VALUE - 16) {
            c.out.error("ERR Insufficient memory, failed allocating transient memory for LCS");
            return;
        }
        int w = blen + 1;
        int[] t = new int[(int) cells];
        for (int i = 1; i <= alen; i++) {
            for (int j = 1; j <= blen; j++) {
                if (a[i - 1] == b[j - 1]) t[i * w + j] = t[(i - 1) * w + j - 1] + 1;
                else t[i * w + j] = Math.max(t[(i - 1) * w + j], t[i * w + j - 1]);
            }
        }
        int total = t[alen * w + blen];
        boolean compute = getIdx || !getLen;
        byte[] result = compute ? new byte[total] : null;
        // Ranges are buffered so the array length can be written first.
        long[] ranges = getIdx ? new long[Math.max(4, total * 5)] : null;
        int count = 0;
        int idx = total;
        int aStart = alen, aEnd = 0, bStart = 0, bEnd = 0;
        int i = alen, j = blen;
        while (compute && i > 0 && j > 0) {
            boolean emit = false;
            if (a[i - 1] == b[j - 1]) {
                result[idx - 1] = a[i - 1];
                if (aStart == alen) {
                    aStart = i - 1;
                    aEnd = i - 1;
                    bStart = j - 1;
                    bEnd = j - 1;
                } else if (aStart == i && bStart == j) {
                    aStart--;
                    bStart--;
                } else {
                    emit = true;
                }
                if (aStart == 0 || bStart == 0) emit = true;
                idx--;
                i--;
                j--;
            } else {
                int l1 = t[(i - 1) * w + j], l2 = t[i * w + j - 1];
                if (l1 > l2) i--;
                else j--;
                if (aStart != alen) emit = true;
            }
            long matchLen = (long) aEnd - aStart + 1;
            if (emit) {
                if ((minMatchLen == 0 || matchLen >= minMatchLen) && ranges != null) {
                    ranges[count * 5] = aStart;
                    ranges[count * 5 + 1] = aEnd;
                    ranges[count * 5 + 2] = bStart;
                    ranges[count * 5 + 3] = bEnd;
                    ranges[count * 5 + 4] = matchLen;
                    count++;
                }
                aStart = alen;
            }
        }
        if (getIdx) {
            c.out.map(2);
            c.out.bulk(MATCHES);
            c.out.array(count);
            for (int k = 0; k < count; k++) {
                c.out.array(withMatchLen ? 3 : 2);
                c.out.array(2);
                c.out.integer(ranges[k * 5]);
                c.out.integer(ranges[k * 5 + 1]);
                c.out.array(2);
                c.out.integer(ranges[k * 5 + 2]);
                c.out.integer(ranges[k * 5 + 3]);
                if (withMatchLen) c.out.integer(ranges[k * 5 + 4]);
            }
            c.out.bulk(LEN);
            c.out.integer(total);
        } else if (getLen) {
            c.out.integer(total);
        } else {
            c.out.bulk(result);
        }
    }

    private static final byte[] MATCHES = Bytes.of("matches");
    private static final byte[] LEN = Bytes.of("len");
}
