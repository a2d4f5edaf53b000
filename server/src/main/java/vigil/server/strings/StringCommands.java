package vigil.server.strings;

import vigil.server.node.VigilServer;
import vigil.server.node.Client;
import vigil.resp.server.command.CommandTable;
import vigil.resp.server.command.Replies;
import vigil.server.keyspace.Dict;
import vigil.util.Bytes;

import java.util.Arrays;

import static vigil.server.strings.StringArgs.*;

/**
 * The plain string commands (t_string.c's SET family, MGET/MSET, APPEND, STRLEN) and the
 * registration of every string-group command. Values are stored as the byte[] the client sent
 * and are never mutated afterwards: a command that changes a string stores a new array, so
 * arrays held by argv, the replication feed or a MULTI queue stay valid.
 */
public final class StringCommands {
    static final byte[] SET = Bytes.of("SET");
    static final byte[] PXAT_WORD = Bytes.of("PXAT");

    private StringCommands() {
    }

    public static void register(CommandTable<Client> t, VigilServer server) {
        t.add("get", 2, "readonly fast", 1, 1, 1, "string", (c, argv) -> get(c, argv));
        t.add("set", -3, "write denyoom", 1, 1, 1, "string", (c, argv) -> set(server, c, argv));
        t.add("setnx", 3, "write denyoom fast", 1, 1, 1, "string", (c, argv) -> setnx(server, c, argv));
        t.add("setex", 4, "write denyoom", 1, 1, 1, "string", (c, argv) -> setex(server, c, argv, EX, "setex"));
        t.add("psetex", 4, "write denyoom", 1, 1, 1, "string", (c, argv) -> setex(server, c, argv, PX, "psetex"));
        t.add("append", 3, "write denyoom fast", 1, 1, 1, "string", (c, argv) -> append(server, c, argv));
        t.add("strlen", 2, "readonly fast", 1, 1, 1, "string", (c, argv) -> strlen(c, argv));
        t.add("mget", -2, "readonly fast", 1, -1, 1, "string", (c, argv) -> mget(c, argv));
        t.add("mset", -3, "write denyoom", 1, -1, 2, "string", (c, argv) -> mset(server, c, argv, false));
        t.add("msetnx", -3, "write denyoom", 1, -1, 2, "string", (c, argv) -> mset(server, c, argv, true));
        GetExCommands.register(t, server);
        CounterCommands.register(t, server);
        RangeCommands.register(t, server);
        LcsCommand.register(t, server);
    }

    static void get(Client c, byte[][] argv) {
        byte[] v = read(c, argv[1]);
        if (v == WRONG) return;
        c.out.bulk(v);
    }

    /** SET key value [NX|XX] [GET] [EX s|PX ms|EXAT ts|PXAT ts|KEEPTTL] */
    static void set(VigilServer server, Client c, byte[][] argv) {
        Extended e = parseExtended(c, argv, true);
        if (e.error) return;
        setGeneric(server, c, argv, argv[1], argv[2], e.flags, e.expire, "set", false);
    }

    static void setnx(VigilServer server, Client c, byte[][] argv) {
        setGeneric(server, c, argv, argv[1], argv[2], NX, null, "setnx", true);
    }

    static void setex(VigilServer server, Client c, byte[][] argv, int unit, String name) {
        setGeneric(server, c, argv, argv[1], argv[3], unit, argv[2], name, false);
    }

    /**
     * Redis's setGenericCommand. With an expire the command propagates as
     * {@code SET key value PXAT ms}; with GET and no expire, as itself without the GET words.
     */
    static void setGeneric(VigilServer server, Client c, byte[][] argv, byte[] key, byte[] val, int flags,
                           byte[] expire, String cmd, boolean intReplies) {
        Long when = null;
        if (expire != null) {
            when = expireMillis(server, c, expire, flags, cmd);
            if (when == null) return;
        }
        boolean get = (flags & GET) != 0;
        if (get) {
            byte[] old = read(c, key);
            if (old == WRONG) return;
            c.out.bulk(old);
        }
        boolean found = c.db.lookupWrite(key) != null;
        if (((flags & NX) != 0 && found) || ((flags & XX) != 0 && !found)) {
            if (!get) {
                if (intReplies) c.out.integer(0);
                else c.out.nullBulk();
            }
            return;
        }
        Dict.Node node = c.db.set(key, val, (flags & KEEPTTL) != 0);
        server.dirty++;
        if (when != null) {
            c.db.setExpire(node, when);
            server.dispatcher.rewrite(new byte[][]{SET, key, val, PXAT_WORD, Bytes.fromLong(when)});
        }
        if (!get) {
            if (intReplies) c.out.integer(1);
            else c.out.ok();
        }
        if (get && when == null) {
            byte[][] out = new byte[argv.length][];
            int n = 0;
            for (int j = 0; j < argv.length; j++) {
                if (j >= 3 && opt(argv[j], "get")) continue;
                out[n++] = argv[j];
            }
            server.dispatcher.rewrite(Arrays.copyOf(out, n));
        }
    }

    static void mget(Client c, byte[][] argv) {
        c.out.array(argv.length - 1);
        for (int j = 1; j < argv.length; j++) {
            Dict.Node n = c.db.lookupRead(argv[j]);
            if (n != null && n.value instanceof byte[] b) c.out.bulk(b);
            else c.out.nullBulk();
        }
    }

    static void mset(VigilServer server, Client c, byte[][] argv, boolean nx) {
        if (argv.length % 2 == 0) {
            c.out.error("ERR wrong number of arguments for '" + (nx ? "msetnx" : "mset") + "' command");
            return;
        }
        if (nx) {
            for (int j = 1; j < argv.length; j += 2) {
                if (c.db.lookupWrite(argv[j]) != null) {
                    c.out.integer(0);
                    return;
                }
            }
        }
        for (int j = 1; j < argv.length; j += 2) c.db.set(argv[j], argv[j + 1], false);
        server.dirty += (argv.length - 1) / 2;
        if (nx) c.out.integer(1);
        else c.out.ok();
    }

    static void append(VigilServer server, Client c, byte[][] argv) {
        byte[] key = argv[1], add = argv[2];
        byte[] old = write(c, key);
        if (old == WRONG) return;
        byte[] now;
        if (old == null) {
            now = add;
            c.db.add(key, now);
        } else {
            if (!checkLength(server, c, old.length, add.length)) return;
            now = Arrays.copyOf(old, old.length + add.length);
            System.arraycopy(add, 0, now, old.length, add.length);
            c.db.set(key, now, true).encoding = Dict.Node.ENC_RAW;   // Redis appends to a raw sds
        }
        server.dirty++;
        c.out.integer(now.length);
    }

    static void strlen(Client c, byte[][] argv) {
        byte[] v = read(c, argv[1]);
        if (v == WRONG) return;
        c.out.integer(v == null ? 0 : v.length);
    }
}
