package vigil.server.pubsub;

import vigil.server.VigilServer;
import vigil.server.util.Bytes;

import java.nio.charset.StandardCharsets;

/**
 * Keyspace notifications (notify-keyspace-events): commands call {@link #notify} after a change,
 * and when the configured classes include the event's class it is published to
 * {@code __keyspace@<db>__:<key>} (message: the event) and/or {@code __keyevent@<db>__:<event>}
 * (message: the key), as Redis 7.0's notifyKeyspaceEvent does. The flag letters and their
 * canonical string form follow notify.c.
 */
public final class KeyspaceNotifications {
    public static final int KEYSPACE = 1 << 0;   // K
    public static final int KEYEVENT = 1 << 1;   // E
    public static final int GENERIC = 1 << 2;    // g
    public static final int STRING = 1 << 3;     // $
    public static final int LIST = 1 << 4;       // l
    public static final int SET = 1 << 5;        // s
    public static final int HASH = 1 << 6;       // h
    public static final int ZSET = 1 << 7;       // z
    public static final int EXPIRED = 1 << 8;    // x
    public static final int EVICTED = 1 << 9;    // e
    public static final int STREAM = 1 << 10;    // t
    public static final int KEY_MISS = 1 << 11;  // m (not part of A)
    public static final int MODULE = 1 << 12;    // d
    public static final int NEW = 1 << 13;       // n (not part of A)
    public static final int ALL = GENERIC | STRING | LIST | SET | HASH | ZSET | EXPIRED | EVICTED | STREAM | MODULE;

    private final VigilServer server;
    private String parsedFrom;
    private int flags;

    public KeyspaceNotifications(VigilServer server) {
        this.server = server;
        server.onExpired((db, key) -> notify('x', "expired", db.id, key));
    }

    /** The class letters to flags, or -1 when a letter is unknown (CONFIG SET's error). */
    public static int parse(String classes) {
        int f = 0;
        for (int i = 0; i < classes.length(); i++) {
            int bit = flagOf(classes.charAt(i));
            if (bit < 0) return -1;
            f |= bit;
        }
        return f;
    }

    /** The canonical form CONFIG GET shows: "AKE" for "KEA". */
    public static String format(int flags) {
        StringBuilder sb = new StringBuilder();
        if ((flags & ALL) == ALL) {
            sb.append('A');
        } else {
            String letters = "g$lshzxetdn";
            for (int i = 0; i < letters.length(); i++) {
                if ((flags & flagOf(letters.charAt(i))) != 0) sb.append(letters.charAt(i));
            }
        }
        if ((flags & KEYSPACE) != 0) sb.append('K');
        if ((flags & KEYEVENT) != 0) sb.append('E');
        if ((flags & KEY_MISS) != 0) sb.append('m');
        return sb.toString();
    }

    /** The flag of one class letter, -1 if unknown. */
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

    /** The configured flags (re-parsed when the config string changes). */
    public int flags() {
        String conf = server.config.notifyKeyspaceEvents;
        if (conf != parsedFrom) {
            int f = parse(conf == null ? "" : conf);
            flags = Math.max(f, 0);
            parsedFrom = conf;
        }
        return flags;
    }

    /**
     * Publishes an event if its class is enabled. {@code typeClass} is the class letter: 'g'
     * generic, '$' string, 'l', 's', 'h', 'z', 'x' expired, 'e' evicted, 't', 'm' miss, 'n' new.
     */
    public void notify(char typeClass, String event, int db, byte[] key) {
        int f = flags();
        if (f == 0) return;
        int type = flagOf(typeClass);
        if (type < 0 || (f & type) == 0) return;
        byte[] ev = event.getBytes(StandardCharsets.US_ASCII);
        if ((f & KEYSPACE) != 0) {
            server.pubsub.publish(concat("__keyspace@" + db + "__:", key), ev);
        }
        if ((f & KEYEVENT) != 0) {
            server.pubsub.publish(concat("__keyevent@" + db + "__:", ev), key);
        }
    }

    private static byte[] concat(String prefix, byte[] tail) {
        byte[] p = Bytes.of(prefix);
        byte[] out = new byte[p.length + tail.length];
        System.arraycopy(p, 0, out, 0, p.length);
        System.arraycopy(tail, 0, out, p.length, tail.length);
        return out;
    }
}
