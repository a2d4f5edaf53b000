package vigil.server.types.set;

import vigil.server.node.VigilServer;
import vigil.server.node.Client;
import vigil.resp.server.command.CommandTable;
import vigil.resp.server.command.Replies;
import vigil.server.command.ScanArgs;
import vigil.server.keyspace.Dict;

import java.util.ArrayList;
import java.util.List;

/**
 * The set commands that touch one key (SADD, SREM, SISMEMBER, SMOVE, SSCAN...) and the
 * registration of the whole group; multi-key algebra is in {@link SetAlgebra}, random members
 * in {@link SetRandom}.
 */
public final class SetCommands {
    /** Returned by {@link #lookup} after WRONGTYPE was written. */
    static final SetValue WRONG = SetValue.emptyIntset();

    private SetCommands() {
    }

    public static void register(CommandTable<Client> t, VigilServer s) {
        t.add("sadd", -3, "write denyoom fast", 1, 1, 1, "set", (c, a) -> sadd(s, c, a));
        t.add("srem", -3, "write fast", 1, 1, 1, "set", (c, a) -> srem(s, c, a));
        t.add("smembers", 2, "readonly", 1, 1, 1, "set", (c, a) -> SetAlgebra.inter(s, c, a, 1, a.length - 1, null, false, 0));
        t.add("sismember", 3, "readonly fast", 1, 1, 1, "set", SetCommands::sismember);
        t.add("smismember", -3, "readonly fast", 1, 1, 1, "set", SetCommands::smismember);
        t.add("scard", 2, "readonly fast", 1, 1, 1, "set", SetCommands::scard);
        t.add("smove", 4, "write fast", 1, 2, 1, "set", (c, a) -> smove(s, c, a));
        t.add("sscan", -3, "readonly", 1, 1, 1, "set", SetCommands::sscan);
        t.add("spop", -2, "write fast", 1, 1, 1, "set", (c, a) -> SetRandom.spop(s, c, a));
        t.add("srandmember", -2, "readonly", 1, 1, 1, "set", SetRandom::srandmember);
        SetAlgebra.register(t, s);
    }

    /** The set at key (null when absent); WRONGTYPE is written and {@link #WRONG} returned for other types. */
    static SetValue lookup(Client c, byte[] key, boolean write) {
        Dict.Node n = write ? c.db.lookupWrite(key) : c.db.lookupRead(key);
        if (n == null) return null;
        if (n.value instanceof SetValue v) return v;
        c.out.error(Replies.WRONGTYPE);
        return WRONG;
    }

    static void sadd(VigilServer s, Client c, byte[][] argv) {
        SetValue set = lookup(c, argv[1], true);
        if (set == WRONG) return;
        if (set == null) {
            set = SetValue.forMember(s.encodingLimits, argv[2]);
            c.db.add(argv[1], set);
        }
        int added = 0;
        for (int i = 2; i < argv.length; i++) if (set.add(s.encodingLimits, argv[i])) added++;
        if (added > 0) {
            s.modified(c.db, argv[1]);
            s.dirty += added;
        }
        c.out.integer(added);
    }

    static void srem(VigilServer s, Client c, byte[][] argv) {
        SetValue set = lookup(c, argv[1], true);
        if (set == WRONG) return;
        if (set == null) {
            c.out.integer(0);
            return;
        }
        int removed = 0;
        for (int i = 2; i < argv.length; i++) {
            if (set.remove(argv[i])) {
                removed++;
                if (set.size() == 0) {
                    c.db.delete(argv[1]);
                    break;
                }
            }
        }
        if (removed > 0) {
            if (set.size() > 0) s.modified(c.db, argv[1]);
            s.dirty += removed;
        }
        c.out.integer(removed);
    }

    static void sismember(Client c, byte[][] argv) {
        SetValue set = lookup(c, argv[1], false);
        if (set == WRONG) return;
        c.out.integer(set != null && set.contains(argv[2]) ? 1 : 0);
    }

    static void smismember(Client c, byte[][] argv) {
        SetValue set = lookup(c, argv[1], false);
        if (set == WRONG) return;
        c.out.array(argv.length - 2);
        for (int i = 2; i < argv.length; i++) c.out.integer(set != null && set.contains(argv[i]) ? 1 : 0);
    }

    static void scard(Client c, byte[][] argv) {
        SetValue set = lookup(c, argv[1], false);
        if (set == WRONG) return;
        c.out.integer(set == null ? 0 : set.size());
    }

    static void smove(VigilServer s, Client c, byte[][] argv) {
        Dict.Node sn = c.db.lookupWrite(argv[1]);
        Dict.Node dn = c.db.lookupWrite(argv[2]);
        byte[] ele = argv[3];
        if (sn == null) {
            c.out.integer(0);
            return;
        }
        if (!(sn.value instanceof SetValue src) || (dn != null && !(dn.value instanceof SetValue))) {
            c.out.error(Replies.WRONGTYPE);
            return;
        }
        SetValue dst = dn == null ? null : (SetValue) dn.value;
        if (src == dst) {
            c.out.integer(src.contains(ele) ? 1 : 0);
            return;
        }
        if (!src.remove(ele)) {
            c.out.integer(0);
            return;
        }
        if (src.size() == 0) c.db.delete(argv[1]);
        else s.modified(c.db, argv[1]);
        if (dst == null) {
            dst = SetValue.forMember(s.encodingLimits, ele);
            c.db.add(argv[2], dst);
        }
        s.dirty++;
        if (dst.add(s.encodingLimits, ele)) s.dirty++;
        s.modified(c.db, argv[2]);
        c.out.integer(1);
    }

    static void sscan(Client c, byte[][] argv) {
        Long cursor = ScanArgs.cursor(c, argv[2]);
        if (cursor == null) return;
        SetValue set = lookup(c, argv[1], false);
        if (set == WRONG) return;
        if (set == null) {
            ScanArgs.empty(c);
            return;
        }
        ScanArgs sc = ScanArgs.options(c, argv, 3, cursor, false);
        if (sc == null) return;
        List<byte[]> items = new ArrayList<>();
        sc.reply(c, sc.scan(cur -> set.scan(cur, items::add), items::size), items, false);
    }
}
