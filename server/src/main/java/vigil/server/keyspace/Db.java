package vigil.server.keyspace;

/**
 * One numbered database: the main dict of keys and a second dict of the keys that have a time
 * to live (its values are the main dict's nodes), which active expiry samples from.
 *
 * <p>Expiry rules (Redis's): reads treat a key past its time as missing. On a master such a key
 * is deleted when touched and the deletion is reported to {@link KeyspaceEvents#expired}, which
 * propagates {@code DEL}; a replica never deletes by itself and waits for its master's DEL.
 */
public final class Db {
    public final int id;
    Dict keys = new Dict();
    Dict expires = new Dict();
    private final Keyspace owner;

    Db(int id, Keyspace owner) {
        this.id = id;
        this.owner = owner;
    }

    public int size() {
        return keys.size();
    }

    public int volatileCount() {
        return expires.size();
    }

    public Dict dict() {
        return keys;
    }

    public Dict expiresDict() {
        return expires;
    }

    /**
     * True when the node's time to live has passed (by the keyspace clock). Never while a replica
     * applies its master's stream: the master decides (Redis's expireIfNeeded for server.master).
     */
    public boolean isExpired(Dict.Node n) {
        return n.expireAt >= 0 && n.expireAt <= owner.now() && !owner.applyingMaster();
    }

    /**
     * Finds a live key, applying lazy expiry. Does not update the access time; use
     * {@link #lookupRead} / {@link #lookupWrite} from commands.
     */
    public Dict.Node find(byte[] key) {
        Dict.Node n = keys.get(key);
        if (n == null) return null;
        if (isExpired(n)) {
            if (owner.expireAllowed()) {
                deleteExpired(n);
            }
            return null;
        }
        return n;
    }

    public Dict.Node lookupRead(byte[] key) {
        Dict.Node n = find(key);
        if (n != null && !owner.noTouch()) n.accessed = owner.now();
        return n;
    }

    /** Finds a live key the caller may then change in place (a running snapshot captures it first). */
    public Dict.Node lookupWrite(byte[] key) {
        Dict.Node n = find(key);
        if (n != null) {
            owner.beforeWrite(this, n);
            n.accessed = owner.now();
        }
        return n;
    }

    /** The value of a live key or null. */
    public Object get(byte[] key) {
        Dict.Node n = lookupRead(key);
        return n == null ? null : n.value;
    }

    /** Whether the key exists (lazy expiry applied), without touching its access time. */
    public boolean exists(byte[] key) {
        return find(key) != null;
    }

    /**
     * Adds or overwrites a key. With {@code keepTtl} false an existing TTL is removed, as SET does.
     * Signals the key as modified (WATCH).
     */
    public Dict.Node set(byte[] key, Object value, boolean keepTtl) {
        Dict.Node n = keys.get(key);
        if (n == null) {
            n = keys.add(key, value);
            owner.created(n);
        } else {
            owner.beforeWrite(this, n);
            n.value = value;
            n.encoding = Dict.Node.ENC_AUTO;
            if (!keepTtl && n.expireAt >= 0) removeExpire(n);
            else if (keepTtl && isExpired(n)) removeExpire(n);
        }
        n.accessed = owner.now();
        owner.events().modified(this, key);
        return n;
    }

    /** Adds a key known to be absent (after a failed lookup). */
    public Dict.Node add(byte[] key, Object value) {
        Dict.Node stale = keys.get(key);
        if (stale != null) {
            // Logically expired on a replica: replace it.
            owner.beforeWrite(this, stale);
            if (stale.expireAt >= 0) expires.remove(key);
            keys.remove(key);
        }
        Dict.Node n = keys.add(key, value);
        owner.created(n);
        n.accessed = owner.now();
        owner.events().modified(this, key);
        return n;
    }

    /** Deletes a key if present (expired or not); returns whether it was live. */
    public boolean delete(byte[] key) {
        Dict.Node n = keys.get(key);
        if (n == null) return false;
        boolean live = !isExpired(n);
        owner.beforeWrite(this, n);
        keys.remove(key);
        if (n.expireAt >= 0) expires.remove(key);
        owner.events().modified(this, key);
        return live;
    }

    /** Reports a key changed in place (PERSIST, ...): WATCH invalidation. */
    public void signalModified(byte[] key) {
        owner.events().modified(this, key);
    }

    public void setExpire(Dict.Node n, long whenMs) {
        owner.beforeWrite(this, n);
        if (n.expireAt < 0) expires.add(n.key, n);
        n.expireAt = whenMs;
        owner.events().modified(this, n.key);
    }

    public boolean removeExpire(Dict.Node n) {
        if (n.expireAt < 0) return false;
        owner.beforeWrite(this, n);
        expires.remove(n.key);
        n.expireAt = -1;
        return true;
    }

    /** Deletes an expired key and reports it: the master's half of expiry. */
    public void deleteExpired(Dict.Node n) {
        owner.beforeWrite(this, n);
        keys.remove(n.key);
        expires.remove(n.key);
        owner.stats().expiredKeys++;
        owner.events().modified(this, n.key);
        owner.events().expired(this, n.key);
    }

    /**
     * Empties the db by giving it fresh dicts: the old ones are left intact, so a running snapshot
     * still walks the keys it has not captured yet (they are unreachable from here on).
     */
    public void clear() {
        keys = new Dict();
        expires = new Dict();
    }

    /**
     * Takes over key and expires dicts built off the keyspace thread (a replica's full-sync load)
     * in place of the current (empty) ones: WATCHers and blocked clients learn as for a swap.
     */
    public void adopt(Dict keys, Dict expires) {
        this.keys = keys;
        this.expires = expires;
        owner.events().flushed(this);
    }

    /** Replaces this db's contents with other's (SWAPDB). */
    void swapContents(Db other) {
        Dict k = keys, e = expires;
        keys = other.keys;
        expires = other.expires;
        other.keys = k;
        other.expires = e;
    }
}
