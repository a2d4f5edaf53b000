package vigil.server.persistence;

import vigil.server.node.PersistenceState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vigil.rdb.RdbFormatException;
import vigil.rdb.RdbReader;
import vigil.rdb.RdbVisitor;
import vigil.server.node.VigilServer;
import vigil.server.keyspace.Db;
import vigil.server.keyspace.Dict;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Loads an RDB file into the keyspace as Redis 7.0's rdbLoad does: keys go to the database the
 * file names; on a master, keys whose time has already passed are skipped (and counted), on a
 * replica they are kept until the master's DEL; empty collections are dropped; a duplicate key
 * or a database the node does not have is fatal. The aux fields are logged, and the replication
 * ones (repl-id, repl-offset, repl-stream-db) are kept in {@link PersistenceState} for the
 * replication engine. Reads the file as a stream: only the current value is ever in memory.
 * key-load-delay ({@link KeyLoadDelay}) is slept after each key, as Redis's rdbLoad does (at
 * startup the node does not listen yet: it only makes the start slower).
 */
public final class RdbLoad implements RdbVisitor {
    private static final Logger log = LoggerFactory.getLogger(RdbLoad.class);

    /** A failed load: the path, and the format problem with its byte offset (or an I/O error). */
    public static final class LoadFailure extends IOException {
        public LoadFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final VigilServer server;
    private final PersistenceState state;
    private final boolean merge;
    private final RdbReader reader;
    private final ValueBuilder builder;
    private final KeyLoadDelay delay;
    private Db db;
    private byte[] key;
    private long expireMs = -1;
    private long idleSeconds = -1;
    private boolean skip;
    private long loaded, expired;

    private RdbLoad(VigilServer server, RdbReader reader, boolean merge) {
        this.server = server;
        this.state = server.persistenceState;
        this.reader = reader;
        this.merge = merge;
        this.db = server.keyspace.db(0);
        this.builder = new ValueBuilder(server.encodingLimits);
        this.delay = KeyLoadDelay.of(() -> server.config.keyLoadDelay);
    }

    /**
     * Loads dir/dbfilename into the (empty) keyspace. Returns false when there is no such file
     * (a fresh node); throws LoadFailure with Redis-style context for anything wrong in the file.
     * merge: an existing key is replaced instead of being fatal (DEBUG RELOAD MERGE).
     */
    public static boolean load(VigilServer server, Path file, boolean merge) throws LoadFailure {
        PersistenceState state = server.persistenceState;
        long start = System.nanoTime();
        long total;
        try {
            total = Files.size(file);
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw new LoadFailure("Fatal error loading the DB " + file + ": " + e.getMessage() + ". Exiting.", e);
        }
        state.startLoading(total);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            RdbReader reader = new RdbReader(in);
            RdbLoad loader = new RdbLoad(server, reader, merge);
            reader.read(loader);
            state.doneLoading(loader.loaded, loader.expired);
            log.info("Done loading RDB, keys loaded: {}, keys expired: {}.", loader.loaded, loader.expired);
            log.info("DB loaded from disk: {} seconds", String.format("%.3f", (System.nanoTime() - start) / 1e9));
            return true;
        } catch (NoSuchFileException e) {
            state.doneLoading(0, 0);
            return false;
        } catch (RdbFormatException e) {
            state.doneLoading(0, 0);
            throw new LoadFailure("Fatal error loading the DB " + file + ": " + e.detail()
                    + " at byte offset " + e.offset() + " of " + total + ". The file was left untouched. Exiting.", e);
        } catch (IOException e) {
            state.doneLoading(0, 0);
            throw new LoadFailure("Fatal error loading the DB " + file + ": " + e.getMessage() + ". Exiting.", e);
        }
    }

    @Override
    public void aux(byte[] name, byte[] value) {
        String n = new String(name, StandardCharsets.UTF_8);
        String v = new String(value, StandardCharsets.UTF_8);
        switch (n) {
            case "redis-ver" -> log.info("Loading RDB produced by version {}", v);
            case "ctime" -> {
                try {
                    long age = server.keyspace.wallClock() / 1000 - Long.parseLong(v);
                    log.info("RDB age {} seconds", Math.max(0, age));
                } catch (NumberFormatException ignored) {
                    // informational only
                }
            }
            case "used-mem" -> {
                try {
                    log.info("RDB memory usage when created {} Mb", String.format("%.2f", Long.parseLong(v) / 1048576.0));
                } catch (NumberFormatException ignored) {
                    // informational only
                }
            }
            // Hooks for the replication engine (PSYNC after restart).
            case "repl-id" -> state.loadedReplId = v;
            case "repl-offset" -> state.loadedReplOffset = parse(v, -1);
            case "repl-stream-db" -> state.loadedReplStreamDb = (int) parse(v, -1);
            default -> {
            }
        }
    }

    private static long parse(String v, long dflt) {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    @Override
    public void function(byte[] code) {
        log.warn("The RDB file holds a function library; Vigil has no functions yet, so it is skipped");
    }

    @Override
    public void selectDb(int id) throws IOException {
        if (id >= server.keyspace.size()) {
            throw new RdbFormatException(reader.offset(), "the file was created by a server configured with more than "
                    + server.keyspace.size() + " databases (SELECTDB " + id + ")");
        }
        db = server.keyspace.db(id);
    }

    @Override
    public void idle(long seconds) {
        idleSeconds = seconds;
    }

    @Override
    public void string(byte[] key, long expireMs, byte[] value) throws IOException {
        begin(key, expireMs);
        builder.string(key, expireMs, value);
        end();
    }

    @Override
    public void beginKey(Kind kind, byte[] key, long expireMs, long sizeHint) throws IOException {
        begin(key, expireMs);
        builder.beginKey(kind, key, expireMs, sizeHint);
    }

    private void begin(byte[] key, long expireMs) throws IOException {
        this.key = key;
        this.expireMs = expireMs;
        // Redis drops keys already expired when a master loads (not a replica, which waits for DEL).
        skip = expireMs != -1 && !server.keyspace.isReplica() && expireMs < server.keyspace.wallClock();
        if (!merge && db.dict().get(key) != null) {
            throw new RdbFormatException(reader.offset(), "duplicate key '" + new String(key, StandardCharsets.UTF_8)
                    + "' in DB " + db.id);
        }
    }

    @Override
    public void listElement(byte[] element) {
        if (!skip) builder.listElement(element);
    }

    @Override
    public void setMember(byte[] member) {
        if (!skip) builder.setMember(member);
    }

    @Override
    public void hashField(byte[] field, byte[] value) {
        if (!skip) builder.hashField(field, value);
    }

    @Override
    public void zsetMember(byte[] member, double score) throws IOException {
        if (skip) return;
        try {
            builder.zsetMember(member, score);
        } catch (RdbFormatException e) {
            throw new RdbFormatException(reader.offset(), e.detail());
        }
    }

    @Override
    public void endKey() {
        builder.endKey();
        end();
    }

    private void end() {
        delay.afterKey();
        Object value = builder.take();
        long idle = idleSeconds;
        idleSeconds = -1;
        if (skip) {
            expired++;
            return;
        }
        if (value == null) return;   // an empty collection: Redis skips it too
        if (merge) db.delete(key);
        Dict.Node n = db.add(key, value);
        if (expireMs != -1) db.setExpire(n, expireMs);
        if (idle >= 0) n.accessed = server.keyspace.wallClock() - idle * 1000;
        loaded++;
    }
}
