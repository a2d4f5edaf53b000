package vigil.server.support;

import vigil.server.assembly.NodeAssembly;
import vigil.server.node.VigilServer;
import vigil.server.config.ServerConfig;

import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;

/** A node assembled without sockets or an event loop: the test thread is the keyspace thread. */
public final class BareNode {
    private BareNode() {
    }

    public static NodeAssembly assemble(ServerConfig config, LongSupplier clock) {
        return new NodeAssembly(config, clock, s -> new ManualScheduler(clock), s -> NO_NETWORK);
    }

    public static NodeAssembly assemble(ServerConfig config) {
        return assemble(config, System::currentTimeMillis);
    }

    /** No outgoing connections (a replica link fails at once); blocking work runs inline. */
    public static final VigilServer.Network NO_NETWORK = new VigilServer.Network() {
        @Override
        public void connect(String host, int port, VigilServer.LinkHandler handler) {
            handler.failed("no network");
        }

        @Override
        public <T> void runBlocking(Callable<T> task, BiConsumer<T, Throwable> done) {
            try {
                done.accept(task.call(), null);
            } catch (Throwable t) {
                done.accept(null, t);
            }
        }
    };
}
