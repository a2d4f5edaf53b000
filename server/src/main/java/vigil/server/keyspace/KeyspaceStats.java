package vigil.server.keyspace;

/** Counters INFO stats reports about keys. */
public final class KeyspaceStats {
    public long expiredKeys;
    public long evictedKeys;
    public long keyspaceHits;
    public long keyspaceMisses;
    public long expiredStalePerc;
    public long expiredTimeCapReachedCount;
    public long expireCycleCpuMillis;

    public void reset() {
        expiredKeys = evictedKeys = keyspaceHits = keyspaceMisses = 0;
        expiredTimeCapReachedCount = expireCycleCpuMillis = 0;
    }
}
