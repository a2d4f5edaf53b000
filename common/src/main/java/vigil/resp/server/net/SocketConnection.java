package vigil.resp.server.net;

import io.netty.buffer.Unpooled;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import vigil.resp.server.session.Connection;

/** A client's Vert.x socket behind the {@link Connection} interface (node and sentinel). */
public final class SocketConnection implements Connection {
    private final NetSocket socket;
    private final String remote;
    private final String local;
    private boolean closing;
    /** Write accounting for replica links: bytes handed to the socket, and those it flushed. */
    private boolean tracking;
    private long written, flushed;

    public SocketConnection(NetSocket socket) {
        this.socket = socket;
        this.remote = format(socket.remoteAddress());
        this.local = format(socket.localAddress());
    }

    public static String format(SocketAddress a) {
        if (a == null) return "";
        String host = a.hostAddress();
        if (host == null) host = a.host();
        return host + ":" + a.port();
    }

    @Override
    public void write(byte[] bytes) {
        // Wrap without copying: the array is ours alone from here on.
        if (!tracking) {
            socket.write(BufferInternal.buffer(Unpooled.wrappedBuffer(bytes)));
            return;
        }
        int n = bytes.length;
        written += n;
        socket.write(BufferInternal.buffer(Unpooled.wrappedBuffer(bytes))).onComplete(ar -> flushed += n);
    }

    @Override
    public void trackWrites() {
        tracking = true;
    }

    @Override
    public long pendingWriteBytes() {
        return written - flushed;
    }

    @Override
    public long bytesWritten() {
        return written;
    }

    @Override
    public void close() {
        if (closing) return;
        closing = true;
        socket.close();
    }

    @Override
    public String remoteAddress() {
        return remote;
    }

    @Override
    public String localAddress() {
        return local;
    }

    @Override
    public void setReading(boolean reading) {
        if (reading) socket.resume();
        else socket.pause();
    }

    /** The peer's IP address text, null when unknown. */
    public String remoteHost() {
        return socket.remoteAddress() == null ? null : socket.remoteAddress().hostAddress();
    }
}
