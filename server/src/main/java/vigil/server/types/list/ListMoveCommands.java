package vigil.server.types.list;

import vigil.server.node.VigilServer;
import vigil.server.node.BlockingManager;
import vigil.server.client.Timeouts;
import vigil.server.node.Client;
import vigil.resp.server.command.CommandTable;
import vigil.resp.server.command.Replies;
import vigil.server.keyspace.Db;
import vigil.util.Bytes;

import static vigil.server.types.list.Lists.guard;

/**
 * LMOVE, RPOPLPUSH, LMPOP and the blocking pops (BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BLMPOP).
 * A blocking pop that finds data acts as its non-blocking form and propagates as one; when it
 * must wait it registers a {@link BlockingManager.Waiter} that serves it from the ready key
 * exactly as Redis 7.0's serveClientsBlockedOnListKey does (and propagates LPOP/RPOP [count],
 * LMOVE or RPOPLPUSH).
 */
final class ListMoveCommands {
    private final VigilServer server;
    private final BlockingManager blocking;

    private ListMoveCommands(VigilServer server) {
        this.server = server;
        this.blocking = server.blocking;
    }

    static void register(CommandTable<Client> t, VigilServer server) {
        ListMoveCommands m = new ListMoveCommands(server);
        t.add("lmove", 5, "write denyoom", 1, 2, 1, "list", guard(m::lmove));
        t.add("rpoplpush", 3, "write denyoom", 1, 2, 1, "list", guard(m::rpoplpush));
        t.add("lmpop", -4, "write movable_keys", 0, 0, 0, "list", guard((c, a) -> m.mpopParsed(c, a, 1, -1)));
        t.add("blpop", -3, "write noscript blocking", 1, -2, 1, "list", guard((c, a) -> m.bpop(c, a, true)));
        t.add("brpop", -3, "write noscript blocking", 1, -2, 1, "list", guard((c, a) -> m.bpop(c, a, false)));
        t.add("brpoplpush", 4, "write denyoom noscript blocking", 1, 2, 1, "list", guard(m::brpoplpush));
        t.add("blmove", 6, "write denyoom noscript blocking", 1, 2, 1, "list", guard(m::blmove));
        t.add("blmpop", -5, "write blocking movable_keys", 0, 0, 0, "list", guard(m::blmpop));
    }

    // ---- LMOVE family ----

    private void lmove(Client c, byte[][] argv) {
        Boolean from = Lists.position(argv[3]), to = Lists.position(argv[4]);
        if (from == null || to == null) {
            c.out.error(Replies.SYNTAX);
            return;
        }
        move(c, argv[1], argv[2], from, to, null);
    }

    private void rpoplpush(Client c, byte[][] argv) {
        move(c, argv[1], argv[2], false, true, null);
    }

    private void blmove(Client c, byte[][] argv) {
        Boolean from = Lists.position(argv[3]), to = Lists.position(argv[4]);
        if (from == null || to == null) {
            c.out.error(Replies.SYNTAX);
            return;
        }
        bmove(c, argv, from, to, argv[5], false);
    }

    private void brpoplpush(Client c, byte[][] argv) {
        bmove(c, argv, false, true, argv[3], true);
    }

    private void bmove(Client c, byte[][] argv, boolean from, boolean to, byte[] timeout, boolean rpoplpush) {
        long deadline = Timeouts.deadline(c, timeout, server.now());
        if (deadline < 0) return;
        byte[] src = argv[1], dst = argv[2];
        ListValue l = Lists.get(c.db, src, true);
        if (l != null) {
            byte[][] prop = rpoplpush ? new byte[][]{Lists.RPOPLPUSH, src, dst}
                    : new byte[][]{Lists.LMOVE, src, dst, argv[3], argv[4]};
            move(c, src, dst, from, to, prop);
            return;
        }
        if (!blocking.mayBlock(c)) {
            c.out.nullBulk();
            return;
        }
        blocking.block(c, new byte[][]{src}, deadline, new BlockingManager.Waiter() {
            @Override
            public boolean serve(Client bc, Db db, byte[] key) {
                ListValue sl = servable(db, key);
                if (sl == null) return false;
                ListValue dl;
                try {
                    dl = Lists.get(db, dst, true);
                } catch (vigil.server.command.TypedLookup.WrongType e) {
                    bc.out.error(Replies.WRONGTYPE);
                    return true;
                }
                doMove(bc, db, key, dst, sl, dl, from, to);
                server.propagation.propagate(db.id, rpoplpush ? new byte[][]{Lists.RPOPLPUSH, key, dst}
                        : new byte[][]{Lists.LMOVE, key, dst, from ? Lists.LEFT : Lists.RIGHT, to ? Lists.LEFT : Lists.RIGHT});
                return true;
            }

            @Override
            public void timeout(Client bc) {
                bc.out.nullArray();
            }
        });
    }

    /** LMOVE's body; prop (when not null) is the form to propagate instead of the argv. */
    private void move(Client c, byte[] src, byte[] dst, boolean from, boolean to, byte[][] prop) {
        ListValue sl = Lists.get(c.db, src, true);
        if (sl == null || sl.size() == 0) {
            c.out.nullBulk();
            return;
        }
        ListValue dl = Lists.get(c.db, dst, true);
        doMove(c, c.db, src, dst, sl, dl, from, to);
        if (prop != null) server.dispatcher.rewrite(prop);
    }

    private void doMove(Client c, Db db, byte[] src, byte[] dst, ListValue sl, ListValue dl, boolean from, boolean to) {
        byte[] v = sl.pop(from);
        if (dl == null) {
            dl = new ListValue();
            dl.push(server.encodingLimits, v, to);
            Lists.created(server, db, dst, dl, 0);
        } else {
            dl.push(server.encodingLimits, v, to);
            Lists.changed(server, db, dst, dl, 0);
        }
        c.out.bulk(v);
        if (sl.size() == 0) db.delete(src);
        else server.modified(db, src);
        server.dirty++;
    }

    /** The list at key if it can serve a blocked client now (a non-empty list), else null. */
    private static ListValue servable(Db db, byte[] key) {
        Object v = db.get(key);
        return v instanceof ListValue l && l.size() > 0 ? l : null;
    }

    // ---- BLPOP / BRPOP ----

    private void bpop(Client c, byte[][] argv, boolean head) {
        long deadline = Timeouts.deadline(c, argv[argv.length - 1], server.now());
        if (deadline < 0) return;
        for (int j = 1; j < argv.length - 1; j++) {
            ListValue l = Lists.get(c.db, argv[j], true);
            if (l != null && l.size() > 0) {
                c.out.array(2).bulk(argv[j]).bulk(l.pop(head));
                server.dispatcher.rewrite(new byte[][]{head ? Lists.LPOP : Lists.RPOP, argv[j]});
                Lists.changed(server, c.db, argv[j], l, 1);
                return;
            }
        }
        if (!blocking.mayBlock(c)) {
            c.out.nullArray();
            return;
        }
        byte[][] keys = java.util.Arrays.copyOfRange(argv, 1, argv.length - 1);
        blocking.block(c, keys, deadline, popWaiter(head, -1));
    }

    /** Serves BLPOP/BRPOP (count -1) or BLMPOP (count >= 1) from a ready key. */
    private BlockingManager.Waiter popWaiter(boolean head, long count) {
        return new BlockingManager.Waiter() {
            @Override
            public boolean serve(Client bc, Db db, byte[] key) {
                ListValue l = servable(db, key);
                if (l == null) return false;
                bc.out.array(2).bulk(key);
                if (count < 0) {
                    bc.out.bulk(l.pop(head));
                    server.propagation.propagate(db.id, new byte[][]{head ? Lists.LPOP : Lists.RPOP, key});
                } else {
                    long n = Math.min(count, l.size());
                    Lists.popRangeReply(bc, l, n, head);
                    server.propagation.propagate(db.id, new byte[][]{head ? Lists.LPOP : Lists.RPOP, key, Bytes.fromLong(n)});
                }
                Lists.changed(server, db, key, l, 1);
                return true;
            }

            @Override
            public void timeout(Client bc) {
                bc.out.nullArray();
            }
        };
    }

    // ---- LMPOP / BLMPOP ----

    private void blmpop(Client c, byte[][] argv) {
        long deadline = Timeouts.deadline(c, argv[1], server.now());
        if (deadline < 0) return;
        mpopParsed(c, argv, 2, deadline);
    }

    /** deadline -1: LMPOP (never blocks). */
    private void mpopParsed(Client c, byte[][] argv, int numkeysIdx, long deadline) {
        Long numkeys = Bytes.parseLong(argv[numkeysIdx]);
        if (numkeys == null || numkeys < 1) {
            c.out.error("ERR numkeys should be greater than 0");
            return;
        }
        long whereIdx = numkeysIdx + numkeys + 1;
        if (numkeys >= argv.length || whereIdx >= argv.length) {
            c.out.error(Replies.SYNTAX);
            return;
        }
        Boolean head = Lists.position(argv[(int) whereIdx]);
        if (head == null) {
            c.out.error(Replies.SYNTAX);
            return;
        }
        long count = -1;
        for (int j = (int) whereIdx + 1; j < argv.length; j++) {
            boolean more = j + 1 < argv.length;
            if (count == -1 && more && Bytes.is(argv[j], "count")) {
                Long n = Bytes.parseLong(argv[++j]);
                if (n == null || n < 1) {
                    c.out.error("ERR count should be greater than 0");
                    return;
                }
                count = n;
            } else {
                c.out.error(Replies.SYNTAX);
                return;
            }
        }
        if (count == -1) count = 1;
        byte[][] keys = java.util.Arrays.copyOfRange(argv, numkeysIdx + 1, (int) whereIdx);
        for (byte[] key : keys) {
            ListValue l = Lists.get(c.db, key, true);
            if (l == null || l.size() == 0) continue;
            long n = Math.min(count, l.size());
            c.out.array(2).bulk(key);
            Lists.popRangeReply(c, l, n, head);
            server.dispatcher.rewrite(new byte[][]{head ? Lists.LPOP : Lists.RPOP, key, Bytes.fromLong(n)});
            Lists.changed(server, c.db, key, l, n);
            return;
        }
        if (deadline < 0 || !blocking.mayBlock(c)) {
            c.out.nullArray();
            return;
        }
        blocking.block(c, keys, deadline, popWaiter(head, count));
    }
}
