package vigil.server.replication;

import vigil.server.node.VigilServer;
import vigil.resp.server.session.Connection;

import java.util.function.Supplier;

/**
 * The connection behind a replica's master client: replies are discarded (a replica never answers
 * its master), and closing it closes the link socket if that is still the current one (the
 * socket's closed event then moves the link state machine on).
 */
final class MasterLinkConnection implements Connection {
    private final VigilServer.LinkSocket s;
    private final Supplier<VigilServer.LinkSocket> current;
    private final String local, remote;

    MasterLinkConnection(VigilServer.LinkSocket s, Supplier<VigilServer.LinkSocket> current) {
        this.s = s;
        this.current = current;
        this.local = s.localAddress();
        this.remote = s.remoteAddress();
    }

    @Override
    public void write(byte[] bytes) {
    }

    @Override
    public void close() {
        if (current.get() == s) s.close();
    }

    @Override
    public String remoteAddress() {
        return remote;
    }

    @Override
    public String localAddress() {
        return local;
    }
}
