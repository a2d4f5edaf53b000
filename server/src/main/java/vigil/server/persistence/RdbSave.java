package vigil.server.persistence;

import vigil.server.node.ReplicationInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vigil.rdb.RdbWriter;
import vigil.server.node.VigilServer;
import vigil.server.keyspace.Db;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Redis 7.0's rdbSave on the keyspace thread: walks every database and writes the RDB to
 * dir/temp-&lt;pid&gt;.rdb, fsyncs it, renames it over dir/dbfilename and fsyncs the directory,
 * so a crash leaves either the old file or the new one. {@link #write} is the stream half
 * (header, aux fields, databases, EOF and checksum) for any OutputStream.
 */
public final class RdbSave {
    private static final Logger log = LoggerFactory.getLogger(RdbSave.class);

    private RdbSave() {
    }

    /** rdbSave: writes the file and, on success, marks everything saved (dirty, LASTSAVE, MISCONF). */
    public static boolean save(VigilServer server) {
        long changes = server.dirty;
        boolean ok = writeFile(server);
        if (ok) server.persistenceState.saved(changes);
        return ok;
    }

    /** Writes dir/dbfilename atomically; logs and returns false on any I/O error (the old file stays). */
    static boolean writeFile(VigilServer server) {
        Path dir = Path.of(server.config.dir);
        String tmpName = "temp-" + ProcessHandle.current().pid() + ".rdb";
        Path tmp = dir.resolve(tmpName);
        FileChannel ch;
        try {
            ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            log.warn("Failed opening the temp RDB file {} (in server root dir {}) for saving: {}", tmpName,
                    Files.isDirectory(dir) ? dir : "unknown", reason(e));
            return false;
        }
        try {
            try (ch; OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16)) {
                write(server, out);
                out.flush();
                ch.force(true);
            }
            install(tmp, dir.resolve(server.config.dbfilename));
        } catch (IOException | UncheckedIOException e) {
            log.warn("Write error saving DB on disk: {}", reason(e instanceof UncheckedIOException u ? u.getCause() : e));
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // best effort
            }
            return false;
        }
        log.info("DB saved on disk");
        return true;
    }

    /** Renames a complete, fsynced temp file over the target and fsyncs the directory. */
    public static void install(Path tmp, Path target) throws IOException {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel d = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            log.warn("Failed to fsync the directory {} after saving: {}", target.getParent(), reason(e));
        }
    }

    static String reason(Throwable e) {
        if (e instanceof java.nio.file.NoSuchFileException) return "No such file or directory";
        if (e instanceof java.nio.file.AccessDeniedException) return "Permission denied";
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    private static int clamp(long v) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, v));
    }

    /** The whole keyspace as an RDB stream (rdbSaveRio). Does not close the stream. */
    public static void write(VigilServer server, OutputStream out) throws IOException {
        RdbWriter w = begin(server, out);
        for (int i = 0; i < server.keyspace.size(); i++) {
            Db db = server.keyspace.db(i);
            if (db.size() == 0) continue;
            w.selectDb(i);
            w.resizeDb(db.size(), db.volatileCount());
            try {
                db.dict().forEach(n -> {
                    try {
                        ValueEncoding.write(w, n.key, n.expireAt, n.value);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
        w.finish(server.config.rdbchecksum);
    }

    /** A writer over out with the node's encoding limits, the header and aux fields already written. */
    static RdbWriter begin(VigilServer server, OutputStream out) throws IOException {
        ReplicationInfo.Info i = server.persistenceState.replicationInfo.current();
        return i == null ? begin(server, out, 0, null, 0) : begin(server, out, i.streamDb(), i.replId(), i.offset());
    }

    /** The same with the replication aux fields (rdbPopulateSaveInfo): a full sync's payload carries them. */
    public static RdbWriter begin(VigilServer server, OutputStream out, int replStreamDb, String replId, long replOffset)
            throws IOException {
        RdbWriter w = new RdbWriter(out, server.config.rdbcompression).limits(
                clamp(server.config.setMaxIntsetEntries), clamp(server.config.hashMaxListpackEntries),
                clamp(server.config.hashMaxListpackValue), clamp(server.config.zsetMaxListpackEntries),
                clamp(server.config.zsetMaxListpackValue));
        w.header();
        Runtime rt = Runtime.getRuntime();
        w.standardAux(VigilServer.REDIS_VERSION, server.keyspace.wallClock() / 1000, rt.totalMemory() - rt.freeMemory(),
                replStreamDb, replId, replOffset, false);
        return w;
    }
}
