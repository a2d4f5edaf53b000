package vigil.server.strings;

import vigil.server.node.VigilServer;
import vigil.server.node.Client;
import vigil.server.command.Args;
import vigil.resp.server.command.Replies;
import vigil.server.keyspace.Dict;

/**
 * Shared pieces of the string commands: typed lookups, Redis's C-string option matching, the
 * SET/GETEX option parser (parseExtendedStringArgumentsOrReply) and the length limit checks.
 */
final class StringArgs {
    private StringArgs() {
    }

    /** Returned by lookups after WRONGTYPE was written. Compared by identity. */
    static final byte[] WRONG = new byte[0];

    static final int NX = 1, XX = 2, GET = 4, KEEPTTL = 8, PERSIST = 16, EX = 32, PX = 64, EXAT = 128, PXAT = 256;
    static final int ANY_EXPIRE = EX | PX | EXAT | PXAT;

    /** Parsed SET / GETEX options; flags is null-equivalent when a syntax error was written. */
    static final class Extended {
        int flags;
        byte[] expire;
        boolean error;
    }

    /** The string at key (read lookup), null when absent; WRONGTYPE written and {@link #WRONG} returned for other types. */
    static byte[] read(Client c, byte[] key) {
        Dict.Node n = c.db.lookupRead(key);
        if (n == null) return null;
        if (n.value instanceof byte[] b) return b;
        c.out.error(Replies.WRONGTYPE);
        return WRONG;
    }

    /** Like {@link #read} with a write lookup. */
    static byte[] write(Client c, byte[] key) {
        Dict.Node n = c.db.lookupWrite(key);
        if (n == null) return null;
        if (n.value instanceof byte[] b) return b;
        c.out.error(Replies.WRONGTYPE);
        return WRONG;
    }

    /** Case-insensitive match of an argument read as a C string (up to its first NUL), as strcasecmp does. */
    static boolean opt(byte[] a, String lowerWord) {
        int n = a.length;
        for (int i = 0; i < a.length; i++) {
            if (a[i] == 0) {
                n = i;
                break;
            }
        }
        if (n != lowerWord.length()) return false;
        for (int i = 0; i < n; i++) {
            int ch = a[i];
            if (ch >= 'A' && ch <= 'Z') ch += 32;
            if (ch != lowerWord.charAt(i)) return false;
        }
        return true;
    }

    /** Redis's parseExtendedStringArgumentsOrReply for SET (isSet) and GETEX. */
    static Extended parseExtended(Client c, byte[][] argv, boolean isSet) {
        Extended e = new Extended();
        int f = 0;
        for (int j = isSet ? 3 : 2; j < argv.length; j++) {
            byte[] o = argv[j];
            boolean next = j < argv.length - 1;
            if (isSet && opt(o, "nx") && (f & XX) == 0) {
                f |= NX;
            } else if (isSet && opt(o, "xx") && (f & NX) == 0) {
                f |= XX;
            } else if (isSet && opt(o, "get")) {
                f |= GET;
            } else if (isSet && opt(o, "keepttl") && (f & (PERSIST | ANY_EXPIRE)) == 0) {
                f |= KEEPTTL;
            } else if (!isSet && opt(o, "persist") && (f & (ANY_EXPIRE | KEEPTTL)) == 0) {
                f |= PERSIST;
            } else if (opt(o, "ex") && (f & (KEEPTTL | PERSIST | EXAT | PX | PXAT)) == 0 && next) {
                f |= EX;
                e.expire = argv[++j];
            } else if (opt(o, "px") && (f & (KEEPTTL | PERSIST | EX | EXAT | PXAT)) == 0 && next) {
                f |= PX;
                e.expire = argv[++j];
            } else if (opt(o, "exat") && (f & (KEEPTTL | PERSIST | EX | PX | PXAT)) == 0 && next) {
                f |= EXAT;
                e.expire = argv[++j];
            } else if (opt(o, "pxat") && (f & (KEEPTTL | PERSIST | EX | EXAT | PX)) == 0 && next) {
                f |= PXAT;
                e.expire = argv[++j];
            } else {
                c.out.error(Replies.SYNTAX);
                e.error = true;
                return e;
            }
        }
        e.flags = f;
        return e;
    }

    /**
     * Redis's getExpireMillisecondsOrReply: the absolute unix ms for an expire argument, or null
     * after writing the error.
     */
    static Long expireMillis(VigilServer server, Client c, byte[] arg, int flags, String cmd) {
        Long v = Args.integer(c, arg);
        if (v == null) return null;
        boolean seconds = (flags & (EX | EXAT)) != 0;
        long ms = v;
        if (ms <= 0 || (seconds && ms > Long.MAX_VALUE / 1000)) {
            c.out.error("ERR invalid expire time in '" + cmd + "' command");
            return null;
        }
        if (seconds) ms *= 1000;
        if ((flags & (EX | PX)) != 0) ms += server.now();
        if (ms <= 0) {
            c.out.error("ERR invalid expire time in '" + cmd + "' command");
            return null;
        }
        return ms;
    }

    /** The largest string this node builds: proto-max-bulk-len, within what a Java array holds. */
    static long maxStringLength(VigilServer server) {
        return Math.min(server.config.protoMaxBulkLen, Integer.MAX_VALUE - 16);
    }

    /** Redis's checkStringLength: false after writing the error when size+append is too big. */
    static boolean checkLength(VigilServer server, Client c, long size, long append) {
        if (c.isInternal()) {
            if (size + append <= Integer.MAX_VALUE - 16) return true;
        }
        long total = size + append;
        if (total > maxStringLength(server) || total < size || total < append) {
            c.out.error("ERR string exceeds maximum allowed size (proto-max-bulk-len)");
            return false;
        }
        return true;
    }
}
