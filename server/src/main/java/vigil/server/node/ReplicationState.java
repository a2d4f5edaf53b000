package vigil.server.node;

import vigil.server.replication.fence.HelloFence;
import vigil.server.replication.link.ReplicaLink;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The node's replication identity and role, shared by both sides of replication: replication
 * ids and offsets (PSYNC2: replid, replid2, second_repl_offset), whether this node is a replica
 * and of whom, and the replica link's progress. INFO replication and ROLE are rendered here.
 * The master side (backlog, connected replicas) plugs in through {@link MasterSide}.
 */
public final class ReplicationState {
    public static final String ZERO_ID = "0000000000000000000000000000000000000000";

    /** What the master side (backlog and replica links) reports to INFO and ROLE. */
    public interface MasterSide {
        int connectedReplicas();

        /** "slaveN:ip=...,port=...,state=...,offset=...,lag=..." lines. */
        default void appendReplicaLines(StringBuilder sb) {
        }

        /** ROLE's third element: [[ip, port, offset]...]. */
        default void appendRoleReplicas(Client c) {
            c.out.array(0);
        }

        /** The highest stream offset min-replicas-ack replicas (at least one) acknowledged (INFO acked_repl_offset). */
        default long ackedReplOffset() {
            return 0;
        }

        default boolean backlogActive() {
            return false;
        }

        default long backlogFirstByteOffset() {
            return 0;
        }

        default long backlogHistlen() {
            return 0;
        }

        MasterSide NONE = () -> 0;
    }

    public String replId = newReplId();
    public String replId2 = ZERO_ID;
    /** master_repl_offset: bytes of replication stream produced (master) or applied and forwarded (replica). */
    public long offset;
    public long secondOffset = -1;
    public MasterSide masterSide = MasterSide.NONE;
    /** master_failover_state (FAILOVER's state word). */
    public java.util.function.Supplier<String> failoverState = () -> "no-failover";

    // ---- replica side, maintained by ReplicaService ----
    /** replicaof host, null when this node is a master. */
    public String masterHost;
    public int masterPort;
    public ReplicaLink link;
    /** Vigil: the write fence fed by sentinel hellos (set by the assembly; recognises no address until then). */
    public HelloFence fence = new HelloFence((ip, port) -> false);
    /** The master's link client while one is attached (Redis's server.master). */
    public Client masterClient;
    /** Offsets of the master stream: read (received) and applied (processed), while attached or cached. */
    public long readOffset, appliedOffset;
    public boolean loading;
    /** The payload loads while clients keep reading the old data (repl-diskless-load swapdb): INFO async_loading. */
    public boolean asyncLoading;
    /** Full sync payload progress: total (-1 unknown), read so far, last byte time. */
    public long syncTotal = -1, syncRead, syncLastIo;
    /** When the link went down (ms), 0 when it never was up. */
    public long downSince;

    public static String newReplId() {
        byte[] id = new byte[20];
        new SecureRandom().nextBytes(id);
        return HexFormat.of().formatHex(id);
    }

    public boolean isReplica() {
        return masterHost != null;
    }

    public boolean linkUp() {
        return link != null && link.state() == ReplicaLink.State.CONNECTED && !loading;
    }

    /** PSYNC2's shiftReplicationId: the current history stays reachable as replid2 up to offset. */
    public void shiftReplId() {
        replId2 = replId;
        secondOffset = offset + 1;
        replId = newReplId();
    }

    /** ROLE's state word for the link. */
    public String linkStateWord() {
        if (link == null) return "none";
        if (link.inHandshake()) return "handshake";
        return switch (link.state()) {
            case NONE -> "none";
            case CONNECT -> "connect";
            case CONNECTING -> "connecting";
            case TRANSFER -> "sync";
            case CONNECTED -> loading ? "sync" : "connected";
            default -> "unknown";
        };
    }

    public void role(Client c) {
        if (!isReplica()) {
            c.out.array(3).bulk("master").integer(offset);
            masterSide.appendRoleReplicas(c);
            return;
        }
        c.out.array(5).bulk("slave").bulk(masterHost).integer(masterPort).bulk(linkStateWord())
                .integer(masterClient != null ? appliedOffset : -1);
    }

    /** The "# Replication" section body, in Redis 7.0's order. */
    public void appendInfo(StringBuilder sb, VigilServer server) {
        long now = server.clock.getAsLong();
        if (!isReplica()) {
            field(sb, "role", "master");
            if (fence.fenced()) {   // Vigil: writes refused, a newer configuration names another master
                field(sb, "master_fenced", 1);
                field(sb, "master_fenced_by", fence.fencedBy().replace(' ', '/'));
            }
        } else {
            field(sb, "role", "slave");
            field(sb, "master_host", masterHost);
            field(sb, "master_port", masterPort);
            boolean up = linkUp();
            field(sb, "master_link_status", up ? "up" : "down");
            field(sb, "master_last_io_seconds_ago", masterClient != null ? (now - masterClient.lastInteraction) / 1000 : -1);
            boolean syncing = link != null && (link.state() == ReplicaLink.State.TRANSFER || loading);
            field(sb, "master_sync_in_progress", syncing ? 1 : 0);
            field(sb, "slave_read_repl_offset", readOffset);
            field(sb, "slave_repl_offset", appliedOffset);
            if (syncing) {
                field(sb, "master_sync_total_bytes", syncTotal);
                field(sb, "master_sync_read_bytes", syncRead);
                field(sb, "master_sync_left_bytes", syncTotal - syncRead);
                field(sb, "master_sync_perc", String.format(Locale.ROOT, "%.2f", syncTotal != 0 ? (double) syncRead / syncTotal * 100 : 0.0));
                field(sb, "master_sync_last_io_seconds_ago", (now - syncLastIo) / 1000);
            }
            if (!up) field(sb, "master_link_down_since_seconds", downSince != 0 ? (now - downSince) / 1000 : -1);
            ReplicaLink.SyncRefused refused = link == null ? null : link.refusal();
            if (refused != null) {   // Vigil: a master behind us is refused (replica-refuse-behind-master-period)
                field(sb, "master_sync_refused", 1);
                field(sb, "master_sync_refused_reason", "master-behind");
                field(sb, "master_sync_refused_master_offset", refused.masterOffset());
                field(sb, "master_sync_refused_since_seconds", (now - link.refusingSince()) / 1000);
            }
            field(sb, "slave_priority", server.config.replicaPriority);
            field(sb, "slave_read_only", server.config.replicaReadOnly ? 1 : 0);
            field(sb, "replica_announced", server.config.replicaAnnounced ? 1 : 0);
        }
        field(sb, "connected_slaves", masterSide.connectedReplicas());
        masterSide.appendReplicaLines(sb);
        field(sb, "master_failover_state", failoverState.get());
        field(sb, "master_replid", replId);
        field(sb, "master_replid2", replId2);
        field(sb, "master_repl_offset", offset);
        field(sb, "second_repl_offset", secondOffset);
        field(sb, "repl_backlog_active", masterSide.backlogActive() ? 1 : 0);
        field(sb, "repl_backlog_size", server.config.replBacklogSize);
        field(sb, "repl_backlog_first_byte_offset", masterSide.backlogFirstByteOffset());
        field(sb, "repl_backlog_histlen", masterSide.backlogHistlen());
        // zero-loss mode (Vigil's own fields, after Redis's)
        field(sb, "min_replicas_ack", server.config.minReplicasAck);
        if (!isReplica()) {
            field(sb, "min_replicas_ack_timeout", server.config.minReplicasAckTimeout);
            field(sb, "min_replicas_ack_join_delay", server.config.minReplicasAckJoinDelay);
            field(sb, "acked_repl_offset", masterSide.ackedReplOffset());
        }
    }

    private static void field(StringBuilder sb, String name, Object value) {
        sb.append(name).append(':').append(value).append("\r\n");
    }
}
