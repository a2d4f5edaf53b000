package vigil.server.types.list;

import vigil.server.command.TypedLookup;

import vigil.server.node.VigilServer;
import vigil.server.node.Client;
import vigil.resp.server.command.CommandHandler;
import vigil.resp.server.command.Replies;
import vigil.server.keyspace.Db;
import vigil.server.keyspace.Dict;
import vigil.util.Bytes;

/**
 * Shared plumbing of the list commands: typed lookups (WRONGTYPE as an exception caught by
 * {@link #guard}), the "key changed" bookkeeping (delete when empty, WATCH, dirty) and index
 * normalisation.
 */
final class Lists {
    private Lists() {
    }

    static final byte[] LPOP = Bytes.of("LPOP");
    static final byte[] RPOP = Bytes.of("RPOP");
    static final byte[] LMOVE = Bytes.of("LMOVE");
    static final byte[] RPOPLPUSH = Bytes.of("RPOPLPUSH");
    static final byte[] LEFT = Bytes.of("left");
    static final byte[] RIGHT = Bytes.of("right");

    static CommandHandler<Client> guard(CommandHandler<Client> h) {
        return TypedLookup.guard(h);
    }

    /** The list at key or null; throws WrongType for another type. */
    static ListValue get(Db db, byte[] key, boolean write) {
        return TypedLookup.get(db, key, write, ListValue.class);
    }

    /** After a change of an existing list: delete it when empty, signal WATCH, count dirty. */
    static void changed(VigilServer server, Db db, byte[] key, ListValue l, long dirty) {
        if (l.size() == 0) db.delete(key);
        else server.modified(db, key);
        server.dirty += dirty;
    }

    /** Stores a list that was just created (it has elements); signals blocked clients. */
    static void created(VigilServer server, Db db, byte[] key, ListValue l, long dirty) {
        db.add(key, l);
        server.dirty += dirty;
    }

    /** LEFT / RIGHT (any case): true for the head, false for the tail, null when neither. */
    static Boolean position(byte[] arg) {
        if (Bytes.is(arg, "left")) return Boolean.TRUE;
        if (Bytes.is(arg, "right")) return Boolean.FALSE;
        return null;
    }

    /** Pops up to count elements from one end, replying with them as an array. */
    static void popRangeReply(Client c, ListValue l, long count, boolean head) {
        int n = (int) Math.min(count, l.size());
        c.out.array(n);
        for (int i = 0; i < n; i++) c.out.bulk(l.pop(head));
    }
}
