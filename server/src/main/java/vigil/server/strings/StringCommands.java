package vigil.server.strings;

import vigil.server.VigilServer;
import vigil.server.client.Client;
import vigil.server.command.Args;
import vigil.server.command.CommandTable;
import vigil.server.command.Replies;
import vigil.server.keyspace.Dict;
import vigil.server.util.Bytes;

/** String commands. Values are stored as the byte[] the client sent: no copies, no Strings. */
public final class StringCommands {
    static final byte[] SET = Bytes.of("SET");
    static final byte[] PXAT = Bytes.of("PXAT");

    private StringCommands() {
    }

    public static void register(CommandTable t, VigilServer server) {
        t.add("get", 2, "readonly fast", 1, 1, 1, "string", (c, argv) -> get(c, argv));
        t.add("set", -3, "write denyoom", 1, 1, 1, "string", (c, argv) -> set(server, c, argv));
    }

    /** The string at key, null when absent; writes WRONGTYPE and returns {@link #WRONG} for other types. */
    static final byte[] WRONG = new byte[0];

    static byte[] readString(Client c, byte[] key) {
        Dict.Node n = c.db.lookupRead(key);
        if (n == null) return null;
        if (n.value instanceof byte[] b) return b;
        c.out.error(Replies.WRONGTYPE);
        return WRONG;
    }

    static void get(Client c, byte[][] argv) {
        byte[] v = readString(c, argv[1]);
        if (v == WRONG) return;
        c.out.bulk(v);
    }

    /**
     * Parses an expire argument into absolute unix ms, with Redis's checks; writes
     * "invalid expire time" and returns null when out of range.
     */
    static Long expireAt(VigilServer server, Client c, byte[] arg, boolean seconds, boolean absolute, String cmd) {
        Long v = Args.integer(c, arg);
        if (v == null) return null;
        if (v <= 0 || (seconds && v > Long.MAX_VALUE / 1000)) {
            c.out.error("ERR invalid expire time in '" + cmd + "' command");
            return null;
        }
        long ms = seconds ? v * 1000 : v;
        if (!absolute) {
            if (ms > Long.MAX_VALUE - server.now()) {
                c.out.error("ERR invalid expire time in '" + cmd + "' command");
                return null;
            }
            ms += server.now();
        }
        return ms;
    }

    /** SET key value [NX|XX] [GET] [EX s|PX ms|EXAT ts|PXAT ts|KEEPTTL] */
    static void set(VigilServer server, Client c, byte[][] argv) {
        boolean nx = false, xx = false, get = false, keepTtl = false;
        byte[] expireArg = null;
        boolean seconds = false, absolute = false, pxat = false;
        for (int i = 3; i < argv.length; i++) {
            byte[] a = argv[i];
            boolean hasNext = i + 1 < argv.length;
            if (Bytes.is(a, "nx") && !xx) {
                nx = true;
            } else if (Bytes.is(a, "xx") && !nx) {
                xx = true;
            } else if (Bytes.is(a, "get")) {
                get = true;
            } else if (Bytes.is(a, "keepttl") && expireArg == null) {
                keepTtl = true;
            } else if (hasNext && expireArg == null && !keepTtl
                    && (Bytes.is(a, "ex") || Bytes.is(a, "px") || Bytes.is(a, "exat") || Bytes.is(a, "pxat"))) {
                seconds = Bytes.is(a, "ex") || Bytes.is(a, "exat");
                absolute = Bytes.is(a, "exat") || Bytes.is(a, "pxat");
                pxat = Bytes.is(a, "pxat");
                expireArg = argv[++i];
            } else {
                c.out.error(Replies.SYNTAX);
                return;
            }
        }
        Long when = null;
        if (expireArg != null) {
            when = expireAt(server, c, expireArg, seconds, absolute, "set");
            if (when == null) return;
        }
        byte[] key = argv[1];
        Dict.Node n = c.db.lookupWrite(key);
        if (get) {
            if (n != null && !(n.value instanceof byte[])) {
                c.out.error(Replies.WRONGTYPE);
                return;
            }
        }
        boolean found = n != null;
        if ((nx && found) || (xx && !found)) {
            if (get) c.out.bulk(found ? (byte[]) n.value : null);
            else c.out.nullBulk();
            return;
        }
        byte[] old = found ? (byte[]) (n.value instanceof byte[] b ? b : null) : null;
        Dict.Node node = c.db.set(key, argv[2], keepTtl);
        server.dirty++;
        if (when != null) {
            c.db.setExpire(node, when);
            if (!pxat) server.dispatcher.rewrite(new byte[][]{SET, key, argv[2], PXAT, Bytes.fromLong(when)});
        }
        if (get) c.out.bulk(old);
        else c.out.ok();
    }
}
