package vigil.server.command;

import vigil.server.node.Client;

import vigil.resp.server.command.CommandHandler;
import vigil.resp.server.command.Replies;
import vigil.server.keyspace.Db;
import vigil.server.keyspace.Dict;

/**
 * A typed lookup for collection commands: the value at key as the expected class, null when the
 * key is absent, or a {@link WrongType} thrown for another type, which {@link #guard} turns into
 * Redis's WRONGTYPE reply. Lets handlers read straight through without checking at every step.
 */
public final class TypedLookup {
    private TypedLookup() {
    }

    /** The key holds another type; carries no stack trace (it is control flow, answered as WRONGTYPE). */
    public static final class WrongType extends RuntimeException {
        public static final WrongType INSTANCE = new WrongType();

        private WrongType() {
            super(null, null, false, false);
        }
    }

    /** The value at key as {@code type}, null when absent; throws WrongType for another type. */
    public static <T> T get(Db db, byte[] key, boolean write, Class<T> type) {
        Dict.Node n = write ? db.lookupWrite(key) : db.lookupRead(key);
        if (n == null) return null;
        if (type.isInstance(n.value)) return type.cast(n.value);
        throw WrongType.INSTANCE;
    }

    /** Wraps a handler so that a WrongType from a lookup becomes the WRONGTYPE error reply. */
    public static CommandHandler<Client> guard(CommandHandler<Client> h) {
        return (c, argv) -> {
            try {
                h.execute(c, argv);
            } catch (WrongType e) {
                c.out.error(Replies.WRONGTYPE);
            }
        };
    }
}
