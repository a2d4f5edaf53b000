package vigil.server.admin;

import vigil.server.VigilServer;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Placeholder for the node's replication identity until the replication engine lands: a master
 * with no replicas, a fresh 40-hex replication id and offset 0. INFO replication and ROLE read
 * it; the replication issue replaces the fields' producers and keeps this reply shape.
 */
public final class ReplicationInfo {
    public static final String ZERO_ID = "0000000000000000000000000000000000000000";

    public String replId;
    public String replId2 = ZERO_ID;
    public long offset;
    public long secondOffset = -1;
    public long backlogSize = 1024 * 1024;

    ReplicationInfo() {
        byte[] id = new byte[20];
        new SecureRandom().nextBytes(id);
        replId = HexFormat.of().formatHex(id);
    }

    /** The node's instance, created on first use. */
    public static ReplicationInfo of(VigilServer server) {
        ReplicationInfo r = server.service(ReplicationInfo.class);
        if (r == null) {
            r = new ReplicationInfo();
            server.registerService(ReplicationInfo.class, r);
        }
        return r;
    }

    /** The "# Replication" section body. */
    void appendInfo(StringBuilder sb) {
        InfoCommand.field(sb, "role", "master");
        InfoCommand.field(sb, "connected_slaves", 0);
        InfoCommand.field(sb, "master_failover_state", "no-failover");
        InfoCommand.field(sb, "master_replid", replId);
        InfoCommand.field(sb, "master_replid2", replId2);
        InfoCommand.field(sb, "master_repl_offset", offset);
        InfoCommand.field(sb, "second_repl_offset", secondOffset);
        InfoCommand.field(sb, "repl_backlog_active", 0);
        InfoCommand.field(sb, "repl_backlog_size", backlogSize);
        InfoCommand.field(sb, "repl_backlog_first_byte_offset", 0);
        InfoCommand.field(sb, "repl_backlog_histlen", 0);
    }
}
