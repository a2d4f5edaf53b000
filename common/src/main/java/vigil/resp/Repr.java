package vigil.resp;

/**
 * Redis's sdscatrepr: bytes as a double-quoted string with C escapes (\n \r \t \a \b \\ \")
 * and \xHH for other non-printable bytes. Used by MONITOR lines, the cli, CONFIG REWRITE and
 * command-line options; the result is pure ASCII.
 */
public final class Repr {
    private Repr() {
    }

    public static String of(byte[] b) {
        StringBuilder sb = new StringBuilder(b.length + 2).append('"');
        for (byte x : b) {
            int c = x & 0xff;
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '"' -> sb.append("\\\"");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case 7 -> sb.append("\\a");
                case '\b' -> sb.append("\\b");
                default -> {
                    if (c >= 32 && c < 127) sb.append((char) c);
                    else sb.append(String.format("\\x%02x", c));
                }
            }
        }
        return sb.append('"').toString();
    }

    public static String of(String s) {
        return of(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
