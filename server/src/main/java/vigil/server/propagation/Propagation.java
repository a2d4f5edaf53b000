package vigil.server.propagation;

import java.util.ArrayList;
import java.util.List;

/**
 * The propagation hook. While a top-level command runs, the writes it made (its own argv, its
 * rewritten form, expiry DELs it caused, each command of an EXEC) are collected; when it ends
 * they go to the {@link ReplicationFeed}, wrapped in MULTI/EXEC when there are several, as
 * Redis 7.0's propagatePendingCommands does. Outside a command (active expiry) an operation
 * goes out at once.
 */
public final class Propagation {
    private record Op(int db, byte[][] argv) { }

    private static final byte[][] MULTI = {"MULTI".getBytes()};
    private static final byte[][] EXEC = {"EXEC".getBytes()};

    /** The first operation of the command (most commands have one: no allocation), then the others. */
    private int firstDb;
    private byte[][] first;
    private final List<Op> more = new ArrayList<>();
    private ReplicationFeed feed = ReplicationFeed.NONE;
    private int depth;
    private boolean noTransaction;

    public void setFeed(ReplicationFeed feed) {
        this.feed = feed;
    }

    public ReplicationFeed feed() {
        return feed;
    }

    /** A top-level command starts: collect from now on. */
    public void enter() {
        depth++;
    }

    /** The top-level command ended: send what it collected. */
    public void exit() {
        if (--depth == 0) flush();
    }

    public boolean inCommand() {
        return depth > 0;
    }

    /** Adds an operation; sent at once when no command is running. */
    public void propagate(int db, byte[][] argv) {
        if (first == null) {
            firstDb = db;
            first = argv;
        } else {
            more.add(new Op(db, argv));
        }
        if (depth == 0) flush();
    }

    /**
     * Commands that may expire arbitrary keys (KEYS, SCAN, RANDOMKEY) send their DELs without a
     * MULTI/EXEC around them, as Redis does (CMD_TOUCHES_ARBITRARY_KEYS).
     */
    public void noTransaction() {
        noTransaction = true;
    }

    private void flush() {
        if (first == null) {
            noTransaction = false;
            return;
        }
        byte[][] argv = first;
        int db = firstDb;
        first = null;
        if (more.isEmpty()) {
            noTransaction = false;
            feed.feed(db, argv);
            return;
        }
        boolean tx = !noTransaction;
        if (tx) feed.feed(db, MULTI);
        feed.feed(db, argv);
        for (Op op : more) feed.feed(op.db, op.argv);
        if (tx) feed.feed(more.get(more.size() - 1).db, EXEC);
        more.clear();
        noTransaction = false;
    }
}
