package vigil.server.types.list;

import vigil.server.node.VigilServer;
import vigil.server.node.Client;
import vigil.resp.server.command.CommandTable;
import vigil.resp.server.command.Replies;
import vigil.util.Bytes;

import static vigil.server.types.list.Lists.guard;

/**
 * The list commands (Redis 7.0 t_list.c): pushes, pops, reads and LSET here; the editing
 * commands are in {@link ListEditCommands}, moves and blocking pops in {@link ListMoveCommands}.
 */
public final class ListCommands {
    private final VigilServer server;

    private ListCommands(VigilServer server) {
        this.server = server;
    }

    public static void register(CommandTable<Client> t, VigilServer server) {
        ListCommands l = new ListCommands(server);
        wireSort();
        t.add("lpush", -3, "write denyoom fast", 1, 1, 1, "list", guard((c, a) -> l.push(c, a, true, false)));
        t.add("rpush", -3, "write denyoom fast", 1, 1, 1, "list", guard((c, a) -> l.push(c, a, false, false)));
        t.add("lpushx", -3, "write denyoom fast", 1, 1, 1, "list", guard((c, a) -> l.push(c, a, true, true)));
        t.add("rpushx", -3, "write denyoom fast", 1, 1, 1, "list", guard((c, a) -> l.push(c, a, false, true)));
        t.add("lpop", -2, "write fast", 1, 1, 1, "list", guard((c, a) -> l.pop(c, a, true)));
        t.add("rpop", -2, "write fast", 1, 1, 1, "list", guard((c, a) -> l.pop(c, a, false)));
        t.add("llen", 2, "readonly fast", 1, 1, 1, "list", guard(l::llen));
        t.add("lindex", 3, "readonly", 1, 1, 1, "list", guard(l::lindex));
        t.add("lrange", 4, "readonly", 1, 1, 1, "list", guard(l::lrange));
        t.add("lset", 4, "write denyoom", 1, 1, 1, "list", guard(l::lset));
        ListEditCommands.register(t, server);
        ListMoveCommands.register(t, server);
    }

    private void push(Client c, byte[][] argv, boolean head, boolean onlyExisting) {
        ListValue l = Lists.get(c.db, argv[1], true);
        if (l == null) {
            if (onlyExisting) {
                c.out.integer(0);
                return;
            }
            l = new ListValue();
            for (int i = 2; i < argv.length; i++) l.push(server.encodingLimits, argv[i], head);
            Lists.created(server, c.db, argv[1], l, argv.length - 2);
        } else {
            for (int i = 2; i < argv.length; i++) l.push(server.encodingLimits, argv[i], head);
            Lists.changed(server, c.db, argv[1], l, argv.length - 2);
        }
        c.out.integer(l.size());
    }

    private void pop(Client c, byte[][] argv, boolean head) {
        if (argv.length > 3) {
            c.out.error(Replies.wrongArgs(server.commands.get(head ? "lpop" : "rpop")));
            return;
        }
        long count = -1;
        if (argv.length == 3) {
            Long n = Bytes.parseLong(argv[2]);
            if (n == null || n < 0) {
                c.out.error("ERR value is out of range, must be positive");
                return;
            }
            count = n;
        }
        ListValue l = Lists.get(c.db, argv[1], true);
        if (l == null) {
            if (count >= 0) c.out.nullArray();
            else c.out.nullBulk();
            return;
        }
        if (count == 0) {
            c.out.array(0);
            return;
        }
        if (count < 0) {
            c.out.bulk(l.pop(head));
            Lists.changed(server, c.db, argv[1], l, 1);
            return;
        }
        long n = Math.min(count, l.size());
        Lists.popRangeReply(c, l, n, head);
        server.dispatcher.rewrite(new byte[][]{head ? Lists.LPOP : Lists.RPOP, argv[1], Bytes.fromLong(n)});
        Lists.changed(server, c.db, argv[1], l, 1);
    }

    private void llen(Client c, byte[][] argv) {
        ListValue l = Lists.get(c.db, argv[1], false);
        c.out.integer(l == null ? 0 : l.size());
    }

    private void lindex(Client c, byte[][] argv) {
        ListValue l = Lists.get(c.db, argv[1], false);
        if (l == null) {
            c.out.nullBulk();
            return;
        }
        Long idx = Bytes.parseLong(argv[2]);
        if (idx == null) {
            c.out.error(Replies.NOT_INTEGER);
            return;
        }
        long i = idx < 0 ? l.size() + idx : idx;
        if (i < 0 || i >= l.size()) c.out.nullBulk();
        else c.out.bulk(l.get((int) i));
    }

    private void lrange(Client c, byte[][] argv) {
        Long s = Bytes.parseLong(argv[2]), e = Bytes.parseLong(argv[3]);
        if (s == null || e == null) {
            c.out.error(Replies.NOT_INTEGER);
            return;
        }
        ListValue l = Lists.get(c.db, argv[1], false);
        if (l == null) {
            c.out.array(0);
            return;
        }
        long len = l.size(), start = s, end = e;
        if (start < 0) start = len + start;
        if (end < 0) end = len + end;
        if (start < 0) start = 0;
        if (start > end || start >= len) {
            c.out.array(0);
            return;
        }
        if (end >= len) end = len - 1;
        int last = (int) end;
        c.out.array((int) (end - start + 1));
        l.visitForward((int) start, (i, buf, off, n) -> {
            c.out.bulk(buf, off, n);
            return i < last;
        });
    }

    private void lset(Client c, byte[][] argv) {
        ListValue l = Lists.get(c.db, argv[1], true);
        if (l == null) {
            c.out.error(Replies.NO_SUCH_KEY);
            return;
        }
        Long idx = Bytes.parseLong(argv[2]);
        if (idx == null) {
            c.out.error(Replies.NOT_INTEGER);
            return;
        }
        long i = idx < 0 ? l.size() + idx : idx;
        if (i < 0 || i >= l.size()) {
            c.out.error(Replies.OUT_OF_RANGE);
            return;
        }
        l.set(server.encodingLimits, (int) i, argv[3]);
        Lists.changed(server, c.db, argv[1], l, 1);
        c.out.ok();
    }

    /** SORT reads lists (head to tail) and SORT ... STORE writes one. */
    private static void wireSort() {
        vigil.server.types.sort.SortHooks.listElements = v -> {
            if (!(v instanceof ListValue l)) return null;
            java.util.List<byte[]> out = new java.util.ArrayList<>(l.size());
            l.visitForward(0, (i, b, off, len) -> out.add(java.util.Arrays.copyOfRange(b, off, off + len)));
            return out;
        };
        vigil.server.types.sort.SortHooks.newList = (limits, elems) -> {
            ListValue l = new ListValue();
            for (byte[] e : elems) l.push(limits, e, false);
            return l;
        };
    }
}
