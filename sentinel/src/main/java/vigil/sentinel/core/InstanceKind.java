package vigil.sentinel.core;

/** What a monitored instance is to this sentinel (Redis's SRI_MASTER / SRI_SLAVE / SRI_SENTINEL). */
public enum InstanceKind {
    MASTER("master"), REPLICA("slave"), SENTINEL("sentinel");

    /** The word Redis uses in flags and event messages. */
    public final String word;

    InstanceKind(String word) {
        this.word = word;
    }
}
