package vigil.server.strings;

import vigil.server.node.VigilServer;
import vigil.server.node.Client;
import vigil.server.command.Args;
import vigil.resp.server.command.CommandTable;
import vigil.resp.server.command.Replies;
import vigil.server.keyspace.Dict;
import vigil.util.Bytes;

import java.util.Arrays;

import static vigil.server.strings.StringArgs.*;

/**
 * Bitmap commands over string values (bitops.c): SETBIT, GETBIT, BITCOUNT and BITPOS with the
 * 7.0 BYTE|BIT ranges, BITOP, and the registration of BITFIELD. Bit 0 is the most significant
 * bit of the first byte.
 */
public final class BitCommands {
    private BitCommands() {
    }

    public static void register(CommandTable<Client> t, VigilServer server) {
        t.add("setbit", 4, "write denyoom", 1, 1, 1, "bitmap", (c, argv) -> setbit(server, c, argv));
        t.add("getbit", 3, "readonly fast", 1, 1, 1, "bitmap", (c, argv) -> getbit(server, c, argv));
        t.add("bitcount", -2, "readonly", 1, 1, 1, "bitmap", (c, argv) -> bitcount(c, argv));
        t.add("bitpos", -3, "readonly", 1, 1, 1, "bitmap", (c, argv) -> bitpos(c, argv));
        t.add("bitop", -4, "write denyoom", 2, -1, 1, "bitmap", (c, argv) -> bitop(server, c, argv));
        BitfieldCommand.register(t, server);
    }

    static final String BAD_OFFSET = "ERR bit offset is not an integer or out of range";

    /**
     * Redis's getBitOffsetFromArgument: a bit offset below proto-max-bulk-len bytes; with hash
     * the "#N" form means N * bits. Returns -1 after writing the error.
     */
    static long bitOffset(VigilServer server, Client c, byte[] arg, boolean hash, int bits) {
        boolean useHash = hash && arg.length > 1 && arg[0] == '#';
        Long v = Bytes.parseLong(useHash ? Arrays.copyOfRange(arg, 1, arg.length) : arg);
        if (v == null) {
            c.out.error(BAD_OFFSET);
            return -1;
        }
        long off = v;
        if (useHash) off *= bits;
        if (off < 0 || (!c.isInternal() && (off >> 3) >= maxStringLength(server))) {
            c.out.error(BAD_OFFSET);
            return -1;
        }
        return off;
    }

    /**
     * Redis's lookupStringForBitCommand: the key's value grown (zero-padded) to hold maxBit, as a
     * fresh array the caller may modify and must store; WRONG after WRONGTYPE. created[0] tells
     * whether the key was created or grown (Redis's "dirty" out-parameter).
     */
    static byte[] growForBits(Client c, byte[] key, long maxBit, boolean[] created) {
        int need = (int) ((maxBit >>> 3) + 1);
        Dict.Node n = c.db.lookupWrite(key);
        if (n == null) {
            created[0] = true;
            return new byte[need];
        }
        if (!(n.value instanceof byte[] old)) {
            c.out.error(Replies.WRONGTYPE);
            return WRONG;
        }
        created[0] = old.length < need;
        return Arrays.copyOf(old, Math.max(old.length, need));
    }

    static void setbit(VigilServer server, Client c, byte[][] argv) {
        long off = bitOffset(server, c, argv[2], false, 0);
        if (off < 0) return;
        Long on = Bytes.parseLong(argv[3]);
        if (on == null || (on & ~1L) != 0) {
            c.out.error("ERR bit is not an integer or out of range");
            return;
        }
        boolean[] created = new boolean[1];
        byte[] v = growForBits(c, argv[1], off, created);
        if (v == WRONG) return;
        int idx = (int) (off >>> 3);
        int bit = 7 - (int) (off & 7);
        int old = (v[idx] >> bit) & 1;
        // Redis 7.0 counts (and propagates) SETBIT only when it created, grew or changed the string.
        if (created[0] || old != on) {
            v[idx] = (byte) ((v[idx] & ~(1 << bit)) | (on.intValue() << bit));
            c.db.set(argv[1], v, true).encoding = Dict.Node.ENC_RAW;
            server.dirty++;
        } else {
            // Redis unshares the string before looking at the bit: it is raw from now on.
            Dict.Node n = c.db.dict().get(argv[1]);
            if (n != null) n.encoding = Dict.Node.ENC_RAW;
        }
        c.out.integer(old);
    }

    static void getbit(VigilServer server, Client c, byte[][] argv) {
        long off = bitOffset(server, c, argv[2], false, 0);
        if (off < 0) return;
        byte[] v = read(c, argv[1]);
        if (v == WRONG) return;
        long idx = off >>> 3;
        if (v == null || idx >= v.length) {
            c.out.integer(0);
            return;
        }
        c.out.integer((v[(int) idx] >> (7 - (int) (off & 7))) & 1);
    }

    /** BITCOUNT key [start end [BYTE|BIT]] */
    static void bitcount(Client c, byte[][] argv) {
        byte[] v = read(c, argv[1]);
        if (v == WRONG) return;
        if (v == null) {
            c.out.integer(0);
            return;
        }
        long start, end;
        boolean isBit = false;
        if (argv.length == 4 || argv.length == 5) {
            long total = v.length;
            Long s = Args.integer(c, argv[2]);
            if (s == null) return;
            Long e = Args.integer(c, argv[3]);
            if (e == null) return;
            start = s;
            end = e;
            if (start < 0 && end < 0 && start > end) {
                c.out.integer(0);
                return;
            }
            if (argv.length == 5) {
                if (opt(argv[4], "bit")) isBit = true;
                else if (!opt(argv[4], "byte")) {
                    c.out.error(Replies.SYNTAX);
                    return;
                }
            }
            if (isBit) total <<= 3;
            if (start < 0) start = total + start;
            if (end < 0) end = total + end;
            if (start < 0) start = 0;
            if (end < 0) end = 0;
            if (end >= total) end = total - 1;
        } else if (argv.length == 2) {
            start = 0;
            end = v.length - 1;
        } else {
            c.out.error(Replies.SYNTAX);
            return;
        }
        if (start > end) {
            c.out.integer(0);
            return;
        }
        if (!isBit) {
            c.out.integer(popcount(v, (int) start, (int) end));
            return;
        }
        long count = 0;
        for (long b = start; b <= end; b++) {
            if ((b & 7) == 0 && b + 7 <= end) {
                count += Integer.bitCount(v[(int) (b >>> 3)] & 0xff);
                b += 7;
            } else {
                count += (v[(int) (b >>> 3)] >> (7 - (int) (b & 7))) & 1;
            }
        }
        c.out.integer(count);
    }

    static long popcount(byte[] v, int from, int to) {
        long n = 0;
        int i = from;
        for (; i + 7 <= to; i += 8) {
            long w = ((long) (v[i] & 0xff) << 56) | ((long) (v[i + 1] & 0xff) << 48) | ((long) (v[i + 2] & 0xff) << 40)
                    | ((long) (v[i + 3] & 0xff) << 32) | ((long) (v[i + 4] & 0xff) << 24) | ((v[i + 5] & 0xff) << 16)
                    | ((v[i + 6] & 0xff) << 8) | (v[i + 7] & 0xff);
            n += Long.bitCount(w);
        }
        for (; i <= to; i++) n += Integer.bitCount(v[i] & 0xff);
        return n;
    }

    /** BITPOS key bit [start [end [BYTE|BIT]]] */
    static void bitpos(Client c, byte[][] argv) {
        Long bitArg = Args.integer(c, argv[2]);
        if (bitArg == null) return;
        if (bitArg != 0 && bitArg != 1) {
            c.out.error("ERR The bit argument must be 1 or 0.");
            return;
        }
        int bit = bitArg.intValue();
        byte[] v = read(c, argv[1]);
        if (v == WRONG) return;
        if (v == null) {
            c.out.integer(bit == 1 ? -1 : 0);
            return;
        }
        long start, end;
        boolean isBit = false, endGiven = false;
        if (argv.length >= 4 && argv.length <= 6) {
            long total = v.length;
            Long s = Args.integer(c, argv[3]);
            if (s == null) return;
            start = s;
            if (argv.length == 6) {
                if (opt(argv[5], "bit")) isBit = true;
                else if (!opt(argv[5], "byte")) {
                    c.out.error(Replies.SYNTAX);
                    return;
                }
            }
            if (argv.length >= 5) {
                Long e = Args.integer(c, argv[4]);
                if (e == null) return;
                end = e;
                endGiven = true;
            } else {
                end = isBit ? (total << 3) + 7 : total - 1;
            }
            if (isBit) total <<= 3;
            if (start < 0) start = total + start;
            if (end < 0) end = total + end;
            if (start < 0) start = 0;
            if (end < 0) end = 0;
            if (end >= total) end = total - 1;
        } else if (argv.length == 3) {
            start = 0;
            end = v.length - 1;
        } else {
            c.out.error(Replies.SYNTAX);
            return;
        }
        if (start > end) {
            c.out.integer(-1);
            return;
        }
        long first = isBit ? start : start << 3;
        long last = isBit ? end : (end << 3) + 7;
        for (long b = first; b <= last; b++) {
            int idx = (int) (b >>> 3);
            if ((b & 7) == 0 && b + 7 <= last) {
                int by = v[idx] & 0xff;
                if (by == (bit == 1 ? 0 : 0xff)) {
                    b += 7;
                    continue;
                }
            }
            if (((v[idx] >> (7 - (int) (b & 7))) & 1) == bit) {
                c.out.integer(b);
                return;
            }
        }
        c.out.integer(bit == 1 || endGiven ? -1 : last + 1);
    }

    /** BITOP AND|OR|XOR|NOT destkey key [key ...] */
    static void bitop(VigilServer server, Client c, byte[][] argv) {
        byte[] op = argv[1];
        int kind;
        if (opt(op, "and")) kind = 0;
        else if (opt(op, "or")) kind = 1;
        else if (opt(op, "xor")) kind = 2;
        else if (opt(op, "not")) kind = 3;
        else {
            c.out.error(Replies.SYNTAX);
            return;
        }
        if (kind == 3 && argv.length != 4) {
            c.out.error("ERR BITOP NOT must be called with a single source key.");
            return;
        }
        int num = argv.length - 3;
        byte[][] src = new byte[num][];
        int maxLen = 0;
        for (int j = 0; j < num; j++) {
            byte[] v = read(c, argv[j + 3]);
            if (v == WRONG) return;
            src[j] = v == null ? RangeCommands.EMPTY : v;
            maxLen = Math.max(maxLen, src[j].length);
        }
        byte[] target = argv[2];
        if (maxLen > 0) {
            byte[] res = new byte[maxLen];
            for (int i = 0; i < maxLen; i++) {
                int out = i < src[0].length ? src[0][i] & 0xff : 0;
                if (kind == 3) out = ~out & 0xff;
                for (int j = 1; j < num; j++) {
                    int b = i < src[j].length ? src[j][i] & 0xff : 0;
                    if (kind == 0) out &= b;
                    else if (kind == 1) out |= b;
                    else out ^= b;
                }
                res[i] = (byte) out;
            }
            c.db.set(target, res, false).encoding = Dict.Node.ENC_RAW;
            server.dirty++;
        } else if (c.db.dict().get(target) != null) {
            c.db.delete(target);   // Redis's dbDelete: counts even a logically expired key
            server.dirty++;
        }
        c.out.integer(maxLen);
    }
}
