package vigil.sentinel.peers;

import com.hazelcast.cluster.Address;

import java.net.UnknownHostException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Hazelcast addresses of the peers this sentinel has heard of: fed by the runtime from the
 * hellos it receives (and the conf's known-sentinel lines), plus the explicit members. The
 * {@link HelloDiscoveryStrategy} hands them to Hazelcast, which joins or merges with them. A peer's
 * Hazelcast port is its announced sentinel port plus {@link #portOffset} (default 10000), so a hello
 * is enough to find it. Thread-safe: the runtime writes, Hazelcast's threads read.
 */
public final class PeerDirectory {
    /** Hazelcast port = sentinel port + this, on every sentinel of a group. */
    public static final int DEFAULT_PORT_OFFSET = 10_000;

    private final int portOffset;
    private final Set<Address> addresses = ConcurrentHashMap.newKeySet();
    /**
     * False while the member starts: it then forms a group of its own at once, and joins the
     * others through the split-brain merge a couple of seconds later. Joining peers that are
     * themselves still starting can fail Hazelcast's join phase and shut the member down.
     */
    private volatile boolean serving;

    public PeerDirectory(int portOffset, List<String> explicitMembers) {
        this.portOffset = portOffset;
        for (String m : explicitMembers) {
            int colon = m.lastIndexOf(':');
            if (colon < 0) throw new IllegalArgumentException("peer member must be host:port, got " + m);
            addHazelcast(m.substring(0, colon), Integer.parseInt(m.substring(colon + 1)));
        }
    }

    public int portOffset() {
        return portOffset;
    }

    /** A sentinel announced at {@code host:sentinelPort}: its group member is at sentinelPort + offset. */
    public boolean addSentinel(String host, int sentinelPort) {
        return addHazelcast(host, sentinelPort + portOffset);
    }

    /** An explicit Hazelcast member address. Returns true when it was new. */
    public boolean addHazelcast(String host, int port) {
        if (port <= 0 || port > 65535) return false;
        try {
            return addresses.add(new Address(host, port));
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** What discovery returns: nothing until {@link #serve()}. */
    public Set<Address> addresses() {
        return serving ? Set.copyOf(addresses) : Set.of();
    }

    /** Every address known, whether served yet or not. */
    public Set<Address> known() {
        return Set.copyOf(addresses);
    }

    void serve() {
        serving = true;
    }
}
