package vigil.resp.server.session;

import java.util.Locale;

/** Redis's client types, which CLIENT LIST TYPE and CLIENT KILL TYPE filter on. */
public enum ClientType {
    NORMAL, REPLICA, PUBSUB, MASTER;

    /** getClientTypeByName: normal, slave|replica, pubsub, master (any case); null when unknown. */
    public static ClientType byName(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "normal" -> NORMAL;
            case "slave", "replica" -> REPLICA;
            case "pubsub" -> PUBSUB;
            case "master" -> MASTER;
            default -> null;
        };
    }
}
