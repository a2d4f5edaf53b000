package vigil.sentinel;

/** Entry point of vigil-sentinel. The supervisor itself is built in the sentinel issue. */
public final class SentinelMain {
    private SentinelMain() {
    }

    public static void main(String[] args) {
        System.err.println("vigil-sentinel is not implemented yet");
        System.exit(1);
    }
}
