package vigil.server.propagation;

/**
 * Receives every write in the exact form a replica must apply, in execution order. The
 * replication engine (backlog and replica links) implements it; tests record it.
 */
@FunctionalInterface
public interface ReplicationFeed {
    void feed(int db, byte[][] argv);

    ReplicationFeed NONE = (db, argv) -> { };
}
