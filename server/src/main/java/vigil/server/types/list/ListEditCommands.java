package vigil.server.types.list;

import vigil.server.node.VigilServer;
import vigil.server.node.Client;
import vigil.resp.server.command.CommandTable;
import vigil.resp.server.command.Replies;
import vigil.util.Bytes;

import java.util.Arrays;

import static vigil.server.types.list.Lists.guard;

/** LREM, LTRIM, LINSERT and LPOS, with Redis 7.0's argument order and edge cases. */
final class ListEditCommands {
    private final VigilServer server;

    private ListEditCommands(VigilServer server) {
        this.server = server;
    }

    static void register(CommandTable<Client> t, VigilServer server) {
        ListEditCommands l = new ListEditCommands(server);
        t.add("lrem", 4, "write", 1, 1, 1, "list", guard(l::lrem));
        t.add("ltrim", 4, "write", 1, 1, 1, "list", guard(l::ltrim));
        t.add("linsert", 5, "write denyoom", 1, 1, 1, "list", guard(l::linsert));
        t.add("lpos", -3, "readonly", 1, 1, 1, "list", guard(l::lpos));
    }

    private void lrem(Client c, byte[][] argv) {
        Long count = Bytes.parseLong(argv[2]);
        if (count == null) {
            c.out.error(Replies.NOT_INTEGER);
            return;
        }
        ListValue l = Lists.get(c.db, argv[1], true);
        if (l == null) {
            c.out.integer(0);
            return;
        }
        int removed = l.removeMatching(argv[3], count);
        if (removed > 0) Lists.changed(server, c.db, argv[1], l, removed);
        c.out.integer(removed);
    }

    private void ltrim(Client c, byte[][] argv) {
        Long s = Bytes.parseLong(argv[2]), e = Bytes.parseLong(argv[3]);
        if (s == null || e == null) {
            c.out.error(Replies.NOT_INTEGER);
            return;
        }
        ListValue l = Lists.get(c.db, argv[1], true);
        if (l == null) {
            c.out.ok();
            return;
        }
        long len = l.size(), start = s, end = e;
        if (start < 0) start = len + start;
        if (end < 0) end = len + end;
        if (start < 0) start = 0;
        long removed;
        if (start > end || start >= len) {
            removed = len;
            while (l.size() > 0) l.pop(true);
        } else {
            if (end >= len) end = len - 1;
            removed = len - (end - start + 1);
            if (removed > 0) l.retain((int) start, (int) end);
        }
        Lists.changed(server, c.db, argv[1], l, removed);
        c.out.ok();
    }

    private void linsert(Client c, byte[][] argv) {
        boolean after;
        if (Bytes.is(argv[2], "after")) after = true;
        else if (Bytes.is(argv[2], "before")) after = false;
        else {
            c.out.error(Replies.SYNTAX);
            return;
        }
        ListValue l = Lists.get(c.db, argv[1], true);
        if (l == null) {
            c.out.integer(0);
            return;
        }
        byte[] pivot = argv[3];
        int[] found = {-1};
        l.visitForward(0, (i, buf, off, n) -> {
            if (n == pivot.length && Arrays.equals(buf, off, off + n, pivot, 0, n)) {
                found[0] = i;
                return false;
            }
            return true;
        });
        if (found[0] < 0) {
            c.out.integer(-1);
            return;
        }
        l.insert(server.encodingLimits, after ? found[0] + 1 : found[0], argv[4]);
        Lists.changed(server, c.db, argv[1], l, 1);
        c.out.integer(l.size());
    }

    private void lpos(Client c, byte[][] argv) {
        long rank = 1, count = -1, maxlen = 0;
        for (int j = 3; j < argv.length; j++) {
            boolean more = j + 1 < argv.length;
            if (more && Bytes.is(argv[j], "rank")) {
                Long r = Bytes.parseLong(argv[++j]);
                if (r == null) {
                    c.out.error(Replies.NOT_INTEGER);
                    return;
                }
                if (r == 0) {
                    c.out.error("ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list");
                    return;
                }
                rank = r;
            } else if (more && Bytes.is(argv[j], "count")) {
                Long n = Bytes.parseLong(argv[++j]);
                if (n == null || n < 0) {
                    c.out.error("ERR COUNT can't be negative");
                    return;
                }
                count = n;
            } else if (more && Bytes.is(argv[j], "maxlen")) {
                Long n = Bytes.parseLong(argv[++j]);
                if (n == null || n < 0) {
                    c.out.error("ERR MAXLEN can't be negative");
                    return;
                }
                maxlen = n;
            } else {
                c.out.error(Replies.SYNTAX);
                return;
            }
        }
        boolean fromTail = rank < 0;
        if (fromTail) rank = -rank;   // Long.MIN_VALUE stays negative, as in Redis: every match qualifies
        ListValue l = Lists.get(c.db, argv[1], false);
        if (l == null) {
            if (count != -1) c.out.array(0);
            else c.out.nullBulk();
            return;
        }
        byte[] ele = argv[2];
        int len = l.size();
        long fr = rank, fc = count, fm = maxlen;
        long[] matches = {0};
        java.util.List<Long> hits = new java.util.ArrayList<>();
        ListValue.Visitor v = (i, buf, off, n) -> {
            long index = fromTail ? len - 1 - i : i;
            if (fm != 0 && index >= fm) return false;
            if (n == ele.length && Arrays.equals(buf, off, off + n, ele, 0, n)) {
                matches[0]++;
                if (matches[0] >= fr) {
                    hits.add((long) i);
                    if (fc == -1) return false;
                    if (fc != 0 && matches[0] - fr + 1 >= fc) return false;
                }
            }
            return true;
        };
        if (fromTail) l.visitBackward(len - 1, v);
        else l.visitForward(0, v);
        if (count == -1) {
            if (hits.isEmpty()) c.out.nullBulk();
            else c.out.integer(hits.get(0));
        } else {
            c.out.array(hits.size());
            for (long h : hits) c.out.integer(h);
        }
    }
}
