package vigil.server.node;

import vigil.server.config.ConfigValueException;
import vigil.server.config.KeyspaceEventFlags;
import vigil.util.Bytes;

import java.nio.charset.StandardCharsets;

/**
 * Keyspace notifications (notify-keyspace-events): commands call {@link #notify} after a change,
 * and when the configured classes include the event's class it is published to
 * {@code __keyspace@<db>__:<key>} (message: the event) and/or {@code __keyevent@<db>__:<event>}
 * (message: the key), as Redis 7.0's notifyKeyspaceEvent does. The flag letters live in
 * {@link KeyspaceEventFlags}.
 */
public final class KeyspaceNotifications {
    private final VigilServer server;
    private String parsedFrom;
    private int flags;

    public KeyspaceNotifications(VigilServer server) {
        this.server = server;
    }

    /** The configured flags (re-parsed when the config string changes). */
    public int flags() {
        String conf = server.config.notifyKeyspaceEvents;
        if (conf != parsedFrom) {
            try {
                flags = KeyspaceEventFlags.parse(conf == null ? "" : conf);
            } catch (ConfigValueException e) {
                flags = 0;   // CONFIG SET refuses bad strings; nothing else can set one
            }
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
        int type = KeyspaceEventFlags.flagOf(typeClass);
        if (type < 0 || (f & type) == 0) return;
        byte[] ev = event.getBytes(StandardCharsets.US_ASCII);
        if ((f & KeyspaceEventFlags.KEYSPACE) != 0) {
            server.pubsub.publish(concat("__keyspace@" + db + "__:", key), ev);
        }
        if ((f & KeyspaceEventFlags.KEYEVENT) != 0) {
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
