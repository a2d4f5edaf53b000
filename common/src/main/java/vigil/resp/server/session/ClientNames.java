package vigil.resp.server.session;

/** Rules for client names (CLIENT SETNAME, HELLO SETNAME). */
public final class ClientNames {
    private ClientNames() {
    }

    /** Redis's error text for a bad name, or null when it is acceptable. */
    public static String validate(byte[] name) {
        for (byte b : name) {
            if (b < '!' || b > '~') {
                return "ERR Client names cannot contain spaces, newlines or special characters.";
            }
        }
        return null;
    }
}
