package vigil.server.types;

import vigil.server.config.ServerConfig;
import vigil.server.types.hash.HashLimits;
import vigil.server.types.list.ListLimits;
import vigil.server.types.set.SetLimits;
import vigil.server.types.zset.ZSetLimits;

/**
 * Copies the encoding thresholds (set-max-intset-entries, zset-max-listpack-*, hash-max-listpack-*,
 * list-max-listpack-size) from the node's
 * configuration into the holders the collection types read, at startup and on CONFIG SET.
 * The holders are per process: nodes sharing one JVM (tests) share thresholds.
 */
public final class EncodingLimits {
    private EncodingLimits() {
    }

    public static void bind(ServerConfig config) {
        apply(config);
        for (String name : new String[]{"set-max-intset-entries", "zset-max-listpack-entries", "zset-max-listpack-value",
                "hash-max-listpack-entries", "hash-max-listpack-value", "list-max-listpack-size"}) {
            config.param(name).onApply(() -> {
                apply(config);
                return null;
            });
        }
    }

    static void apply(ServerConfig c) {
        SetLimits.maxIntsetEntries = (int) Math.min(Integer.MAX_VALUE, c.setMaxIntsetEntries);
        ZSetLimits.maxListpackEntries = (int) Math.min(Integer.MAX_VALUE, c.zsetMaxListpackEntries);
        ZSetLimits.maxListpackValue = (int) Math.min(Integer.MAX_VALUE, c.zsetMaxListpackValue);
        HashLimits.hashMaxListpackEntries = (int) Math.min(Integer.MAX_VALUE, c.hashMaxListpackEntries);
        HashLimits.hashMaxListpackValue = (int) Math.min(Integer.MAX_VALUE, c.hashMaxListpackValue);
        ListLimits.listMaxListpackSize = c.listMaxListpackSize;
    }
}
