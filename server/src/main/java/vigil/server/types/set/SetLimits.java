package vigil.server.types.set;

/**
 * The set encoding threshold, with Redis 7.0's default. A small holder so the set code reads
 * one place.
 * {@link vigil.server.types.EncodingLimits} keeps it equal to the node's configuration.
 */
public final class SetLimits {
    private SetLimits() {
    }

    /** set-max-intset-entries: an all-integer set above this size becomes a hashtable. */
    public static volatile int maxIntsetEntries = 512;
}
