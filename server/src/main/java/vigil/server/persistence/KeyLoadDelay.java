package vigil.server.persistence;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntSupplier;
import java.util.function.LongConsumer;
import java.util.function.LongUnaryOperator;

/**
 * key-load-delay, Redis 7.0's debugDelay(server.key_load_delay) after each key an RDB load
 * reads: a positive value sleeps that many microseconds; -N sleeps 1 us with probability 1/N
 * (a short sleep costs a context switch, so short delays are had by sleeping less often); 0 does
 * nothing. The setting is read for every key, so a CONFIG SET acts on a load in progress. Runs
 * on the loading thread only (never the keyspace thread's hot path: the default is 0).
 */
public final class KeyLoadDelay {
    private final IntSupplier micros;
    private final LongUnaryOperator random;
    private final LongConsumer sleepMicros;

    /** micros: the setting (the node's config); random(n): a number in [0, n); sleepMicros: the sleep. */
    public KeyLoadDelay(IntSupplier micros, LongUnaryOperator random, LongConsumer sleepMicros) {
        this.micros = micros;
        this.random = random;
        this.sleepMicros = sleepMicros;
    }

    /** The real one: the setting from {@code micros}, a thread-local random, LockSupport.parkNanos. */
    public static KeyLoadDelay of(IntSupplier micros) {
        return new KeyLoadDelay(micros, n -> ThreadLocalRandom.current().nextLong(n), us -> LockSupport.parkNanos(us * 1000));
    }

    /** No delay (loaders built without a config). */
    public static final KeyLoadDelay NONE = new KeyLoadDelay(() -> 0, n -> 0, us -> { });

    /** After one key: sleeps as the setting says. */
    public void afterKey() {
        long us = micros.getAsInt();
        if (us == 0) return;
        if (us < 0) us = random.applyAsLong(-us) == 0 ? 1 : 0;
        if (us > 0) sleepMicros.accept(us);
    }
}
