package vigil.server.replication.link;

/** Accumulates one reply line up to "\n" (a trailing "\r" dropped). */
final class LineBuffer {
    private final StringBuilder sb = new StringBuilder();
    private boolean complete;

    int feed(byte[] buf, int p, int end) {
        while (p < end) {
            byte b = buf[p++];
            if (b == '\n') {
                complete = true;
                return p;
            }
            if (sb.length() < 64 * 1024) sb.append((char) (b & 0xff));
        }
        return p;
    }

    boolean complete() {
        return complete;
    }

    String take() {
        String s = sb.toString();
        if (s.endsWith("\r")) s = s.substring(0, s.length() - 1);
        sb.setLength(0);
        complete = false;
        return s;
    }
}
