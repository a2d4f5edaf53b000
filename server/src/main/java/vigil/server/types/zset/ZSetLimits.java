package vigil.server.types.zset;

/**
 * Sorted set encoding thresholds with Redis 7.0's defaults, read from one place.
 * TODO(config): wire to ServerConfig's zset-max-listpack-entries / zset-max-listpack-value
 * (and their zset-max-ziplist-* aliases) once the config rewrite lands.
 */
public final class ZSetLimits {
    private ZSetLimits() {
    }

    /** zset-max-listpack-entries */
    public static volatile int maxListpackEntries = 128;
    /** zset-max-listpack-value: the longest member a listpack may hold, in bytes. */
    public static volatile int maxListpackValue = 64;
}
