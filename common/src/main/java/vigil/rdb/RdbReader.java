package vigil.rdb;

import java.io.IOException;
import java.io.InputStream;

import static vigil.rdb.RdbTypes.*;

/**
 * Reads an RDB stream (versions 1 to 10, as Redis 7.0's rdbLoadRio accepts) from any InputStream
 * and delivers it to an {@link RdbVisitor} as it goes: nothing but the current key's value (and
 * for encoded values, one blob) is ever in memory. Verifies the CRC-64 trailer unless it is zero
 * ("saved with rdbchecksum no"). Every problem is an RdbFormatException carrying the offset.
 */
public final class RdbReader {
    private final RdbInput in;

    public RdbReader(InputStream stream) {
        this.in = new RdbInput(stream);
    }

    /** Offset of the next byte to read (after {@link #read}: the length of the RDB). */
    public long offset() {
        return in.offset();
    }

    public void read(RdbVisitor v) throws IOException {
        byte[] magic = new byte[9];
        in.readFully(magic, 0, 9, "the 'REDIS' magic and a 4-digit version");
        if (magic[0] != 'R' || magic[1] != 'E' || magic[2] != 'D' || magic[3] != 'I' || magic[4] != 'S') {
            throw new RdbFormatException(0, "wrong signature trying to load DB from file: not an RDB file");
        }
        int version = 0;
        for (int i = 5; i < 9; i++) {
            if (magic[i] < '0' || magic[i] > '9') throw new RdbFormatException(i, "invalid RDB version digits");
            version = version * 10 + magic[i] - '0';
        }
        if (version < 1 || version > VERSION) throw new RdbFormatException(5, "can't handle RDB format version " + version);
        v.version(version);
        long expireMs = -1;
        while (true) {
            long at = in.offset();
            int op = in.u8("an opcode or value type");
            switch (op) {
                case OP_EXPIRETIME -> {
                    expireMs = (long) (int) in.le(4, "EXPIRETIME seconds") * 1000;   // a signed 32-bit time_t
                    continue;
                }
                case OP_EXPIRETIME_MS -> {
                    expireMs = in.le(8, "EXPIRETIME_MS milliseconds");
                    continue;
                }
                case OP_FREQ -> {
                    v.freq(in.u8("LFU counter"));
                    continue;
                }
                case OP_IDLE -> {
                    v.idle(in.count("LRU idle time"));
                    continue;
                }
                case OP_EOF -> {
                    finish(version, v);
                    return;
                }
                case OP_SELECTDB -> {
                    long db = in.count("database number");
                    if (db > Integer.MAX_VALUE) throw new RdbFormatException(at, "database number " + db + " out of range");
                    v.selectDb((int) db);
                    continue;
                }
                case OP_RESIZEDB -> {
                    long size = in.count("RESIZEDB hash table size");
                    v.resizeDb(size, in.count("RESIZEDB expires table size"));
                    continue;
                }
                case OP_AUX -> {
                    byte[] name = in.string("aux field name");
                    v.aux(name, in.string("aux field value"));
                    continue;
                }
                case OP_FUNCTION2 -> {
                    v.function(in.string("function library code"));
                    continue;
                }
                case OP_FUNCTION_PRE_GA -> throw new RdbFormatException(at, "pre-release function format not supported");
                case OP_MODULE_AUX -> throw new RdbFormatException(at, "module auxiliary data (modules are not supported)");
                default -> {
                }
            }
            if (!ValueDecoder.isValueType(op)) throw new RdbFormatException(at, "unknown opcode or value type " + op);
            byte[] key = in.string("key");
            ValueDecoder.read(in, op, key, expireMs, v);
            expireMs = -1;
        }
    }

    private void finish(int version, RdbVisitor v) throws IOException {
        if (version < 5) {
            v.finish(false);
            return;
        }
        long expected = in.crc();
        long at = in.offset();
        long stored = in.le(8, "the 8-byte CRC-64 trailer");
        if (stored == 0) {
            v.finish(false);
            return;
        }
        if (stored != expected) {
            throw new RdbFormatException(at, String.format("wrong RDB checksum: stored %016x, computed %016x", stored, expected));
        }
        v.finish(true);
    }
}
