package vigil.sentinel.core;

/**
 * Builds event messages as Redis's sentinelEvent does: {@code %@} is
 * {@code <type> <name> <ip> <port>} for a master and
 * {@code <type> <name> <ip> <port> @ <master> <master ip> <master port>} for replicas and sentinels,
 * followed by the event's own suffix.
 */
final class Events {
    private Events() {
    }

    /** The {@code %@} part for {@code ri}, which belongs to {@code master} (ri may be the master itself). */
    static String at(Instance ri, MasterState master) {
        StringBuilder sb = new StringBuilder();
        sb.append(ri.kind.word).append(' ').append(ri.name).append(' ')
                .append(ri.addr.host()).append(' ').append(ri.addr.port());
        if (ri.kind != InstanceKind.MASTER && master != null) {
            sb.append(" @ ").append(master.name).append(' ')
                    .append(master.addr.host()).append(' ').append(master.addr.port());
        }
        return sb.toString();
    }
}
