package vigil.sentinel.core;

/**
 * Names one instance for the shell: which master it belongs to, what it is, where it is.
 * Links (connections) are keyed by this.
 */
public record Target(String master, InstanceKind kind, Addr addr) {
}
