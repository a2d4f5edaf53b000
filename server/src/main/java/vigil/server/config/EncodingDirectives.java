package vigil.server.config;

/**
 * Thresholds that decide when small collections switch from their compact encoding (listpack,
 * intset) to the general one; the collection types read them. The 6.x "ziplist" names are aliases.
 */
final class EncodingDirectives {
    private EncodingDirectives() {
    }

    static void register(ServerConfig c, ConfigTypes t) {
        long intMax = ConfigDirectives.INT_MAX, longMax = ConfigDirectives.LONG_MAX;
        t.integer("hash-max-listpack-entries", 0, longMax, () -> c.hashMaxListpackEntries, v -> c.hashMaxListpackEntries = v, 512, "hash-max-ziplist-entries");
        t.memory("hash-max-listpack-value", 0, longMax, () -> c.hashMaxListpackValue, v -> c.hashMaxListpackValue = v, 64, "hash-max-ziplist-value");
        t.integer("zset-max-listpack-entries", 0, longMax, () -> c.zsetMaxListpackEntries, v -> c.zsetMaxListpackEntries = v, 128, "zset-max-ziplist-entries");
        t.memory("zset-max-listpack-value", 0, longMax, () -> c.zsetMaxListpackValue, v -> c.zsetMaxListpackValue = v, 64, "zset-max-ziplist-value");
        t.integer("set-max-intset-entries", 0, longMax, () -> c.setMaxIntsetEntries, v -> c.setMaxIntsetEntries = v, 512);
        t.integer("list-max-listpack-size", Integer.MIN_VALUE, intMax, () -> c.listMaxListpackSize, v -> c.listMaxListpackSize = (int) v, -2, "list-max-ziplist-size");
        t.integer("list-compress-depth", 0, intMax, () -> c.listCompressDepth, v -> c.listCompressDepth = (int) v, 0);
        t.memory("hll-sparse-max-bytes", 0, longMax, () -> c.hllSparseMaxBytes, v -> c.hllSparseMaxBytes = v, 3000);
        t.memory("stream-node-max-bytes", 0, longMax, () -> c.streamNodeMaxBytes, v -> c.streamNodeMaxBytes = v, 4096);
        t.integer("stream-node-max-entries", 0, longMax, () -> c.streamNodeMaxEntries, v -> c.streamNodeMaxEntries = v, 100);
        t.ignoredBool("activerehashing", true);
    }
}
