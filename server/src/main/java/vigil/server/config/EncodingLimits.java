package vigil.server.config;

/**
 * One node's encoding thresholds: when a hash, list, set or sorted set leaves its compact form
 * (hash-max-listpack-*, list-max-listpack-size, set-max-intset-entries, zset-max-listpack-*
 * and their ziplist aliases), with Redis 7.0's defaults. The node owns one, kept equal to its
 * configuration (at startup and on CONFIG SET); the value types take it where they may convert.
 * Fields are volatile: a replica's payload parser thread builds values too.
 */
public final class EncodingLimits {
    /** hash-max-listpack-entries */
    public volatile int hashMaxListpackEntries = 512;
    /** hash-max-listpack-value: the longest field or value a packed hash holds, in bytes. */
    public volatile int hashMaxListpackValue = 64;
    /**
     * list-max-listpack-size: -2 by default (8kb per node); -1..-5 are 4..64kb, a positive value
     * is an entry count, capped at 8kb as Redis's SIZE_SAFETY_LIMIT does.
     */
    public volatile int listMaxListpackSize = -2;
    /** set-max-intset-entries: an all-integer set above this size becomes a hashtable. */
    public volatile int setMaxIntsetEntries = 512;
    /** zset-max-listpack-entries */
    public volatile int zsetMaxListpackEntries = 128;
    /** zset-max-listpack-value: the longest member a packed sorted set holds, in bytes. */
    public volatile int zsetMaxListpackValue = 64;

    /** Redis 7.0's defaults, bound to no configuration (tests, stand-alone values). */
    public EncodingLimits() {
    }

    /** Limits equal to config, following its CONFIG SET changes. */
    public static EncodingLimits of(ServerConfig config) {
        EncodingLimits l = new EncodingLimits();
        l.apply(config);
        for (String name : new String[]{"hash-max-listpack-entries", "hash-max-listpack-value",
                "list-max-listpack-size", "set-max-intset-entries", "zset-max-listpack-entries", "zset-max-listpack-value"}) {
            config.param(name).onApply(() -> {
                l.apply(config);
                return null;
            });
        }
        return l;
    }

    private void apply(ServerConfig c) {
        hashMaxListpackEntries = (int) Math.min(Integer.MAX_VALUE, c.hashMaxListpackEntries);
        hashMaxListpackValue = (int) Math.min(Integer.MAX_VALUE, c.hashMaxListpackValue);
        listMaxListpackSize = c.listMaxListpackSize;
        setMaxIntsetEntries = (int) Math.min(Integer.MAX_VALUE, c.setMaxIntsetEntries);
        zsetMaxListpackEntries = (int) Math.min(Integer.MAX_VALUE, c.zsetMaxListpackEntries);
        zsetMaxListpackValue = (int) Math.min(Integer.MAX_VALUE, c.zsetMaxListpackValue);
    }

    /** Whether a packed list of this many bytes and entries still fits one node. */
    public boolean listFits(int bytes, int entries) {
        int fill = listMaxListpackSize;
        if (fill >= 0) return entries <= Math.max(1, fill) && bytes <= 8192;
        int level = Math.min(5, -fill);
        return bytes <= (4096 << (level - 1));
    }
}
