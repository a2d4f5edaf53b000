package vigil.server.types.list;

/**
 * When a list leaves its packed form: Redis's list-max-listpack-size (-2 by default: 8kb per
 * node; -1..-5 are 4..64kb, a positive value is an entry count, capped at 8kb as Redis's
 * SIZE_SAFETY_LIMIT does).
 *
 * <p>Set from the node's configuration (startup and CONFIG SET) by types.EncodingLimits.
 */
public final class ListLimits {
    private ListLimits() {
    }

    public static volatile int listMaxListpackSize = -2;

    /** Whether a packed list of this many bytes and entries still fits one node. */
    static boolean fits(int bytes, int entries) {
        int fill = listMaxListpackSize;
        if (fill >= 0) return entries <= Math.max(1, fill) && bytes <= 8192;
        int level = Math.min(5, -fill);
        return bytes <= (4096 << (level - 1));
    }
}
