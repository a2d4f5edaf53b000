package vigil.server.persistence;

import vigil.rdb.DumpPayload;
import vigil.server.node.VigilServer;
import vigil.server.node.Client;
import vigil.resp.server.command.CommandTable;
import vigil.resp.server.command.Replies;
import vigil.server.keyspace.Db;
import vigil.server.keyspace.Dict;
import vigil.util.Bytes;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * DUMP and RESTORE (restoreCommand in Redis 7.0's cluster.c): the payload is the value's RDB
 * encoding plus version and CRC-64 ({@link DumpPayload}). RESTORE checks options, BUSYKEY, the
 * TTL and the payload in Redis's order, builds the value with the type's own encodings, and
 * propagates a relative TTL as an absolute one with ABSTTL (or a DEL when REPLACE met an already
 * expired TTL). Db.add signals the key, which wakes clients blocked on it.
 */
public final class DumpRestoreCommands {
    private static final byte[] ABSTTL = "ABSTTL".getBytes(StandardCharsets.US_ASCII);

    private DumpRestoreCommands() {
    }

    public static void register(CommandTable<Client> t, VigilServer server) {
        t.add("dump", 2, "readonly", 1, 1, 1, "keyspace", (c, argv) -> dump(server, c, argv));
        t.add("restore", -4, "write denyoom", 1, 1, 1, "keyspace", (c, argv) -> restore(server, c, argv));
    }

    static void dump(VigilServer server, Client c, byte[][] argv) {
        Object v = c.db.get(argv[1]);
        if (v == null) {
            c.out.nullBulk();
            return;
        }
        c.out.bulk(ValueEncoding.dump(v, server.config.rdbcompression));
    }

    static void restore(VigilServer server, Client c, byte[][] argv) {
        boolean replace = false, absttl = false;
        long idle = -1, freq = -1;
        for (int j = 4; j < argv.length; j++) {
            int additional = argv.length - j - 1;
            if (Bytes.is(argv[j], "replace")) {
                replace = true;
            } else if (Bytes.is(argv[j], "absttl")) {
                absttl = true;
            } else if (Bytes.is(argv[j], "idletime") && additional >= 1 && freq == -1) {
                Long v = Bytes.parseLong(argv[j + 1]);
                if (v == null) {
                    c.out.error(Replies.NOT_INTEGER);
                    return;
                }
                if (v < 0) {
                    c.out.error("ERR Invalid IDLETIME value, must be >= 0");
                    return;
                }
                idle = v;
                j++;
            } else if (Bytes.is(argv[j], "freq") && additional >= 1 && idle == -1) {
                Long v = Bytes.parseLong(argv[j + 1]);
                if (v == null) {
                    c.out.error(Replies.NOT_INTEGER);
                    return;
                }
                if (v < 0 || v > 255) {
                    c.out.error("ERR Invalid FREQ value, must be >= 0 and <= 255");
                    return;
                }
                freq = v;   // accepted; Vigil keeps no LFU counter yet
                j++;
            } else {
                c.out.error(Replies.SYNTAX);
                return;
            }
        }
        Db db = c.db;
        byte[] key = argv[1];
        if (!replace && db.lookupWrite(key) != null) {
            c.out.error("BUSYKEY Target key name already exists.");
            return;
        }
        Long ttlArg = Bytes.parseLong(argv[2]);
        if (ttlArg == null) {
            c.out.error(Replies.NOT_INTEGER);
            return;
        }
        long ttl = ttlArg;
        if (ttl < 0) {
            c.out.error("ERR Invalid TTL value, must be >= 0");
            return;
        }
        byte[] payload = argv[3];
        if (!DumpPayload.verify(payload)) {
            c.out.error("ERR DUMP payload version or checksum are wrong");
            return;
        }
        Object value;
        try {
            ValueBuilder builder = new ValueBuilder(server.encodingLimits);
            DumpPayload.decode(key, payload, builder);
            value = builder.take();
        } catch (Exception e) {
            value = null;
        }
        if (value == null) {
            c.out.error("ERR Bad data format");
            return;
        }
        boolean deleted = replace && db.delete(key);
        long now = server.now();
        if (ttl != 0 && !absttl) ttl += now;
        if (ttl != 0 && ttl <= now && !server.keyspace.isReplica()) {
            if (deleted) {
                server.dispatcher.rewrite(new byte[][]{"DEL".getBytes(StandardCharsets.US_ASCII), key});
                server.pubsub.notifications.notify('g', "del", db.id, key);
                server.dirty++;
            }
            c.out.ok();
            return;
        }
        Dict.Node n = db.add(key, value);
        if (ttl != 0) {
            db.setExpire(n, ttl);
            if (!absttl) {
                byte[][] rw = Arrays.copyOf(argv, argv.length + 1);
                rw[2] = Long.toString(ttl).getBytes(StandardCharsets.US_ASCII);
                rw[argv.length] = ABSTTL;
                server.dispatcher.rewrite(rw);
            }
        }
        if (idle >= 0) n.accessed = now - idle * 1000;
        server.pubsub.notifications.notify('g', "restore", db.id, key);
        c.out.ok();
        server.dirty++;
    }
}
