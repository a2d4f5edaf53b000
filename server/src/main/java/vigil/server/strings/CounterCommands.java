package vigil.server.strings;

import vigil.server.node.VigilServer;
import vigil.server.node.Client;
import vigil.server.command.Args;
import vigil.resp.server.command.CommandTable;
import vigil.resp.server.command.Replies;
import vigil.server.keyspace.Dict;
import vigil.util.Bytes;
import vigil.util.LongDouble;

import static vigil.server.strings.StringArgs.*;

/**
 * INCR, DECR, INCRBY, DECRBY and INCRBYFLOAT. Integers follow string2ll and Redis's overflow
 * checks; INCRBYFLOAT computes in emulated 80-bit long double ({@link LongDouble}) and
 * propagates as {@code SET key <result> KEEPTTL}. Existing keys keep their TTL.
 */
final class CounterCommands {
    static final byte[] KEEPTTL_WORD = Bytes.of("KEEPTTL");

    private CounterCommands() {
    }

    static void register(CommandTable<Client> t, VigilServer server) {
        t.add("incr", 2, "write denyoom fast", 1, 1, 1, "string", (c, argv) -> incrDecr(server, c, argv[1], 1));
        t.add("decr", 2, "write denyoom fast", 1, 1, 1, "string", (c, argv) -> incrDecr(server, c, argv[1], -1));
        t.add("incrby", 3, "write denyoom fast", 1, 1, 1, "string", (c, argv) -> {
            Long by = Args.integer(c, argv[2]);
            if (by != null) incrDecr(server, c, argv[1], by);
        });
        t.add("decrby", 3, "write denyoom fast", 1, 1, 1, "string", (c, argv) -> {
            Long by = Args.integer(c, argv[2]);
            if (by == null) return;
            if (by == Long.MIN_VALUE) {
                c.out.error("ERR decrement would overflow");
                return;
            }
            incrDecr(server, c, argv[1], -by);
        });
        t.add("incrbyfloat", 3, "write denyoom fast", 1, 1, 1, "string", (c, argv) -> incrByFloat(server, c, argv));
    }

    static void incrDecr(VigilServer server, Client c, byte[] key, long incr) {
        byte[] old = write(c, key);
        if (old == WRONG) return;
        long value = 0;
        if (old != null) {
            Long v = Args.integer(c, old);
            if (v == null) return;
            value = v;
        }
        if ((incr < 0 && value < 0 && incr < Long.MIN_VALUE - value)
                || (incr > 0 && value > 0 && incr > Long.MAX_VALUE - value)) {
            c.out.error(Replies.OVERFLOW);
            return;
        }
        value += incr;
        byte[] now = Bytes.fromLong(value);
        if (old == null) c.db.add(key, now);
        else c.db.set(key, now, true);
        server.dirty++;
        c.out.integer(value);
    }

    static void incrByFloat(VigilServer server, Client c, byte[][] argv) {
        byte[] key = argv[1];
        byte[] old = write(c, key);
        if (old == WRONG) return;
        LongDouble value = old == null ? LongDouble.ofLong(0) : LongDouble.parse(old);
        LongDouble incr = value == null ? null : LongDouble.parse(argv[2]);
        if (value == null || incr == null) {
            c.out.error(Replies.NOT_FLOAT);
            return;
        }
        LongDouble sum = value.add(incr);
        if (sum == null || sum.inf) {
            c.out.error("ERR increment would produce NaN or Infinity");
            return;
        }
        byte[] now = Bytes.of(sum.format());
        // Redis builds the result with createStringObjectFromLongDouble: embstr, never int.
        Dict.Node stored = old == null ? c.db.add(key, now) : c.db.set(key, now, true);
        if (now.length <= 44) stored.encoding = Dict.Node.ENC_EMBSTR;
        else stored.encoding = Dict.Node.ENC_RAW;
        server.dirty++;
        c.out.bulk(now);
        server.dispatcher.rewrite(new byte[][]{StringCommands.SET, key, now, KEEPTTL_WORD});
    }
}
