package vigil.sentinel.core;

/**
 * What a fault schedule may do to a {@link World}: the hooks World consults when it steps and when
 * it carries out an action. The default changes nothing, so scenario tests that set no
 * interference behave exactly as before.
 */
interface Interference {
    Interference NONE = new Interference() {
    };

    /** At the start of each 100 ms tick, after the clock moved (apply faults, advance offsets). */
    default void beforeTick(World w) {
    }

    /** Every action a sentinel's brain queued, as World carries it out. */
    default void observe(World w, World.Sentinel s, Action a) {
    }

    /** Whether a message (question, vote answer, hello) from {@code from} to {@code to} is lost. */
    default boolean lost(World.Sentinel from, World.Sentinel to) {
        return false;
    }

    /** How late a message from {@code from} reaches {@code to}, in ms (0: at once). */
    default long peerDelay(World.Sentinel from, World.Sentinel to) {
        return 0;
    }

    /** How late {@code n}'s INFO reply (as it is now) reaches {@code s}, in ms (0: at once). */
    default long infoDelay(World.Sentinel s, World.Node n) {
        return 0;
    }

    /** How late a REPLICAOF (or REPLICAOF NO ONE) from {@code s} reaches {@code n}, in ms (0: at once). */
    default long commandDelay(World.Sentinel s, World.Node n) {
        return 0;
    }

    /** Whether {@code replica} can replicate from {@code master} (false across a partition). */
    default boolean replicates(World.Node replica, World.Node master) {
        return true;
    }
}
