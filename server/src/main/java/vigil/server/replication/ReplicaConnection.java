package vigil.server.replication;

import vigil.server.client.Client;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One replica as its master sees it (Redis's slave client fields): what it announced with
 * REPLCONF, where it is in the sync (wait_bgsave, send_bulk, online), its last ACK, and the
 * stream bytes held for it while its full-sync payload is still being sent.
 */
final class ReplicaConnection {
    enum State {
        WAIT_BGSAVE("wait_bgsave"), SEND_BULK("send_bulk"), ONLINE("online");

        final String word;

        State(String word) {
            this.word = word;
        }
    }

    final Client client;
    State state = State.WAIT_BGSAVE;
    int listeningPort;
    String announcedIp;
    boolean capaEof, capaPsync2;
    /** Sent PSYNC (false: the old SYNC, which gets no +FULLRESYNC line). */
    boolean psync = true;
    long ackOffset;
    long ackTime;
    /** Stream bytes produced after the payload's point in time, sent once the payload is out. */
    List<byte[]> pending;
    /** Bytes in {@link #pending}, and since when they are over the soft limit (0: not over). */
    long pendingBytes, softSince;
    /** The connection's written-bytes count where the full-sync payload ended: queued bytes before it are not stream. */
    private long payloadEnd;

    private final vigil.server.stats.ServerStats stats;

    ReplicaConnection(Client client, vigil.server.stats.ServerStats stats) {
        this.client = client;
        this.stats = stats;
        client.conn.trackWrites();
    }

    /**
     * The stream bytes waiting for this replica (Redis counts its replication buffer, not the
     * RDB payload): held during the payload, then those still queued on the socket.
     */
    long queuedStreamBytes() {
        if (pending != null) return pendingBytes;
        return Math.min(client.conn.pendingWriteBytes(), client.conn.bytesWritten() - payloadEnd);
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

    /** Stream bytes: sent when online, held during the payload, ignored before the snapshot started. */
    void stream(byte[] b) {
        if (state == State.ONLINE) write(b);
        else if (pending != null) {
            pending.add(b);
            pendingBytes += b.length;
        }
    }

    /**
     * checkClientOutputBufferLimits for the stream waiting for this replica: over the hard limit,
     * or over the soft one for longer than its seconds.
     */
    boolean overLimit(long[] limit, long now) {
        long hard = limit[0], soft = limit[1], seconds = limit[2];
        long queued = queuedStreamBytes();
        if (hard > 0 && queued >= hard) return true;
        if (soft > 0 && queued >= soft) {
            if (softSince == 0) softSince = now;
            return now - softSince > seconds * 1000;
        }
        softSince = 0;
        return false;
    }

    /** The payload is out: send what was held, then the live stream. */
    void online(long now) {
        List<byte[]> held = pending == null ? new ArrayList<>() : pending;
        pending = null;
        pendingBytes = 0;
        payloadEnd = client.conn.bytesWritten();
        state = State.ONLINE;
        ackTime = now;
        for (byte[] b : held) write(b);
    }

    /** The replica's address for INFO and ROLE: the announced ip, else the peer's. */
    String ip() {
        if (announcedIp != null) return announcedIp;
        String a = client.conn.remoteAddress();
        int i = a.lastIndexOf(':');
        return i > 0 ? a.substring(0, i) : a;
    }
}
