package vigil.server.replication;

import vigil.server.node.ReplicationState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vigil.resp.ProtocolException;
import vigil.server.node.VigilServer;
import vigil.server.node.Client;
import vigil.resp.server.session.Connection;
import vigil.server.transaction.TransactionCommands;
import vigil.util.Bytes;

import java.util.Arrays;

/**
 * Applies the master's command stream: each command runs through the normal dispatcher as the
 * master client (authenticated, flagged {@link Client#FLAG_MASTER}, replies discarded), the
 * offset advances by the exact bytes of each processed command (not inside MULTI: a
 * transaction counts when its EXEC ran, as Redis's reploff), and those same bytes go to the
 * {@link ReplicaService.StreamListener} for sub-replicas. After each chunk read from the master
 * the replica sends REPLCONF ACK with its offset when it advanced (or a GETACK asked), so a
 * master holding replies in zero-loss mode needs no extra round trip.
 */
final class MasterStream {
    private static final Logger log = LoggerFactory.getLogger(MasterStream.class);

    private final VigilServer server;
    private final ReplicationState state;
    private final ReplicaService service;
    /** Received bytes not yet applied (a partial command, or a transaction waiting for EXEC). */
    private byte[] raw = new byte[4096];
    private int rawLen;
    /** Bytes at the start of {@link #raw} applied but not yet forwarded. */
    private int applied;
    /** The master's selected db, kept across link breaks for +CONTINUE. */
    private int db;

    MasterStream(VigilServer server, ReplicationState state, ReplicaService service) {
        this.server = server;
        this.state = state;
        this.service = service;
    }

    void resetDb(int db) {
        this.db = db;
    }

    /** The master's selected db as last known (while detached: the cached master's). */
    int db() {
        return db;
    }

    Client attach(Connection conn) {
        Client m = server.newClient(conn);
        m.flags |= Client.FLAG_MASTER;
        m.authenticated = true;
        m.db = server.keyspace.db(db);
        m.in.setMaxBulkLen(Long.MAX_VALUE / 4);
        rawLen = 0;
        applied = 0;
        return m;
    }

    /** The link is gone: forget unapplied bytes and any open transaction; remember the db. */
    void detach(Client m) {
        forward();
        db = m.db.id;
        if (m.inMulti) TransactionCommands.discard(server, m);
        rawLen = 0;
        state.readOffset = state.appliedOffset;
    }

    void apply(byte[] chunk) {
        Client m = state.masterClient;
        boolean ackAsked = false;
        state.readOffset += chunk.length;
        append(chunk);
        m.in.append(chunk, 0, chunk.length);
        m.lastInteraction = server.clock.getAsLong();
        try {
            while (state.masterClient == m && !m.closed) {
                byte[][] argv = m.in.next();
                if (argv == null) break;
                if (argv.length > 0) {
                    if (Bytes.is(argv[0], "replconf")) {
                        // GETACK: answered once the whole chunk is applied and forwarded (below)
                        if (argv.length >= 2 && Bytes.is(argv[1], "getack")) ackAsked = true;
                    } else {
                        server.keyspace.setApplyingMaster(true);
                        try {
                            server.dispatcher.process(m, argv);
                        } finally {
                            server.keyspace.setApplyingMaster(false);
                        }
                        if (!m.out.isEmpty()) {
                            byte[] reply = m.out.drain();
                            if (reply.length > 0 && reply[0] == '-') {
                                log.warn("== CRITICAL == This replica is sending an error to its master: '{}' after processing the command '{}'",
                                        new String(reply, 1, Math.max(0, reply.length - 3), java.nio.charset.StandardCharsets.UTF_8).trim(),
                                        Bytes.str(argv[0]));
                            }
                        }
                    }
                }
                if (!m.inMulti) commit(state.readOffset - m.in.pending());
            }
        } catch (ProtocolException e) {
            log.warn("Protocol error from MASTER: {}", e.getMessage());
            service.killLink("Protocol error from MASTER");
        } finally {
            forward();   // sub-replicas get the bytes before our ACK is sent
        }
        // after each chunk: ACK what was applied (the master of a zero-loss write waits for it), and answer a GETACK
        service.ackApplied(ackAsked);
    }

    private void append(byte[] chunk) {
        if (rawLen + chunk.length > raw.length) raw = Arrays.copyOf(raw, Math.max(raw.length * 2, rawLen + chunk.length));
        System.arraycopy(chunk, 0, raw, rawLen, chunk.length);
        rawLen += chunk.length;
    }

    /** The bytes up to {@code upTo} are applied: the offset advances (they are forwarded by {@link #forward}). */
    private void commit(long upTo) {
        int n = (int) (upTo - state.appliedOffset);
        if (n <= 0) return;
        applied += n;
        state.appliedOffset = upTo;
        state.offset = upTo;
    }

    /**
     * Hands the applied bytes to the sub-replicas' side in one piece per chunk received (not per
     * command) and drops them from {@link #raw}: one copy and one shift per chunk.
     */
    private void forward() {
        if (applied == 0) return;
        byte[] out = Arrays.copyOf(raw, applied);
        System.arraycopy(raw, applied, raw, 0, rawLen - applied);
        rawLen -= applied;
        applied = 0;
        service.listener.onStreamBytes(out, state.appliedOffset);
    }
}
