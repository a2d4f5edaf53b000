package vigil.server.config;

/** A directive's value was rejected; the message is Redis's reason text. */
public final class ConfigValueException extends Exception {
    public ConfigValueException(String message) {
        super(message, null, false, false);
    }
}
