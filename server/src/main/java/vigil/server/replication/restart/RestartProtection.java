package vigil.server.replication.restart;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vigil.server.node.PersistenceState;
import vigil.server.node.ReplicationState;
import vigil.server.node.VigilServer;
import vigil.server.persistence.RdbSave;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.IntSupplier;

/**
 * The shell of the crash-restart fence ({@code master-restart-fence}): reads the replication
 * state file once at start and raises the write fence when {@link StartFence} says so, then
 * writes the file when {@link ReplStateRecorder} decides, on a worker thread (temp file, fsync,
 * rename, directory fsync), one write at a time; never on the keyspace thread.
 */
public final class RestartProtection {
    private static final Logger log = LoggerFactory.getLogger(RestartProtection.class);

    private final VigilServer server;
    private final IntSupplier onlineReplicas;
    private ReplStateRecorder recorder = new ReplStateRecorder(null);
    private boolean writing;
    private boolean failing;

    public RestartProtection(VigilServer server, IntSupplier onlineReplicas) {
        this.server = server;
        this.onlineReplicas = onlineReplicas;
    }

    private Path file() {
        return Path.of(server.config.dir).resolve(server.config.replStateFilename);
    }

    /**
     * The end of loadDataFromDisk, before the node listens: the file's record is read, and a
     * master restarted behind it starts fenced (logged with both sides).
     */
    public void loaded() {
        Path file = file();
        ReplStateRecord recorded = null;
        if (Files.exists(file)) {
            try {
                recorded = ReplStateRecord.parse(Files.readString(file, StandardCharsets.US_ASCII));
            } catch (IOException | IllegalArgumentException e) {
                log.warn("Ignoring the replication state file {}: {}", file, e.getMessage());
            }
        }
        recorder = new ReplStateRecorder(recorded);
        if (!server.config.masterRestartFence) return;
        ReplicationState state = server.replicationState;
        PersistenceState loaded = server.persistenceState;
        String reason = StartFence.reason(recorded, server.config.masterHost == null, state.replId, state.offset,
                loaded.loadedReplId, loaded.loadedReplOffset);
        if (reason == null) return;
        state.fence.fenceAtStart(reason);
        recorder.startFenced();
        log.warn("Starting fenced, refusing writes: {} recorded this node as a master with {} replica(s) at replid {} offset {}, "
                        + "but it loaded {}; writes are accepted again after REPLICAOF host port or REPLICAOF NO ONE",
                file, recorded.replicas(), recorded.replId(), recorded.offset(),
                loaded.loadedReplId == null ? "no replication history" : "replid " + loaded.loadedReplId + " offset " + loaded.loadedReplOffset);
    }

    /**
     * replicationCron: the file is written when the recorder says so (nothing while a write is in
     * flight, nor after the final RDB of a shutdown: a PING to the replicas in the last
     * milliseconds would record an offset beyond that RDB's and fence the clean restart).
     */
    public void tick() {
        if (!server.config.masterRestartFence || writing || server.persistenceState.savedForShutdown) return;
        ReplicationState state = server.replicationState;
        ReplStateRecord now = state.isReplica()
                ? new ReplStateRecord(ReplStateRecord.Role.REPLICA, state.replId, state.offset, 0)
                : new ReplStateRecord(ReplStateRecord.Role.MASTER, state.replId, state.offset, onlineReplicas.getAsInt());
        ReplStateRecord record = recorder.next(now, state.fence.fenced(), server.clock.getAsLong());
        if (record == null) return;
        writing = true;
        Path file = file();
        byte[] content = record.format().getBytes(StandardCharsets.US_ASCII);
        server.network.runBlocking(() -> {
            write(file, content);
            return null;
        }, (ignored, error) -> {
            writing = false;
            if (error != null) {
                recorder.failed();
                if (!failing) log.warn("Failed writing the replication state file {}: {}", file, error.getMessage());
                failing = true;
            } else {
                failing = false;
            }
        });
    }

    /** On a worker thread: temp file, fsync, rename over the file, fsync the directory. */
    private static void write(Path file, byte[] content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(content);
            while (buf.hasRemaining()) ch.write(buf);
            ch.force(true);
        }
        RdbSave.install(tmp, file);
    }
}
