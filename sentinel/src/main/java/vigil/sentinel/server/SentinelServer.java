package vigil.sentinel.server;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import vigil.sentinel.SentinelHost;

import java.util.List;

/**
 * The sentinel's RESP server: Redis 7.0's sentinel-mode command table (SENTINEL *, PING, INFO,
 * ROLE, AUTH, HELLO, CLIENT, SUBSCRIBE/PSUBSCRIBE/UNSUBSCRIBE/PUNSUBSCRIBE, SHUTDOWN, COMMAND...),
 * RESP2 and RESP3, and the pub/sub on which events are published.
 */
public final class SentinelServer {
    private final Vertx vertx;
    private final SentinelHost host;

    public SentinelServer(Vertx vertx, SentinelHost host) {
        this.vertx = vertx;
        this.host = host;
    }

    /** Listens on every bind address (all interfaces when empty). */
    public Future<Void> listen(int port, List<String> bind, String requirepass) {
        throw new UnsupportedOperationException("TODO");
    }

    /** Publishes {@code message} on {@code channel} to this sentinel's subscribers (events, +switch-master...). */
    public void publish(String channel, String message) {
        throw new UnsupportedOperationException("TODO");
    }

    public Future<Void> close() {
        throw new UnsupportedOperationException("TODO");
    }
}
