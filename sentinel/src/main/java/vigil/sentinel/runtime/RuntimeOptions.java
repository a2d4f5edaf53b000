package vigil.sentinel.runtime;

import vigil.sentinel.peers.PeerDirectory;
import vigil.sentinel.peers.PeerOptions;

import java.util.Arrays;
import java.util.List;

/**
 * Runtime knobs that are not sentinel.conf directives (Redis has no such concepts): the peer
 * group's name, port and explicit members. From JVM system properties, or environment variables:
 * <ul>
 *   <li>{@code vigil.sentinel.group} / {@code VIGIL_SENTINEL_GROUP}: Hazelcast cluster name (default "vigil-sentinel")</li>
 *   <li>{@code vigil.sentinel.hazelcast-port} / {@code VIGIL_SENTINEL_HAZELCAST_PORT}: this sentinel's
 *       group port (default: sentinel port + offset)</li>
 *   <li>{@code vigil.sentinel.hazelcast-port-offset} / {@code VIGIL_SENTINEL_HAZELCAST_PORT_OFFSET}: the offset
 *       (default 10000; must be the same on every sentinel, peers are found at their announced port + offset)</li>
 *   <li>{@code vigil.sentinel.hazelcast-members} / {@code VIGIL_SENTINEL_HAZELCAST_MEMBERS}: extra
 *       {@code host:port} group members, comma separated (optional; hellos are enough)</li>
 * </ul>
 *
 * @param hazelcastPort 0: sentinel port + offset
 * @param tickMs        the brain's timer period (100 ms, Redis's server.hz for sentinel)
 */
public record RuntimeOptions(String groupName, int hazelcastPort, int portOffset, List<String> explicitMembers,
                             long tickMs) {

    public static RuntimeOptions defaults() {
        return new RuntimeOptions(PeerOptions.DEFAULT_CLUSTER_NAME, 0, PeerDirectory.DEFAULT_PORT_OFFSET, List.of(), 100);
    }

    public static RuntimeOptions fromEnvironment() {
        String group = setting("vigil.sentinel.group", PeerOptions.DEFAULT_CLUSTER_NAME);
        int port = Integer.parseInt(setting("vigil.sentinel.hazelcast-port", "0"));
        int offset = Integer.parseInt(setting("vigil.sentinel.hazelcast-port-offset",
                Integer.toString(PeerDirectory.DEFAULT_PORT_OFFSET)));
        String members = setting("vigil.sentinel.hazelcast-members", "");
        List<String> list = members.isBlank() ? List.of()
                : Arrays.stream(members.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        return new RuntimeOptions(group, port, offset, list, 100);
    }

    public RuntimeOptions withGroup(String name, int hzPort) {
        return new RuntimeOptions(name, hzPort, portOffset, explicitMembers, tickMs);
    }

    private static String setting(String property, String dflt) {
        String v = System.getProperty(property);
        if (v != null) return v;
        String env = System.getenv(property.toUpperCase().replace('.', '_').replace('-', '_'));
        return env != null ? env : dflt;
    }
}
