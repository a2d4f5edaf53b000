package vigil.server.replication;

import vigil.server.VigilServer;
import vigil.server.blocking.BlockingManager;
import vigil.server.client.Client;
import vigil.resp.server.command.CommandTable;
import vigil.server.keyspace.Db;
import vigil.util.Bytes;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * WAIT numreplicas timeout: blocks until that many replicas acknowledged the replication offset
 * of the caller's last write (Redis's c->woff), or the timeout; answers how many did. While
 * clients wait, one {@code REPLCONF GETACK *} per event-loop turn asks the replicas to ACK.
 */
final class WaitCommand {
    private static final byte[] GETACK = MasterService.encode(new byte[][]{
            "REPLCONF".getBytes(StandardCharsets.US_ASCII), "GETACK".getBytes(StandardCharsets.US_ASCII), {'*'}});

    private final VigilServer server;
    private final MasterService master;
    /** Offset after each client's last write (woff). */
    private final Map<Client, Long> woff = new HashMap<>();
    /** Clients blocked in WAIT, and the replica count each needs. */
    private final Map<Client, Long> waiting = new HashMap<>();
    private Client writer;
    /** The last client that wrote and its woff, kept out of {@link #woff} until another client writes (no map update per write). */
    private Client lastWriter;
    private long lastWoff;
    private boolean getackQueued;

    private WaitCommand(VigilServer server, MasterService master) {
        this.server = server;
        this.master = master;
    }

    static void register(CommandTable<Client> t, VigilServer server, MasterService master) {
        WaitCommand w = new WaitCommand(server, master);
        master.waits = w;
        server.dispatcher.addBeforeObserver((c, cmd, argv, micros) -> {
            if (!server.dispatcher.nested()) w.writer = c;
        });
        server.onClientRemoved(c -> {
            if (w.lastWriter == c) w.lastWriter = null;
            w.woff.remove(c);
            w.waiting.remove(c);
        });
        t.add("wait", 3, "noscript", 0, 0, 0, "connection", w::execute);
    }

    /** The stream advanced because of the current command's writes. */
    void produced(long offset) {
        if (writer == null || writer.closed) return;
        if (writer != lastWriter) {
            if (lastWriter != null) woff.put(lastWriter, lastWoff);
            lastWriter = writer;
        }
        lastWoff = offset;
    }

    private long woff(Client c) {
        return c == lastWriter ? lastWoff : woff.getOrDefault(c, 0L);
    }

    private long acked(long offset) {
        long n = 0;
        for (ReplicaConnection r : master.replicas) {
            if (r.state == ReplicaConnection.State.ONLINE && r.ackOffset >= offset) n++;
        }
        return n;
    }

    private void execute(Client c, byte[][] argv) {
        if (master.state.isReplica()) {
            c.out.error("ERR WAIT cannot be used with replica instances. Please also note that since Redis 4.0 if a replica is configured to be writable (which is not the default) writes to replicas are just local and are not propagated.");
            return;
        }
        Long num = Bytes.parseLong(argv[1]);
        if (num == null) {
            c.out.error("ERR value is not an integer or out of range");
            return;
        }
        long timeout = vigil.server.blocking.Timeouts.millis(c, argv[2]);
        if (timeout < 0) return;
        long offset = woff(c);
        long acks = acked(offset);
        BlockingManager bm = BlockingManager.of(server);
        if (acks >= num || !bm.mayBlock(c)) {
            c.out.integer(acks);
            return;
        }
        waiting.put(c, num);
        long deadline = timeout == 0 ? 0 : server.clock.getAsLong() + timeout;
        bm.block(c, new byte[0][], deadline, new BlockingManager.Waiter() {
            @Override
            public boolean serve(Client cl, Db db, byte[] key) {
                return false;
            }

            @Override
            public void timeout(Client cl) {
                waiting.remove(cl);
                cl.out.integer(acked(offset));
            }
        });
        requestAcks();
    }

    /** replicationRequestAckFromSlaves: one GETACK into the stream after this event. */
    private void requestAcks() {
        if (getackQueued || server.scheduler == null) return;
        getackQueued = true;
        server.scheduler.runLater(() -> {
            getackQueued = false;
            if (!waiting.isEmpty() && !master.replicas.isEmpty()) master.produceRaw(GETACK);
        });
    }

    /** A replica ACKed: wake the WAITs it satisfied. */
    void acked() {
        if (waiting.isEmpty()) return;
        BlockingManager bm = BlockingManager.of(server);
        for (Map.Entry<Client, Long> e : new HashMap<>(waiting).entrySet()) {
            if (acked(woff(e.getKey())) >= e.getValue()) bm.unblock(e.getKey().id, false);
        }
    }
}
