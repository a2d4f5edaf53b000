package vigil.resp;

/**
 * A client broke the protocol. The message is the text of Redis's error reply
 * (without the leading "-"), for example {@code ERR Protocol error: invalid bulk length}.
 * After replying with it the server closes the connection, as Redis does.
 */
public final class ProtocolException extends Exception {
    public ProtocolException(String message) {
        super(message, null, false, false);
    }
}
