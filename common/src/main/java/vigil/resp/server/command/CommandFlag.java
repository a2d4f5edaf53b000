package vigil.resp.server.command;

/** Command flags, named as Redis's COMMAND INFO reports them. */
public enum CommandFlag {
    WRITE("write"),
    READONLY("readonly"),
    DENYOOM("denyoom"),
    ADMIN("admin"),
    PUBSUB("pubsub"),
    NOSCRIPT("noscript"),
    BLOCKING("blocking"),
    LOADING("loading"),
    STALE("stale"),
    SKIP_MONITOR("skip_monitor"),
    SKIP_SLOWLOG("skip_slowlog"),
    FAST("fast"),
    NO_AUTH("no_auth"),
    MAY_REPLICATE("may_replicate"),
    NO_MULTI("no_multi"),
    ALLOW_BUSY("allow_busy"),
    NO_ASYNC_LOADING("no_async_loading"),
    NO_MANDATORY_KEYS("no_mandatory_keys"),
    PROTECTED("protected"),
    SENTINEL("sentinel"),
    ONLY_SENTINEL("only_sentinel"),
    MOVABLE_KEYS("movablekeys");

    public final String redisName;

    CommandFlag(String redisName) {
        this.redisName = redisName;
    }
}
