package vigil.server.replication;

import vigil.server.node.VigilServer;
import vigil.server.node.BlockingManager;
import vigil.server.node.Client;
import vigil.resp.server.command.CommandTable;
import vigil.server.keyspace.Db;
import vigil.util.Bytes;

import java.util.HashMap;
import java.util.Map;

/**
 * WAIT numreplicas timeout: blocks until that many replicas acknowledged the replication offset
 * of the caller's last write (Redis's c->woff), or the timeout; answers how many did. While
 * clients wait, one {@code REPLCONF GETACK *} per event-loop turn asks the replicas to ACK.
 */
final class WaitCommand {
    private static final byte[] GETACK = vigil.resp.RespCommand.encode("REPLCONF", "GETACK", "*");

    private final VigilServer server;
    private final MasterService master;
    /** Offset after each client's last write (woff). */
    private final Map<Client, Long> woff = new HashMap<>();
    private Client writer;
    /** The last client that wrote and its woff, kept out of {@link #woff} until another client writes (no map update per write). */
    private Client lastWriter;
    private long lastWoff;
    private boolean getackQueued;

    WaitCommand(VigilServer server, MasterService master) {
        this.server = server;
        this.master = master;
        master.waits = this;
    }

    void register(CommandTable<Client> t) {
        t.add("wait", 3, "noscript", 0, 0, 0, "connection", this::execute);
    }

    /** Before a top-level command runs: its writes advance this client's woff. */
    void beforeCommand(Client c) {
        if (!server.dispatcher.nested()) writer = c;
    }

    /** freeClient: the client's woff and WAIT are forgotten. */
    void forget(Client c) {
        if (lastWriter == c) lastWriter = null;
        woff.remove(c);
        master.machine.waitEnded(c.id);
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
        long timeout = vigil.server.client.Timeouts.millis(c, argv[2]);
        if (timeout < 0) return;
        long offset = woff(c);
        long acks = master.machine.replicasAcked(offset);
        BlockingManager bm = server.blocking;
        if (acks >= num || !bm.mayBlock(c)) {
            c.out.integer(acks);
            return;
        }
        master.machine.waitStarted(c.id, offset, num);
        long deadline = timeout == 0 ? 0 : server.clock.getAsLong() + timeout;
        bm.block(c, new byte[0][], deadline, new BlockingManager.Waiter() {
            @Override
            public boolean serve(Client cl, Db db, byte[] key) {
                return false;
            }

            @Override
            public void timeout(Client cl) {
                cl.out.integer(master.machine.waitEnded(cl.id));
            }
        });
        requestAcks();
    }

    /** replicationRequestAckFromSlaves: one GETACK into the stream after this event. */
    private void requestAcks() {
        if (getackQueued) return;
        getackQueued = true;
        server.scheduler.runLater(() -> {
            getackQueued = false;
            if (master.machine.anyWaiting() && !master.machine.replicas.isEmpty()) master.produceRaw(GETACK);
        });
    }
}
