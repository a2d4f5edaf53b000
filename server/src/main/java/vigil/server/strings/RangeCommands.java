package vigil.server.strings;

import vigil.server.keyspace.Dict;
import vigil.server.node.VigilServer;
import vigil.server.node.Client;
import vigil.server.command.Args;
import vigil.resp.server.command.CommandTable;

import java.util.Arrays;

import static vigil.server.strings.StringArgs.*;

/** GETRANGE (and its 7.0 alias SUBSTR) and SETRANGE, with Redis's index clamping and size limit. */
final class RangeCommands {
    private RangeCommands() {
    }

    static void register(CommandTable<Client> t, VigilServer server) {
        t.add("getrange", 4, "readonly", 1, 1, 1, "string", (c, argv) -> getrange(c, argv));
        t.add("substr", 4, "readonly", 1, 1, 1, "string", (c, argv) -> getrange(c, argv));
        t.add("setrange", 4, "write denyoom", 1, 1, 1, "string", (c, argv) -> setrange(server, c, argv));
    }

    static void getrange(Client c, byte[][] argv) {
        Long s = Args.integer(c, argv[2]);
        if (s == null) return;
        Long e = Args.integer(c, argv[3]);
        if (e == null) return;
        byte[] v = read(c, argv[1]);
        if (v == WRONG) return;
        if (v == null) {
            c.out.bulk(EMPTY);
            return;
        }
        long start = s, end = e, len = v.length;
        if (start < 0 && end < 0 && start > end) {
            c.out.bulk(EMPTY);
            return;
        }
        if (start < 0) start = len + start;
        if (end < 0) end = len + end;
        if (start < 0) start = 0;
        if (end < 0) end = 0;
        if (end >= len) end = len - 1;
        if (start > end || len == 0) c.out.bulk(EMPTY);
        else c.out.bulk(v, (int) start, (int) (end - start + 1));
    }

    static final byte[] EMPTY = new byte[0];

    static void setrange(VigilServer server, Client c, byte[][] argv) {
        byte[] key = argv[1], value = argv[3];
        Long off = Args.integer(c, argv[2]);
        if (off == null) return;
        long offset = off;
        if (offset < 0) {
            c.out.error("ERR offset is out of range");
            return;
        }
        byte[] old = write(c, key);
        if (old == WRONG) return;
        if (old == null) {
            if (value.length == 0) {
                c.out.integer(0);
                return;
            }
            if (!checkLength(server, c, offset, value.length)) return;
            byte[] now = new byte[(int) (offset + value.length)];
            System.arraycopy(value, 0, now, (int) offset, value.length);
            c.db.add(key, now).encoding = Dict.Node.ENC_RAW;
            server.dirty++;
            c.out.integer(now.length);
            return;
        }
        if (value.length == 0) {
            c.out.integer(old.length);
            return;
        }
        if (!checkLength(server, c, offset, value.length)) return;
        byte[] now = Arrays.copyOf(old, (int) Math.max(old.length, offset + value.length));
        System.arraycopy(value, 0, now, (int) offset, value.length);
        c.db.set(key, now, true).encoding = Dict.Node.ENC_RAW;
        server.dirty++;
        c.out.integer(now.length);
    }
}
