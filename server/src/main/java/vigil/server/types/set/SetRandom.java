package vigil.server.types.set;

import vigil.server.node.VigilServer;
import vigil.server.node.Client;
import vigil.resp.server.command.Replies;
import vigil.server.command.Args;
import vigil.util.Bytes;

import java.util.SplittableRandom;

/**
 * SPOP and SRANDMEMBER, with Redis 7.0's reply shapes for each case. SPOP is propagated as its
 * effect: one {@code SREM key member} per popped member (wrapped in MULTI/EXEC by the
 * propagation layer when there are several), or {@code DEL key} when the whole set is popped.
 */
final class SetRandom {
    static final SplittableRandom RND = new SplittableRandom();
    private static final byte[] SREM = Bytes.of("SREM");
    private static final byte[] DEL = Bytes.of("DEL");

    private SetRandom() {
    }

    static void spop(VigilServer s, Client c, byte[][] argv) {
        if (argv.length == 3) {
            spopCount(s, c, argv);
            return;
        }
        if (argv.length > 3) {
            c.out.error(Replies.SYNTAX);
            return;
        }
        SetValue set = SetCommands.lookup(c, argv[1], true);
        if (set == SetCommands.WRONG) return;
        if (set == null) {
            c.out.nullBulk();
            return;
        }
        byte[] m = set.random(RND);
        set.remove(m);
        s.dispatcher.rewrite(new byte[][]{SREM, argv[1], m});
        c.out.bulk(m);
        if (set.size() == 0) c.db.delete(argv[1]);
        else s.modified(c.db, argv[1]);
        s.dirty++;
    }

    private static void spopCount(VigilServer s, Client c, byte[][] argv) {
        Long count = Bytes.parseLong(argv[2]);
        if (count == null || count < 0) {
            c.out.error("ERR value is out of range, must be positive");
            return;
        }
        SetValue set = SetCommands.lookup(c, argv[1], true);
        if (set == SetCommands.WRONG) return;
        if (set == null || count == 0) {
            c.out.set(0);
            return;
        }
        int size = set.size();
        if (count >= size) {
            c.out.set(size);
            set.forEach(c.out::bulk);
            c.db.delete(argv[1]);
            s.dispatcher.rewrite(new byte[][]{DEL, argv[1]});
            s.dirty++;
            return;
        }
        c.out.set(count.intValue());
        for (long i = 0; i < count; i++) {
            byte[] m = set.random(RND);
            set.remove(m);
            c.out.bulk(m);
            s.propagation.propagate(c.db.id, new byte[][]{SREM, argv[1], m});
        }
        s.modified(c.db, argv[1]);
        s.dispatcher.preventPropagation();
        s.dirty++;
    }

    static void srandmember(Client c, byte[][] argv) {
        if (argv.length == 3) {
            srandmemberCount(c, argv);
            return;
        }
        if (argv.length > 3) {
            c.out.error(Replies.SYNTAX);
            return;
        }
        SetValue set = SetCommands.lookup(c, argv[1], false);
        if (set == SetCommands.WRONG) return;
        c.out.bulk(set == null ? null : set.random(RND));
    }

    private static void srandmemberCount(Client c, byte[][] argv) {
        Long l = Args.randomCount(c, argv[2]);
        if (l == null) return;
        boolean uniq = l >= 0;
        long count = Math.abs(l);
        SetValue set = SetCommands.lookup(c, argv[1], false);
        if (set == SetCommands.WRONG) return;
        if (set == null || count == 0) {
            c.out.array(0);
            return;
        }
        int size = set.size();
        if (!uniq || count == 1) {
            c.out.array((int) count);
            for (long i = 0; i < count; i++) c.out.bulk(set.random(RND));
            return;
        }
        if (count >= size) {
            c.out.array(size);
            set.forEach(c.out::bulk);
            return;
        }
        // Distinct members: a partial Fisher-Yates shuffle over a snapshot of the members.
        byte[][] all = set.members();
        c.out.array((int) count);
        for (int i = 0; i < count; i++) {
            int j = i + RND.nextInt(size - i);
            byte[] t = all[i];
            all[i] = all[j];
            all[j] = t;
            c.out.bulk(all[i]);
        }
    }
}
