package vigil.server.types.zset;

/**
 * Sorted set encoding thresholds with Redis 7.0's defaults, read from one place.
 * {@link vigil.server.types.EncodingLimits} keeps it equal to the node's configuration.
 */
public final class ZSetLimits {
    private ZSetLimits() {
    }

    /** zset-max-listpack-entries */
    public static volatile int maxListpackEntries = 128;
    /** zset-max-listpack-value: the longest member a listpack may hold, in bytes. */
    public static volatile int maxListpackValue = 64;
}
