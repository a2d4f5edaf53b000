package vigil.server.replication;

import vigil.rdb.RdbWriter;
import vigil.server.node.VigilServer;
import vigil.server.persistence.RdbSave;
import vigil.server.snapshot.SnapshotSink;
import vigil.server.persistence.ValueEncoding;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * One full sync served to a group of replicas from one point-in-time snapshot: the snapshot's
 * keys are written as RDB (with repl-id / repl-offset aux fields) and the bytes go to each
 * replica as they are produced when it sent {@code capa eof} (diskless: {@code $EOF:<mark>}
 * ... {@code <mark>}), or are kept in memory and sent as {@code $<len>} once complete. The
 * stream produced after the snapshot's point in time is held per replica ({@link MasterMachine})
 * and follows the payload.
 */
final class FullSync implements SnapshotSink {
    static final int CHUNK = 64 * 1024;

    private final VigilServer server;
    private final List<MasterMachine.Replica> group;
    private final String replId;
    private final long offset;
    private final boolean diskless;
    private final byte[] mark;
    /** The whole payload, kept for replicas that need its length first. */
    private final List<byte[]> kept = new ArrayList<>();
    private long total;
    private RdbWriter w;
    private final Out out = new Out();
    private final MasterService master;

    FullSync(VigilServer server, MasterService master, List<MasterMachine.Replica> group, String replId, long offset) {
        this.server = server;
        this.master = master;
        this.group = new ArrayList<>(group);
        this.replId = replId;
        this.offset = offset;
        this.diskless = server.config.replDisklessSync;
        byte[] m = new byte[20];
        new SecureRandom().nextBytes(m);
        this.mark = HexFormat.of().formatHex(m).getBytes(StandardCharsets.US_ASCII);
    }

    long offset() {
        return offset;
    }

    void remove(ReplicaConnection r) {
        group.remove(r);
    }

    /** The replicas that get the payload as it is produced (the machine put them in SEND_BULK). */
    private boolean streams(MasterMachine.Replica r) {
        return diskless && r.capaEof;
    }

    /** Called when the snapshot has started: the replicas learn the point in time (the machine holds their stream). */
    void announce() {
        for (MasterMachine.Replica m : group) {
            ReplicaConnection r = (ReplicaConnection) m;
            if (r.psync) r.write("+FULLRESYNC " + replId + " " + offset + "\r\n");
            if (streams(r)) r.write("$EOF:" + new String(mark, StandardCharsets.US_ASCII) + "\r\n");
        }
    }

    @Override
    public void begin(int dbCount) {
        try {
            w = RdbSave.begin(server, out, 0, replId, offset);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void beginDb(int dbIndex, int size, int expiresSize) {
        try {
            w.selectDb(dbIndex);
            w.resizeDb(size, expiresSize);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void key(int dbIndex, byte[] key, Object value, long expireAtMs) {
        try {
            ValueEncoding.write(w, key, expireAtMs, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void endDb(int dbIndex) {
    }

    @Override
    public void end() {
        try {
            w.finish(server.config.rdbchecksum);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.ship();
        master.flushStream();   // the online replicas' batch first: these go online after it
        long now = server.clock.getAsLong();
        for (MasterMachine.Replica m : new ArrayList<>(group)) {
            ReplicaConnection r = (ReplicaConnection) m;
            if (streams(r)) {
                r.write(mark);
            } else {
                r.write("$" + total + "\r\n");
                for (byte[] b : kept) r.write(b);
            }
            r.payloadWritten();
            master.run(master.machine.payloadSent(r, now));
        }
        kept.clear();
    }

    @Override
    public void aborted(Throwable cause) {
        master.run(master.machine.snapshotAborted(new ArrayList<>(group)));   // they retry
        kept.clear();
    }

    /** Collects RDB bytes into chunks; each full chunk goes to the streaming replicas and is kept for the others. */
    private final class Out extends vigil.server.persistence.ChunkedOutputStream {
        Out() {
            super(CHUNK);
        }

        @Override
        protected void ship() {
            if (len == 0) return;
            byte[] chunk = len == buf.length ? buf : java.util.Arrays.copyOf(buf, len);
            buf = new byte[CHUNK];
            len = 0;
            total += chunk.length;
            boolean keep = false;
            for (MasterMachine.Replica r : group) {
                if (streams(r)) ((ReplicaConnection) r).write(chunk);
                else keep = true;
            }
            if (keep) kept.add(chunk);
        }
    }
}
