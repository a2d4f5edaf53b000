package vigil.server.keys;

import vigil.server.node.VigilServer;
import vigil.server.node.Client;
import vigil.resp.server.command.CommandTable;
import vigil.resp.server.command.Replies;
import vigil.server.command.ScanArgs;
import vigil.server.keyspace.Db;
import vigil.server.keyspace.Dict;
import vigil.util.Bytes;

import java.util.ArrayList;
import java.util.List;

/**
 * SCAN cursor [MATCH pattern] [COUNT n] [TYPE type], Redis 7.0's scanGenericCommand over the
 * keyspace dict: collect up to COUNT keys from whole buckets (at most COUNT*10 bucket steps),
 * then filter by pattern, type and expiry (expired keys are deleted on a master, as Redis does).
 * The cursor is Dict's reverse-binary cursor, stable across table resizes.
 */
public final class ScanCommand {
    private ScanCommand() {
    }

    static void register(CommandTable<Client> t, VigilServer server) {
        t.add("scan", -2, "readonly", 0, 0, 0, "keyspace", (c, argv) -> scan(server, c, argv));
    }

    static void scan(VigilServer server, Client c, byte[][] argv) {
        Long cursor = ScanArgs.cursor(c, argv[1]);
        if (cursor == null) return;
        ScanArgs sc = ScanArgs.options(c, argv, 2, cursor, true);
        if (sc == null) return;
        server.propagation.noTransaction();
        Db db = c.db;
        List<byte[]> keys = new ArrayList<>();
        long next = sc.scan(cur -> db.dict().scan(cur, n -> keys.add(n.key)), keys::size);

        List<byte[]> out = new ArrayList<>(keys.size());
        for (byte[] k : keys) {
            if (!sc.matches(k)) continue;
            Dict.Node n = db.find(k);
            if (sc.type != null && !ValueKinds.typeName(n).equalsIgnoreCase(sc.type)) continue;
            if (n == null) continue;
            out.add(k);
        }
        c.out.array(2);
        c.out.bulk(Bytes.fromLong(next));
        c.out.array(out.size());
        for (byte[] k : out) c.out.bulk(k);
    }
}
