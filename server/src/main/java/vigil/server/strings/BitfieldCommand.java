package vigil.server.strings;

import vigil.server.node.VigilServer;
import vigil.server.node.Client;
import vigil.resp.server.command.CommandTable;
import vigil.resp.server.command.Replies;
import vigil.server.keyspace.Dict;
import vigil.util.Bytes;

import java.util.ArrayList;
import java.util.List;

import static vigil.server.strings.StringArgs.*;

/**
 * BITFIELD and BITFIELD_RO (bitops.c's bitfieldGeneric): signed/unsigned integers of 1..64 bits
 * at arbitrary bit offsets, with WRAP, SAT and FAIL overflow handling. Propagated as itself
 * when it wrote anything.
 */
final class BitfieldCommand {
    private static final int GET = 0, SET = 1, INCRBY = 2;
    private static final int WRAP = 0, SAT = 1, FAIL = 2;
    private static final String BAD_TYPE =
            "ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.";

    private record Op(int code, long offset, long value, int bits, boolean signed, int overflow) { }

    private BitfieldCommand() {
    }

    static void register(CommandTable<Client> t, VigilServer server) {
        t.add("bitfield", -2, "write denyoom", 1, 1, 1, "bitmap", (c, argv) -> bitfield(server, c, argv, false));
        t.add("bitfield_ro", -2, "readonly fast", 1, 1, 1, "bitmap", (c, argv) -> bitfield(server, c, argv, true));
    }

    static void bitfield(VigilServer server, Client c, byte[][] argv, boolean roCommand) {
        List<Op> ops = new ArrayList<>();
        int overflow = WRAP;
        boolean readonly = true;
        long highest = 0;
        for (int j = 2; j < argv.length; j++) {
            int rem = argv.length - j - 1;
            byte[] sub = argv[j];
            int code;
            if (opt(sub, "get") && rem >= 2) code = GET;
            else if (opt(sub, "set") && rem >= 3) code = SET;
            else if (opt(sub, "incrby") && rem >= 3) code = INCRBY;
            else if (opt(sub, "overflow") && rem >= 1) {
                byte[] name = argv[++j];
                if (opt(name, "wrap")) overflow = WRAP;
                else if (opt(name, "sat")) overflow = SAT;
                else if (opt(name, "fail")) overflow = FAIL;
                else {
                    c.out.error("ERR Invalid OVERFLOW type specified");
                    return;
                }
                continue;
            } else {
                c.out.error(Replies.SYNTAX);
                return;
            }
            byte[] type = argv[j + 1];
            boolean signed;
            if (type.length > 0 && type[0] == 'i') signed = true;
            else if (type.length > 0 && type[0] == 'u') signed = false;
            else {
                c.out.error(BAD_TYPE);
                return;
            }
            int nul = 1;
            while (nul < type.length && type[nul] != 0) nul++;
            Long bits = Bytes.parseLong(java.util.Arrays.copyOfRange(type, 1, nul));
            if (bits == null || bits < 1 || (signed && bits > 64) || (!signed && bits > 63)) {
                c.out.error(BAD_TYPE);
                return;
            }
            long off = BitCommands.bitOffset(server, c, argv[j + 2], true, bits.intValue());
            if (off < 0) return;
            long value = 0;
            if (code != GET) {
                readonly = false;
                highest = Math.max(highest, off + bits - 1);
                Long v = Bytes.parseLong(argv[j + 3]);
                if (v == null) {
                    c.out.error(Replies.NOT_INTEGER);
                    return;
                }
                value = v;
            }
            ops.add(new Op(code, off, value, bits.intValue(), signed, overflow));
            j += code == GET ? 2 : 3;
        }
        byte[] v;
        boolean[] grown = new boolean[1];
        if (readonly) {
            v = read(c, argv[1]);
            if (v == WRONG) return;
        } else {
            if (roCommand) {
                c.out.error("ERR BITFIELD_RO only supports the GET subcommand");
                return;
            }
            v = BitCommands.growForBits(c, argv[1], highest, grown);
            if (v == WRONG) return;
        }
        c.out.array(ops.size());
        int changes = 0;
        for (Op op : ops) {
            if (op.code == GET) {
                long x = v == null ? 0 : get(v, op.offset, op.bits);
                c.out.integer(op.signed ? signExtend(x, op.bits) : x);
                continue;
            }
            long oldVal = get(v, op.offset, op.bits);
            long[] limit = new long[1];
            long newVal, ret;
            int ovf;
            if (op.signed) {
                oldVal = signExtend(oldVal, op.bits);
                if (op.code == INCRBY) {
                    ovf = signedOverflow(oldVal, op.value, op.bits, op.overflow, limit);
                    newVal = ovf != 0 ? limit[0] : oldVal + op.value;
                    ret = newVal;
                } else {
                    newVal = op.value;
                    ovf = signedOverflow(newVal, 0, op.bits, op.overflow, limit);
                    if (ovf != 0) newVal = limit[0];
                    ret = oldVal;
                }
            } else {
                if (op.code == INCRBY) {
                    newVal = oldVal + op.value;
                    ovf = unsignedOverflow(oldVal, op.value, op.bits, op.overflow, limit);
                    if (ovf != 0) newVal = limit[0];
                    ret = newVal;
                } else {
                    newVal = op.value;
                    ovf = unsignedOverflow(newVal, 0, op.bits, op.overflow, limit);
                    if (ovf != 0) newVal = limit[0];
                    ret = oldVal;
                }
            }
            if (!(ovf != 0 && op.overflow == FAIL)) {
                c.out.integer(ret);
                set(v, op.offset, op.bits, newVal);
                // As Redis 7.0: a write counts when the key was created or grown, or the value changed.
                if (grown[0] || oldVal != newVal) changes++;
            } else {
                c.out.nullBulk();
            }
        }
        if (changes > 0 || grown[0]) {
            // Redis creates/grows the key even when every op FAILs, but then neither counts nor propagates it.
            c.db.set(argv[1], v, true).encoding = Dict.Node.ENC_RAW;
            server.dirty += changes;
        }
    }

    static long get(byte[] p, long offset, int bits) {
        long value = 0;
        for (int j = 0; j < bits; j++, offset++) {
            long idx = offset >>> 3;
            int bit = idx < p.length ? (p[(int) idx] >> (7 - (int) (offset & 7))) & 1 : 0;
            value = (value << 1) | bit;
        }
        return value;
    }

    static void set(byte[] p, long offset, int bits, long value) {
        for (int j = 0; j < bits; j++, offset++) {
            int bitval = (int) ((value >>> (bits - 1 - j)) & 1);
            int idx = (int) (offset >>> 3);
            int bit = 7 - (int) (offset & 7);
            p[idx] = (byte) ((p[idx] & ~(1 << bit)) | (bitval << bit));
        }
    }

    static long signExtend(long v, int bits) {
        if (bits < 64 && (v & (1L << (bits - 1))) != 0) v |= -1L << bits;
        return v;
    }

    /** checkUnsignedBitfieldOverflow: 1 / -1 on overflow with limit set for WRAP and SAT. */
    static int unsignedOverflow(long value, long incr, int bits, int owtype, long[] limit) {
        long max = bits == 64 ? -1L : (1L << bits) - 1;
        long maxincr = max - value;
        long minincr = -value;
        if (Long.compareUnsigned(value, max) > 0 || (incr > 0 && incr > maxincr)) {
            if (owtype == WRAP) limit[0] = (value + incr) & ~(-1L << bits);
            else if (owtype == SAT) limit[0] = max;
            return 1;
        } else if (incr < 0 && incr < minincr) {
            if (owtype == WRAP) limit[0] = (value + incr) & ~(-1L << bits);
            else if (owtype == SAT) limit[0] = 0;
            return -1;
        }
        return 0;
    }

    /** checkSignedBitfieldOverflow. */
    static int signedOverflow(long value, long incr, int bits, int owtype, long[] limit) {
        long max = bits == 64 ? Long.MAX_VALUE : (1L << (bits - 1)) - 1;
        long min = -max - 1;
        long maxincr = max - value;
        long minincr = min - value;
        if (value > max || (bits != 64 && incr > maxincr) || (value >= 0 && incr > 0 && incr > maxincr)) {
            if (owtype == WRAP) limit[0] = wrap(value, incr, bits);
            else if (owtype == SAT) limit[0] = max;
            return 1;
        } else if (value < min || (bits != 64 && incr < minincr) || (value < 0 && incr < 0 && incr < minincr)) {
            if (owtype == WRAP) limit[0] = wrap(value, incr, bits);
            else if (owtype == SAT) limit[0] = min;
            return -1;
        }
        return 0;
    }

    private static long wrap(long value, long incr, int bits) {
        long c = value + incr;
        if (bits < 64) {
            long mask = -1L << bits;
            if ((c & (1L << (bits - 1))) != 0) c |= mask;
            else c &= ~mask;
        }
        return c;
    }
}
