package vigil.server.replication;

import vigil.server.node.VigilServer;

/**
 * A full-sync payload in flight to the thread that parses it as its bytes arrive
 * ({@link ChunkPipe}), so that parsing overlaps the transfer. The thread is its own, not the
 * worker pool's: it waits on the network for as long as the transfer lasts. Its result comes back
 * on the keyspace thread through the scheduler.
 */
final class PayloadLoad {
    /** The result, on the keyspace thread. */
    interface Done {
        void parsed(PayloadLoad load, PayloadLoader.Staged staged, Throwable error);
    }

    final ChunkPipe pipe = new ChunkPipe();
    /** All of it arrived (EndLoad) / the worker is done with it. */
    boolean ended, parsed;
    int token;
    PayloadLoader.Staged staged;
    Throwable error;

    private PayloadLoad() {
    }

    static PayloadLoad start(PayloadLoader loader, VigilServer.Scheduler scheduler, Done done) {
        PayloadLoad l = new PayloadLoad();
        Thread t = new Thread(() -> {
            PayloadLoader.Staged staged = null;
            Throwable error = null;
            try {
                staged = loader.read(l.pipe);
            } catch (Throwable e) {
                error = e;
            }
            PayloadLoader.Staged s = staged;
            Throwable err = error;
            scheduler.runLater(() -> done.parsed(l, s, err));
        }, "vigil-replica-load");
        t.setDaemon(true);
        t.start();
        return l;
    }

    void offer(byte[] chunk) {
        if (!parsed) pipe.offer(chunk);   // a parse that failed early reads no more
    }
}
