package vigil.server.replication;

import vigil.resp.RespCommand;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A raw socket acting as a replica: it does the PSYNC handshake, reads the disk-style payload
 * and then reads the stream only when the test asks, and never ACKs unless told to.
 */
final class FakeReplica implements AutoCloseable {
    private final Socket socket = new Socket();
    private final InputStream in;
    private final OutputStream out;

    FakeReplica(int masterPort) throws IOException {
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress("127.0.0.1", masterPort), 5000);
        socket.setSoTimeout(10_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
        command("REPLCONF", "listening-port", "6999");
        expectLine("+OK");
        command("REPLCONF", "capa", "psync2");   // no capa eof: the payload comes as $<len>
        expectLine("+OK");
        command("PSYNC", "?", "-1");
        String full = line();
        if (!full.startsWith("+FULLRESYNC")) throw new IOException("expected +FULLRESYNC, got " + full);
        String len = line();
        while (len.isEmpty()) len = line();   // keepalive newlines while the payload is produced
        if (!len.startsWith("$")) throw new IOException("expected the payload length, got " + len);
        in.readNBytes(Integer.parseInt(len.substring(1)));
    }

    void command(String... args) throws IOException {
        out.write(RespCommand.encode(args));
        out.flush();
    }

    /** REPLCONF ACK offset, as a replica would. */
    void ack(long offset) throws IOException {
        command("REPLCONF", "ACK", Long.toString(offset));
    }

    /** Stream bytes already delivered to this socket, without waiting. */
    String available() throws IOException {
        int n = in.available();
        return n == 0 ? "" : new String(in.readNBytes(n), StandardCharsets.ISO_8859_1);
    }

    private void expectLine(String want) throws IOException {
        String got = line();
        if (!got.equals(want)) throw new IOException("expected " + want + ", got " + got);
    }

    /** One line without its CRLF; a lone '\n' (keepalive) reads as the empty line. */
    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) throw new IOException("closed");
            if (c != '\r') b.write(c);
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
