package vigil.client;

import vigil.resp.ProtocolException;
import vigil.resp.RespReader;
import vigil.resp.RespValue;
import vigil.resp.RespCommand;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A small blocking RESP client over a plain socket: what the cli and simple tools use to talk to
 * a node or a sentinel. Not thread-safe; one command at a time, or pipelined with
 * {@link #send} followed by as many {@link #read} calls.
 */
public final class BlockingClient implements Closeable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final RespReader reader = new RespReader();
    private final byte[] readBuf = new byte[16 * 1024];

    public BlockingClient(String host, int port, int timeoutMillis) throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(host, port), timeoutMillis);
        socket.setSoTimeout(timeoutMillis);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    public void setTimeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    public void send(byte[]... args) throws IOException {
        out.write(RespCommand.encode(args));
        out.flush();
    }

    public void send(String... args) throws IOException {
        send(toBytes(args));
    }

    public void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Reads the next reply; throws EOFException-like IOException when the server closed. */
    public RespValue read() throws IOException {
        while (true) {
            RespValue v;
            try {
                v = reader.next();
            } catch (ProtocolException e) {
                throw new IOException(e.getMessage(), e);
            }
            if (v != null) return v;
            int n = in.read(readBuf);
            if (n < 0) throw new java.io.EOFException("connection closed by server");
            reader.append(readBuf, 0, n);
        }
    }

    public RespValue call(String... args) throws IOException {
        send(args);
        return read();
    }

    public RespValue call(byte[]... args) throws IOException {
        send(args);
        return read();
    }

    public static byte[][] toBytes(String... args) {
        byte[][] b = new byte[args.length][];
        for (int i = 0; i < args.length; i++) b[i] = args[i].getBytes(StandardCharsets.UTF_8);
        return b;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
