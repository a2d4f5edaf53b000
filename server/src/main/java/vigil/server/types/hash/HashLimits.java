package vigil.server.types.hash;

/**
 * When a hash leaves its packed form: Redis's hash-max-listpack-entries (512 in Redis 7.0's
 * built-in defaults) and hash-max-listpack-value (64).
 *
 * <p>Set from the node's configuration (startup and CONFIG SET) by types.EncodingLimits.
 */
public final class HashLimits {
    private HashLimits() {
    }

    public static volatile int hashMaxListpackEntries = 512;
    public static volatile int hashMaxListpackValue = 64;
}
