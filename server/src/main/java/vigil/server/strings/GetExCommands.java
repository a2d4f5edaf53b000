package vigil.server.strings;

import vigil.server.node.VigilServer;
import vigil.server.node.Client;
import vigil.resp.server.command.CommandTable;
import vigil.server.keyspace.Dict;
import vigil.util.Bytes;

import static vigil.server.strings.StringArgs.*;

/**
 * GETSET, GETDEL and GETEX: reads that also change the key, each propagated as the plain write
 * a replica must apply (SET, DEL, PEXPIREAT, PERSIST), as Redis 7.0 does.
 */
final class GetExCommands {
    static final byte[] DEL = Bytes.of("DEL");
    static final byte[] PEXPIREAT = Bytes.of("PEXPIREAT");
    static final byte[] PERSIST_WORD = Bytes.of("PERSIST");

    private GetExCommands() {
    }

    static void register(CommandTable<Client> t, VigilServer server) {
        t.add("getset", 3, "write denyoom fast", 1, 1, 1, "string", (c, argv) -> getset(server, c, argv));
        t.add("getdel", 2, "write fast", 1, 1, 1, "string", (c, argv) -> getdel(server, c, argv));
        t.add("getex", -2, "write fast", 1, 1, 1, "string", (c, argv) -> getex(server, c, argv));
    }

    static void getset(VigilServer server, Client c, byte[][] argv) {
        byte[] old = read(c, argv[1]);
        if (old == WRONG) return;
        c.out.bulk(old);
        c.db.set(argv[1], argv[2], false);
        server.dirty++;
        server.dispatcher.rewrite(new byte[][]{StringCommands.SET, argv[1], argv[2]});
    }

    static void getdel(VigilServer server, Client c, byte[][] argv) {
        byte[] old = read(c, argv[1]);
        if (old == WRONG) return;
        c.out.bulk(old);
        if (old != null && c.db.delete(argv[1])) {
            server.dirty++;
            server.dispatcher.rewrite(new byte[][]{DEL, argv[1]});
        }
    }

    /** GETEX key [EX s|PX ms|EXAT ts|PXAT ts|PERSIST] */
    static void getex(VigilServer server, Client c, byte[][] argv) {
        Extended e = parseExtended(c, argv, false);
        if (e.error) return;
        byte[] key = argv[1];
        Dict.Node n = c.db.lookupRead(key);
        if (n == null) {
            c.out.nullBulk();
            return;
        }
        if (!(n.value instanceof byte[] value)) {
            c.out.error(vigil.resp.server.command.Replies.WRONGTYPE);
            return;
        }
        Long when = null;
        if (e.expire != null) {
            when = expireMillis(server, c, e.expire, e.flags, "getex");
            if (when == null) return;
        }
        c.out.bulk(value);
        boolean absolute = (e.flags & (EXAT | PXAT)) != 0;
        if (absolute && when <= server.now() && !server.keyspace.isReplica()) {
            c.db.delete(key);
            server.dirty++;
            server.dispatcher.rewrite(new byte[][]{DEL, key});
        } else if (when != null) {
            c.db.setExpire(n, when);
            server.dirty++;
            server.dispatcher.rewrite(new byte[][]{PEXPIREAT, key, Bytes.fromLong(when)});
        } else if ((e.flags & PERSIST) != 0) {
            if (c.db.removeExpire(n)) {
                server.modified(c.db, key);
                server.dirty++;
                server.dispatcher.rewrite(new byte[][]{PERSIST_WORD, key});
            }
        }
    }
}
