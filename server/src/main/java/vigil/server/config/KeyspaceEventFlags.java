package vigil.server.config;

/**
 * notify-keyspace-events: Redis's class characters to bits and back (keyspaceEventsStringToFlags
 * and keyspaceEventsFlagsToString), so CONFIG GET shows "AKE" for "KEA" as Redis does.
 */
public final class KeyspaceEventFlags {
    public static final int KEYSPACE = 1 << 0, KEYEVENT = 1 << 1, GENERIC = 1 << 2, STRING = 1 << 3,
            LIST = 1 << 4, SET = 1 << 5, HASH = 1 << 6, ZSET = 1 << 7, EXPIRED = 1 << 8, EVICTED = 1 << 9,
            STREAM = 1 << 10, KEY_MISS = 1 << 11, MODULE = 1 << 12, NEW = 1 << 13;
    /** 'A': every class except key-miss and new. */
    public static final int ALL = GENERIC | STRING | LIST | SET | HASH | ZSET | EXPIRED | EVICTED | STREAM | MODULE;

    private KeyspaceEventFlags() {
    }

    public static int parse(String s) throws ConfigValueException {
        int flags = 0;
        for (int i = 0; i < s.length(); i++) {
            int bit = flagOf(s.charAt(i));
            if (bit < 0) throw new ConfigValueException("Invalid event class character. Use 'Ag$lshzxeKEtmdn'.");
            flags |= bit;
        }
        return flags;
    }

    /** The flag of one class letter, -1 when the letter is unknown. */
    public static int flagOf(char c) {
        return switch (c) {
            case 'A' -> ALL;
            case 'g' -> GENERIC;
            case '$' -> STRING;
            case 'l' -> LIST;
            case 's' -> SET;
            case 'h' -> HASH;
            case 'z' -> ZSET;
            case 'x' -> EXPIRED;
            case 'e' -> EVICTED;
            case 'K' -> KEYSPACE;
            case 'E' -> KEYEVENT;
            case 't' -> STREAM;
            case 'm' -> KEY_MISS;
            case 'd' -> MODULE;
            case 'n' -> NEW;
            default -> -1;
        };
    }

    public static String format(int flags) {
        StringBuilder sb = new StringBuilder();
        if ((flags & ALL) == ALL) {
            sb.append('A');
        } else {
            char[] ch = {'g', '$', 'l', 's', 'h', 'z', 'x', 'e', 't', 'd', 'n'};
            int[] bit = {GENERIC, STRING, LIST, SET, HASH, ZSET, EXPIRED, EVICTED, STREAM, MODULE, NEW};
            for (int i = 0; i < ch.length; i++) if ((flags & bit[i]) != 0) sb.append(ch[i]);
        }
        if ((flags & KEYSPACE) != 0) sb.append('K');
        if ((flags & KEYEVENT) != 0) sb.append('E');
        if ((flags & KEY_MISS) != 0) sb.append('m');
        return sb.toString();
    }
}
