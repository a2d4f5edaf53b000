package vigil.rdb;

import java.io.IOException;

/**
 * A corrupt, truncated or unsupported RDB stream or DUMP payload. Carries the byte offset (from
 * the start of the stream) where the reader found what it did not expect, so an operator can
 * look at the file.
 */
public final class RdbFormatException extends IOException {
    private final long offset;
    private final String detail;

    public RdbFormatException(long offset, String detail) {
        super(detail + " (at byte offset " + offset + ")");
        this.offset = offset;
        this.detail = detail;
    }

    public long offset() {
        return offset;
    }

    /** The message without the offset. */
    public String detail() {
        return detail;
    }

    /** The same error with context (such as the key being loaded) appended. */
    RdbFormatException in(String context) {
        RdbFormatException e = new RdbFormatException(offset, detail + " " + context);
        e.setStackTrace(getStackTrace());
        return e;
    }
}
