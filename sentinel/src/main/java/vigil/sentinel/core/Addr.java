package vigil.sentinel.core;

/** An instance's announced address, as Redis Sentinel keeps it (host may be an IP or, with resolve-hostnames, a name). */
public record Addr(String host, int port) {
    @Override
    public String toString() {
        return host + ":" + port;
    }
}
