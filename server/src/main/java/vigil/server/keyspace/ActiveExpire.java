package vigil.server.keyspace;

import java.util.SplittableRandom;
import java.util.function.IntSupplier;

/**
 * Active expiry, Redis 7.0's slow activeExpireCycle: once per cron tick, visit up to 16 dbs
 * round-robin; in each, sample up to 20 keys (more with active-expire-effort) among those with a
 * TTL and delete the expired ones, repeating while more than 10% of a sample was expired, within
 * 25% of the tick's time. Only a master expires keys: a replica waits for its master's DELs.
 * Each deletion goes through {@link Db#deleteExpired}, which propagates {@code DEL}.
 */
public final class ActiveExpire {
    static final int KEYS_PER_LOOP = 20;
    static final int SLOW_TIME_PERC = 25;
    static final int ACCEPTABLE_STALE = 10;
    static final int DBS_PER_CALL = 16;

    private final Keyspace keyspace;
    private final IntSupplier hz;
    private final IntSupplier effort;
    private final SplittableRandom random = new SplittableRandom();
    private boolean enabled = true;
    private int currentDb;
    private boolean timeLimitExit;
    private double stalePerc;
    private long cycleMicros;

    public ActiveExpire(Keyspace keyspace, IntSupplier hz, IntSupplier effort) {
        this.keyspace = keyspace;
        this.hz = hz;
        this.effort = effort;
    }

    /** DEBUG SET-ACTIVE-EXPIRE. */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public boolean enabled() {
        return enabled;
    }

    /** Estimated share of logically expired keys among those with a TTL (INFO expired_stale_perc / 100). */
    public double stalePerc() {
        return stalePerc;
    }

    /** The cron hook. */
    public void cycle() {
        if (!enabled || keyspace.isReplica()) return;
        int eff = Math.max(0, effort.getAsInt() - 1);
        int keysPerLoop = KEYS_PER_LOOP + KEYS_PER_LOOP / 4 * eff;
        int acceptableStale = ACCEPTABLE_STALE - eff;
        long timeLimitNanos = Math.max(1000L, (SLOW_TIME_PERC + 2L * eff) * 1_000_000_000L / Math.max(1, hz.getAsInt()) / 100);
        int dbs = keyspace.size();
        int dbsPerCall = Math.min(DBS_PER_CALL, dbs);
        if (timeLimitExit) dbsPerCall = dbs;
        timeLimitExit = false;
        long start = System.nanoTime();
        long totalSampled = 0, totalExpired = 0;
        int iteration = 0;
        keyspace.freezeClock();
        try {
            for (int j = 0; j < dbsPerCall && !timeLimitExit; j++) {
                Db db = keyspace.db(currentDb % dbs);
                currentDb = (currentDb + 1) % dbs;
                int expired, sampled;
                do {
                    iteration++;
                    int num = db.expires.size();
                    if (num == 0) break;
                    if (num > keysPerLoop) num = keysPerLoop;
                    expired = 0;
                    sampled = 0;
                    for (; sampled < num; sampled++) {
                        Dict.Node e = db.expires.random(random);
                        if (e == null) break;
                        Dict.Node n = (Dict.Node) e.value;
                        if (db.isExpired(n)) {
                            db.deleteExpired(n);
                            expired++;
                        }
                    }
                    totalExpired += expired;
                    totalSampled += sampled;
                    if ((iteration & 0xf) == 0 && System.nanoTime() - start > timeLimitNanos) {
                        timeLimitExit = true;
                        keyspace.stats().expiredTimeCapReachedCount++;
                        break;
                    }
                } while (sampled == 0 || expired * 100 / sampled > acceptableStale);
            }
        } finally {
            keyspace.unfreezeClock();
        }
        cycleMicros += (System.nanoTime() - start) / 1000;
        keyspace.stats().expireCycleCpuMillis = cycleMicros / 1000;
        double current = totalSampled == 0 ? 0 : (double) totalExpired / totalSampled;
        stalePerc = current * 0.05 + stalePerc * 0.95;
        keyspace.stats().expiredStalePerc = Math.round(stalePerc * 100);
    }
}
