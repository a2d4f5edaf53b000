package vigil.resp.server.session;

/** The socket side of a client, kept behind an interface so tests and internal clients need no socket. */
public interface Connection {
    void write(byte[] bytes);

    /** Closes after pending writes are flushed. */
    void close();

    String remoteAddress();

    String localAddress();

    /** Stops (false) or resumes (true) reading from the socket: CLIENT PAUSE, blocking commands. */
    default void setReading(boolean reading) {
    }

    /** Bytes queued in the socket's write buffer (omem in CLIENT LIST); 0 unless {@link #trackWrites} was called. */
    default long pendingWriteBytes() {
        return 0;
    }

    /** Starts counting written and flushed bytes (replica links: their output-buffer limit). */
    default void trackWrites() {
    }

    /** Bytes written since {@link #trackWrites} (flushed or still queued). */
    default long bytesWritten() {
        return 0;
    }

    Connection NONE = new Connection() {
        @Override
        public void write(byte[] bytes) {
        }

        @Override
        public void close() {
        }

        @Override
        public String remoteAddress() {
            return "";
        }

        @Override
        public String localAddress() {
            return "";
        }
    };
}
