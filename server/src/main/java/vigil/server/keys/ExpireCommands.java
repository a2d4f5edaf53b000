package vigil.server.keys;

import vigil.server.node.VigilServer;
import vigil.server.node.Client;
import vigil.resp.server.command.CommandTable;
import vigil.resp.server.command.Replies;
import vigil.server.keyspace.ActiveExpire;
import vigil.server.keyspace.Dict;
import vigil.util.Bytes;

/**
 * EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT (NX | XX | GT | LT), PERSIST, TTL, PTTL, EXPIRETIME,
 * PEXPIRETIME: Redis 7.0's expireGenericCommand and ttlGenericCommand. A TTL that is set is
 * propagated as {@code PEXPIREAT key <abs ms> [options]}; a time already past deletes the key
 * and is propagated as {@code DEL key}. Also installs active expiry on the server's cron.
 */
public final class ExpireCommands {
    static final byte[] PEXPIREAT = Bytes.of("PEXPIREAT");
    static final byte[] DEL = Bytes.of("DEL");
    private static final int NX = 1, XX = 2, GT = 4, LT = 8;

    private ExpireCommands() {
    }

    public static void register(CommandTable<Client> t, VigilServer server) {
        t.add("expire", -3, "write fast", 1, 1, 1, "keyspace", (c, argv) -> expire(server, c, argv, false, true, "expire"));
        t.add("pexpire", -3, "write fast", 1, 1, 1, "keyspace", (c, argv) -> expire(server, c, argv, false, false, "pexpire"));
        t.add("expireat", -3, "write fast", 1, 1, 1, "keyspace", (c, argv) -> expire(server, c, argv, true, true, "expireat"));
        t.add("pexpireat", -3, "write fast", 1, 1, 1, "keyspace", (c, argv) -> expire(server, c, argv, true, false, "pexpireat"));
        t.add("persist", 2, "write fast", 1, 1, 1, "keyspace", (c, argv) -> persist(server, c, argv));
        t.add("ttl", 2, "readonly fast", 1, 1, 1, "keyspace", (c, argv) -> ttl(server, c, argv, false, false));
        t.add("pttl", 2, "readonly fast", 1, 1, 1, "keyspace", (c, argv) -> ttl(server, c, argv, true, false));
        t.add("expiretime", 2, "readonly fast", 1, 1, 1, "keyspace", (c, argv) -> ttl(server, c, argv, false, true));
        t.add("pexpiretime", 2, "readonly fast", 1, 1, 1, "keyspace", (c, argv) -> ttl(server, c, argv, true, true));
    }

    /** parseExtendedExpireArgumentsOrReply; returns -1 after writing the error. */
    static int parseFlags(Client c, byte[][] argv) {
        int flags = 0;
        for (int j = 3; j < argv.length; j++) {
            byte[] o = argv[j];
            if (Bytes.is(o, "nx")) flags |= NX;
            else if (Bytes.is(o, "xx")) flags |= XX;
            else if (Bytes.is(o, "gt")) flags |= GT;
            else if (Bytes.is(o, "lt")) flags |= LT;
            else {
                c.out.error("ERR Unsupported option " + Bytes.str(o));
                return -1;
            }
        }
        if ((flags & NX) != 0 && (flags & (XX | GT | LT)) != 0) {
            c.out.error("ERR NX and XX, GT or LT options at the same time are not compatible");
            return -1;
        }
        if ((flags & GT) != 0 && (flags & LT) != 0) {
            c.out.error("ERR GT and LT options at the same time are not compatible");
            return -1;
        }
        return flags;
    }

    static void expire(VigilServer server, Client c, byte[][] argv, boolean absolute, boolean seconds, String name) {
        int flags = parseFlags(c, argv);
        if (flags < 0) return;
        Long v = Bytes.parseLong(argv[2]);
        if (v == null) {
            c.out.error(Replies.NOT_INTEGER);
            return;
        }
        long when = v;
        String invalid = "ERR invalid expire time in '" + name + "' command";
        if (seconds) {
            if (when > Long.MAX_VALUE / 1000 || when < Long.MIN_VALUE / 1000) {
                c.out.error(invalid);
                return;
            }
            when *= 1000;
        }
        long base = absolute ? 0 : server.now();
        if (when > Long.MAX_VALUE - base) {
            c.out.error(invalid);
            return;
        }
        when += base;
        byte[] key = argv[1];
        Dict.Node n = c.db.lookupWrite(key);
        if (n == null) {
            c.out.integer(0);
            return;
        }
        if (flags != 0) {
            long current = n.expireAt;
            if ((flags & NX) != 0 && current != -1
                    || (flags & XX) != 0 && current == -1
                    || (flags & GT) != 0 && (when <= current || current == -1)
                    || (flags & LT) != 0 && current != -1 && when >= current) {
                c.out.integer(0);
                return;
            }
        }
        if (when <= server.now() && !server.keyspace.isReplica()) {
            // checkAlreadyExpired: delete now and replicate an explicit DEL.
            c.db.delete(key);
            server.dirty++;
            server.dispatcher.rewrite(new byte[][]{DEL, key});
            c.out.integer(1);
            return;
        }
        c.db.setExpire(n, when);
        c.out.integer(1);
        if (!(absolute && !seconds) || base != 0) {
            byte[][] rewritten = argv.clone();
            rewritten[0] = PEXPIREAT;
            rewritten[2] = Bytes.fromLong(when);
            server.dispatcher.rewrite(rewritten);
        }
        server.dirty++;
    }

    static void persist(VigilServer server, Client c, byte[][] argv) {
        Dict.Node n = c.db.lookupWrite(argv[1]);
        if (n != null && c.db.removeExpire(n)) {
            c.db.signalModified(argv[1]);
            server.dirty++;
            c.out.integer(1);
        } else {
            c.out.integer(0);
        }
    }

    static void ttl(VigilServer server, Client c, byte[][] argv, boolean ms, boolean absolute) {
        Dict.Node n = c.db.find(argv[1]);
        if (n == null) {
            c.out.integer(-2);
            return;
        }
        if (n.expireAt < 0) {
            c.out.integer(-1);
            return;
        }
        long ttl = absolute ? n.expireAt : n.expireAt - server.now();
        if (ttl < 0) ttl = 0;
        c.out.integer(ms ? ttl : (ttl + 500) / 1000);
    }
}
