package vigil.resp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a line into arguments the way Redis's sdssplitargs does: whitespace separates,
 * "double quotes" understand \n \r \t \b \a \\ \" and \xHH escapes, 'single quotes' only \'.
 * A closing quote must be followed by whitespace or the end. Used for inline commands, conf
 * files and the interactive cli. Returns null on unbalanced quotes.
 */
public final class ArgSplitter {
    private ArgSplitter() {
    }

    public static List<byte[]> split(String line) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        return split(b, 0, b.length);
    }

    public static List<byte[]> split(byte[] s, int from, int to) {
        List<byte[]> out = new ArrayList<>();
        int p = from;
        while (true) {
            while (p < to && isSpace(s[p])) p++;
            if (p >= to) return out;
            ByteArrayBuilder cur = new ByteArrayBuilder();
            boolean inq = false, insq = false, done = false;
            while (!done) {
                if (inq) {
                    if (p >= to) return null;
                    if (s[p] == '\\' && p + 3 < to && s[p + 1] == 'x' && isHex(s[p + 2]) && isHex(s[p + 3])) {
                        cur.add((byte) (hex(s[p + 2]) * 16 + hex(s[p + 3])));
                        p += 3;
                    } else if (s[p] == '\\' && p + 1 < to) {
                        p++;
                        byte c = switch (s[p]) {
                            case 'n' -> '\n';
                            case 'r' -> '\r';
                            case 't' -> '\t';
                            case 'b' -> '\b';
                            case 'a' -> 7;
                            default -> s[p];
                        };
                        cur.add(c);
                    } else if (s[p] == '"') {
                        if (p + 1 < to && !isSpace(s[p + 1])) return null;
                        done = true;
                    } else {
                        cur.add(s[p]);
                    }
                } else if (insq) {
                    if (p >= to) return null;
                    if (s[p] == '\\' && p + 1 < to && s[p + 1] == '\'') {
                        p++;
                        cur.add((byte) '\'');
                    } else if (s[p] == '\'') {
                        if (p + 1 < to && !isSpace(s[p + 1])) return null;
                        done = true;
                    } else {
                        cur.add(s[p]);
                    }
                } else {
                    if (p >= to) {
                        done = true;
                        continue;
                    }
                    switch (s[p]) {
                        case ' ', '\n', '\r', '\t', 0 -> done = true;
                        case '"' -> inq = true;
                        case '\'' -> insq = true;
                        default -> cur.add(s[p]);
                    }
                }
                if (p < to) p++;
            }
            out.add(cur.toArray());
        }
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t' || b == 0x0b || b == '\f';
    }

    private static boolean isHex(byte b) {
        return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F');
    }

    private static int hex(byte b) {
        if (b >= '0' && b <= '9') return b - '0';
        if (b >= 'a' && b <= 'f') return b - 'a' + 10;
        return b - 'A' + 10;
    }

    /** Minimal growable byte array. */
    static final class ByteArrayBuilder {
        private byte[] a = new byte[16];
        private int n;

        void add(byte b) {
            if (n == a.length) a = java.util.Arrays.copyOf(a, n * 2);
            a[n++] = b;
        }

        byte[] toArray() {
            return java.util.Arrays.copyOf(a, n);
        }
    }
}
