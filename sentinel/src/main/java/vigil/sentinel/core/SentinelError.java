package vigil.sentinel.core;

/** A refused sentinel command; the message is Redis's error reply text without the leading '-'. */
public final class SentinelError extends Exception {
    public SentinelError(String redisErrorText) {
        super(redisErrorText, null, false, false);
    }
}
