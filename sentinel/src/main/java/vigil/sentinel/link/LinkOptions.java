package vigil.sentinel.link;

/**
 * How a link connects and when it gives up on a reply.
 *
 * @param myId              this sentinel's run id (connection names are {@code sentinel-<first 8>-cmd/-pubsub})
 * @param authUser          the master's auth-user (null: AUTH with the password only)
 * @param authPass          the master's auth-pass (null: no AUTH)
 * @param connectTimeoutMs  TCP connect timeout
 * @param commandTimeoutMs  a command unanswered this long closes the connection (a hung instance is down),
 *                          as Redis closes a link whose PING is pending longer than down-after/2
 * @param reconnectPeriodMs how long after a failed or lost connection the link tries again (Redis: 1 s;
 *                          Vigil: 250 ms, so a returning instance is seen, and converted, sooner)
 * @param pubsubIdleMs      a pub/sub connection silent this long is reconnected (Redis: 3 hello periods, 6 s)
 * @param pubsub            whether to keep the {@code __sentinel__:hello} subscription (masters and replicas)
 */
public record LinkOptions(String myId, String authUser, String authPass, long connectTimeoutMs,
                          long commandTimeoutMs, long reconnectPeriodMs, long pubsubIdleMs, boolean pubsub) {

    public static LinkOptions defaults(String myId, String authUser, String authPass, long downAfterMs) {
        return new LinkOptions(myId, authUser, authPass, Math.max(500, Math.min(downAfterMs, 5000)),
                Math.max(500, downAfterMs / 2), RECONNECT_PERIOD_MS, 6000, true);
    }

    /** Vigil's reconnect period (Redis's is 1 s): an instance back after a crash, pause or partition is linked within 250 ms. */
    public static final long RECONNECT_PERIOD_MS = 250;

    String id8() {
        return myId == null ? "00000000" : myId.substring(0, Math.min(8, myId.length()));
    }
}
