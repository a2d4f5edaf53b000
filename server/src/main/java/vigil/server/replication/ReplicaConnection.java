package vigil.server.replication;

import vigil.server.node.Client;

import java.nio.charset.StandardCharsets;

/**
 * One replica's connection as its master sees it: the {@link MasterMachine.Replica} the machine
 * decides about (REPLCONF data, sync state, ACKs, held stream), plus the client and its socket,
 * through which every byte a replica is sent goes ({@link #write}).
 */
final class ReplicaConnection extends MasterMachine.Replica {
    final Client client;
    /** The connection's written-bytes count where the full-sync payload ended: queued bytes before it are not stream. */
    private long payloadEnd;

    private final vigil.server.stats.ServerStats stats;

    ReplicaConnection(Client client, vigil.server.stats.ServerStats stats) {
        super(peerIp(client.conn.remoteAddress()));
        this.client = client;
        this.stats = stats;
        client.conn.trackWrites();
    }

    private static String peerIp(String address) {
        int i = address.lastIndexOf(':');
        return i > 0 ? address.substring(0, i) : address;
    }

    /**
     * The stream bytes still queued on the socket of this online replica (Redis counts its
     * replication buffer, not the RDB payload).
     */
    long queuedStreamBytes() {
        return Math.min(client.conn.pendingWriteBytes(), client.conn.bytesWritten() - payloadEnd);
    }

    /** The payload is out: stream bytes queued from here on count against the output-buffer limit. */
    void payloadWritten() {
        payloadEnd = client.conn.bytesWritten();
    }

    /** Writes straight to the replica's socket (replicas get no ordinary replies). */
    void write(byte[] b) {
        if (b.length == 0) return;
        stats.netReplOutputBytes += b.length;
        client.conn.write(b);
    }

    void write(String s) {
        write(s.getBytes(StandardCharsets.UTF_8));
    }
}
