package vigil.sentinel.peers;

import java.util.List;

/**
 * How this sentinel joins its peer group. Defaults are tuned for fast failure detection on a LAN:
 * heartbeats every second, a member silent for {@code maxNoHeartbeatSeconds} (4) is removed, and the
 * split-brain merge (how groups found later through hellos join up) runs 2 s after start, then every 2 s.
 *
 * @param clusterName   the Hazelcast cluster name: sentinels of one deployment share it (default "vigil-sentinel")
 * @param bindHost      the interface to listen on (null: Hazelcast picks one)
 * @param port          the Hazelcast port (sentinel port + {@link PeerDirectory#DEFAULT_PORT_OFFSET} by default)
 * @param publicHost    the address peers must use (announce-ip), or null
 * @param runId         this sentinel's myid, published as the member attribute {@value PeerGroup#RUN_ID_ATTRIBUTE}
 */
public record PeerOptions(String clusterName, String bindHost, int port, String publicHost, String runId,
                          int heartbeatIntervalSeconds, int maxNoHeartbeatSeconds,
                          int mergeFirstRunSeconds, int mergeNextRunSeconds, List<String> explicitMembers) {

    public static final String DEFAULT_CLUSTER_NAME = "vigil-sentinel";

    public static PeerOptions defaults(String runId, String bindHost, int port) {
        return new PeerOptions(DEFAULT_CLUSTER_NAME, bindHost, port, null, runId, 1, 4, 2, 2, List.of());
    }

    public PeerOptions withClusterName(String name) {
        return new PeerOptions(name, bindHost, port, publicHost, runId, heartbeatIntervalSeconds,
                maxNoHeartbeatSeconds, mergeFirstRunSeconds, mergeNextRunSeconds, explicitMembers);
    }

    public PeerOptions withPublicHost(String host) {
        return new PeerOptions(clusterName, bindHost, port, host, runId, heartbeatIntervalSeconds,
                maxNoHeartbeatSeconds, mergeFirstRunSeconds, mergeNextRunSeconds, explicitMembers);
    }

    public PeerOptions withExplicitMembers(List<String> members) {
        return new PeerOptions(clusterName, bindHost, port, publicHost, runId, heartbeatIntervalSeconds,
                maxNoHeartbeatSeconds, mergeFirstRunSeconds, mergeNextRunSeconds, List.copyOf(members));
    }
}
