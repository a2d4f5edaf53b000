package vigil.server.keys;

import vigil.resp.RespWriter;
import vigil.server.node.VigilServer;
import vigil.server.node.Client;
import vigil.resp.server.command.CommandTable;
import vigil.resp.server.command.Replies;
import vigil.server.keyspace.Db;
import vigil.server.keyspace.Dict;
import vigil.util.Bytes;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Generic key commands (DEL, UNLINK, EXISTS, TYPE, KEYS, RANDOMKEY, RENAME, RENAMENX, MOVE, COPY,
 * TOUCH, DBSIZE), following Redis 7.0's db.c: same lookups (so the same lazy expiry), same replies
 * and errors, and {@code server.dirty++} exactly where Redis counts a change. SCAN, OBJECT and
 * the flush/swap commands live in their own classes.
 */
public final class KeyCommands {
    static final String SAME_OBJECT = "ERR source and destination objects are the same";

    private KeyCommands() {
    }

    public static void register(CommandTable<Client> t, VigilServer server) {
        t.add("del", -2, "write", 1, -1, 1, "keyspace", (c, argv) -> del(server, c, argv));
        t.add("unlink", -2, "write fast", 1, -1, 1, "keyspace", (c, argv) -> del(server, c, argv));
        t.add("exists", -2, "readonly fast", 1, -1, 1, "keyspace", KeyCommands::exists);
        t.add("touch", -2, "readonly fast", 1, -1, 1, "keyspace", KeyCommands::touch);
        t.add("type", 2, "readonly fast", 1, 1, 1, "keyspace",
                (c, argv) -> c.out.simple(ValueKinds.typeName(c.db.find(argv[1]))));
        t.add("keys", 2, "readonly", 0, 0, 0, "keyspace", KeyCommands::keys);
        t.add("randomkey", 1, "readonly", 0, 0, 0, "keyspace", (c, argv) -> randomKey(server, c));
        t.add("rename", 3, "write", 1, 2, 1, "keyspace", (c, argv) -> rename(server, c, argv, false));
        t.add("renamenx", 3, "write fast", 1, 2, 1, "keyspace", (c, argv) -> rename(server, c, argv, true));
        t.add("move", 3, "write fast", 1, 1, 1, "keyspace", (c, argv) -> move(server, c, argv));
        t.add("copy", -3, "write denyoom", 1, 2, 1, "keyspace", (c, argv) -> copy(server, c, argv));
        t.add("dbsize", 1, "readonly fast", 0, 0, 0, "server", (c, argv) -> c.out.integer(c.db.size()));
        ScanCommand.register(t, server);
        FlushCommands.register(t, server);
        ObjectCommand.register(t, server);
    }

    /** DEL and UNLINK: the number of live keys removed. */
    static void del(VigilServer server, Client c, byte[][] argv) {
        int n = 0;
        for (int i = 1; i < argv.length; i++) {
            if (c.db.find(argv[i]) == null) continue;   // expireIfNeeded first, as Redis does
            if (c.db.delete(argv[i])) {
                server.dirty++;
                n++;
            }
        }
        c.out.integer(n);
    }

    static void exists(Client c, byte[][] argv) {
        int n = 0;
        for (int i = 1; i < argv.length; i++) if (c.db.find(argv[i]) != null) n++;
        c.out.integer(n);
    }

    static void touch(Client c, byte[][] argv) {
        int n = 0;
        for (int i = 1; i < argv.length; i++) if (c.db.lookupRead(argv[i]) != null) n++;
        c.out.integer(n);
    }

    /** KEYS: logically expired keys are skipped but not deleted (Redis 7.0). */
    static void keys(Client c, byte[][] argv) {
        byte[] pattern = argv[1];
        boolean all = pattern.length == 1 && pattern[0] == '*';
        Db db = c.db;
        int[] count = {0};
        // The elements go to a scratch writer first: the array header needs the count.
        RespWriter body = new RespWriter();
        db.dict().forEach(n -> {
            if ((all || Bytes.globMatch(pattern, n.key, false)) && !db.isExpired(n)) {
                body.bulk(n.key);
                count[0]++;
            }
        });
        c.out.array(count[0]);
        c.out.raw(body.drain());
    }

    /** dbRandomKey: expired keys met on the way are deleted (master) or, on a replica, skipped a while. */
    static void randomKey(VigilServer server, Client c) {
        server.propagation.noTransaction();
        Db db = c.db;
        Dict d = db.dict();
        boolean allVolatile = db.size() == db.volatileCount();
        int maxTries = 100;
        while (true) {
            Dict.Node n = d.random(ThreadLocalRandom.current());
            if (n == null) {
                c.out.nullBulk();
                return;
            }
            if (db.isExpired(n)) {
                if (server.keyspace.isReplica()) {
                    if (allVolatile && maxTries-- == 0) {
                        c.out.bulk(n.key);
                        return;
                    }
                    continue;
                }
                db.deleteExpired(n);
                continue;
            }
            c.out.bulk(n.key);
            return;
        }
    }

    static void rename(VigilServer server, Client c, byte[][] argv, boolean nx) {
        byte[] src = argv[1], dst = argv[2];
        boolean same = Arrays.equals(src, dst);
        Db db = c.db;
        Dict.Node n = db.lookupWrite(src);
        if (n == null) {
            c.out.error(Replies.NO_SUCH_KEY);
            return;
        }
        if (same) {
            if (nx) c.out.integer(0);
            else c.out.ok();
            return;
        }
        if (db.lookupWrite(dst) != null) {
            if (nx) {
                c.out.integer(0);
                return;
            }
            db.delete(dst);
        }
        transfer(n, n.value, db, dst);
        db.delete(src);
        server.dirty++;
        if (nx) c.out.integer(1);
        else c.out.ok();
    }

    /** Adds {@code value} at {@code key} in {@code to}, carrying over from's TTL, access time and encoding. */
    static Dict.Node transfer(Dict.Node from, Object value, Db to, byte[] key) {
        Dict.Node nn = to.add(key, value);
        nn.accessed = from.accessed;
        nn.encoding = from.encoding;
        if (from.expireAt >= 0) to.setExpire(nn, from.expireAt);
        return nn;
    }

    /** A db index argument (getIntFromObjectOrReply + selectDb); null after writing the error. */
    static Db dbArg(VigilServer server, Client c, byte[] arg) {
        Long v = Bytes.parseLong(arg);
        if (v == null) {
            c.out.error(Replies.NOT_INTEGER);
            return null;
        }
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            c.out.error("ERR value is out of range, value must between -2147483648 and 2147483647");
            return null;
        }
        if (v < 0 || v >= server.keyspace.size()) {
            c.out.error(Replies.DB_INDEX);
            return null;
        }
        return server.keyspace.db(v.intValue());
    }

    static void move(VigilServer server, Client c, byte[][] argv) {
        Db src = c.db;
        Db dst = dbArg(server, c, argv[2]);
        if (dst == null) return;
        if (dst == src) {
            c.out.error(SAME_OBJECT);
            return;
        }
        Dict.Node n = src.lookupWrite(argv[1]);
        if (n == null || dst.lookupWrite(argv[1]) != null) {
            c.out.integer(0);
            return;
        }
        transfer(n, n.value, dst, argv[1]);
        src.delete(argv[1]);
        server.dirty++;
        c.out.integer(1);
    }

    static void copy(VigilServer server, Client c, byte[][] argv) {
        Db src = c.db, dst = c.db;
        boolean replace = false;
        for (int j = 3; j < argv.length; j++) {
            boolean more = argv.length - j - 1 >= 1;
            if (Bytes.is(argv[j], "replace")) {
                replace = true;
            } else if (Bytes.is(argv[j], "db") && more) {
                dst = dbArg(server, c, argv[j + 1]);
                if (dst == null) return;
                j++;
            } else {
                c.out.error(Replies.SYNTAX);
                return;
            }
        }
        byte[] key = argv[1], newKey = argv[2];
        if (src == dst && Arrays.equals(key, newKey)) {
            c.out.error(SAME_OBJECT);
            return;
        }
        Dict.Node n = src.lookupRead(key);
        if (n == null) {
            c.out.integer(0);
            return;
        }
        if (dst.lookupWrite(newKey) != null) {
            if (!replace) {
                c.out.integer(0);
                return;
            }
            dst.delete(newKey);
        }
        Dict.Node nn = transfer(n, ValueKinds.of(n.value).copy(n.value), dst, newKey);
        nn.accessed = server.now();
        server.dirty++;
        c.out.integer(1);
    }
}
