package vigil.config;

import vigil.resp.ArgSplitter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads redis.conf text the way Redis 7.0's loadServerConfig does: the conf file, then stdin,
 * then the command-line options are concatenated into one text (so line numbers in errors are
 * Redis's), each line trimmed of " \t\r\n", '#' lines and blank lines skipped, arguments split
 * with sdssplitargs rules, names lower-cased, {@code include path} expanded in place (relative
 * to the working directory; errors inside name the included file and its own line number).
 */
public final class ConfFile {
    private static final int MAX_INCLUDE_DEPTH = 16;

    private ConfFile() {
    }

    /** One conf file on its own. */
    public static List<ConfLine> read(Path file) throws ConfError {
        return load(file.toString(), null, List.of());
    }

    /** Conf text with no file behind it (tests, stdin). */
    public static List<ConfLine> parse(String origin, String text) throws ConfError {
        List<ConfLine> out = new ArrayList<>();
        parse(List.of(new Segment(0, origin)), text, out, 0);
        return out;
    }

    /**
     * Redis's startup conf: {@code file} (may be null), then {@code stdin} text (may be null), then
     * "\n" and the command-line options rendered by {@link #options}.
     */
    public static List<ConfLine> load(String file, String stdin, List<String> args) throws ConfError {
        StringBuilder text = new StringBuilder();
        List<Segment> segments = new ArrayList<>();
        if (file != null) {
            segments.add(new Segment(0, file));
            text.append(readText(Path.of(file)));
        }
        if (stdin != null) {
            segments.add(new Segment(text.length(), "stdin"));
            text.append(stdin);
        }
        text.append('\n');
        segments.add(new Segment(text.length(), "the command line"));
        text.append(options(args));
        List<ConfLine> out = new ArrayList<>();
        parse(segments, text.toString(), out, 0);
        return out;
    }

    private record Segment(int start, String origin) {
    }

    private static String readText(Path file) throws ConfError {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new ConfError(null, "Fatal error, can't open config file '" + file + "': " + strerror(e));
        }
    }

    public static String strerror(IOException e) {
        if (e instanceof NoSuchFileException) return "No such file or directory";
        if (e instanceof AccessDeniedException) return "Permission denied";
        if (e.getMessage() != null && e.getMessage().contains("Is a directory")) return "Is a directory";
        return String.valueOf(e.getMessage());
    }

    private static void parse(List<Segment> segments, String text, List<ConfLine> out, int depth) throws ConfError {
        int lineNo = 0;
        int start = 0;
        while (start <= text.length()) {
            int nl = text.indexOf('\n', start);
            int end = nl < 0 ? text.length() : nl;
            lineNo++;
            String origin = originAt(segments, start);
            handleLine(origin, lineNo, trim(text.substring(start, end)), out, depth);
            if (nl < 0) break;
            start = nl + 1;
        }
    }

    private static String originAt(List<Segment> segments, int offset) {
        String o = segments.get(0).origin();
        for (Segment s : segments) if (s.start() <= offset) o = s.origin();
        return o;
    }

    private static void handleLine(String origin, int lineNo, String line, List<ConfLine> out, int depth) throws ConfError {
        if (line.isEmpty() || line.charAt(0) == '#') return;
        List<byte[]> parts = ArgSplitter.split(line.getBytes(StandardCharsets.ISO_8859_1), 0, line.length());
        if (parts == null) throw new ConfError(new ConfLine(origin, lineNo, line, "", List.of()), "Unbalanced quotes in configuration line");
        if (parts.isEmpty()) return;
        String name = latin1(parts.get(0)).toLowerCase(Locale.ROOT);
        List<String> args = new ArrayList<>(parts.size() - 1);
        for (int k = 1; k < parts.size(); k++) args.add(utf8(parts.get(k)));
        ConfLine cl = new ConfLine(origin, lineNo, utf8(line.getBytes(StandardCharsets.ISO_8859_1)), name, List.copyOf(args));
        if (name.equals("include") && args.size() == 1) {
            if (depth >= MAX_INCLUDE_DEPTH) throw new ConfError(cl, "Too many nested includes");
            String included = args.get(0);
            List<ConfLine> sub = new ArrayList<>();
            parse(List.of(new Segment(0, included)), readText(Path.of(included)), sub, depth + 1);
            out.addAll(sub);
            return;
        }
        out.add(cl);
    }

    private static String latin1(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    /** Conf files are read as raw bytes (ISO-8859-1 chars); arguments are decoded as UTF-8. */
    private static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    /** sdstrim(line, " \t\r\n"). */
    static String trim(String s) {
        int a = 0, b = s.length();
        while (a < b && " \t\r\n".indexOf(s.charAt(a)) >= 0) a++;
        while (b > a && " \t\r\n".indexOf(s.charAt(b - 1)) >= 0) b--;
        return s.substring(a, b);
    }

    /**
     * Redis 7.0's main(): "--port 7000 --replicaof 127.0.0.1 6379" becomes
     * "port \"7000\" \nreplicaof \"127.0.0.1\" \"6379\" ". An option whose name is its only
     * token takes the following arguments; "--save" with nothing after it means save "".
     */
    public static String options(List<String> args) {
        StringBuilder sb = new StringBuilder();
        boolean handledLastConfigArg = true;
        for (int j = 0; j < args.size(); j++) {
            String a = args.get(j);
            boolean last = j == args.size() - 1;
            if (handledLastConfigArg && a.startsWith("--")) {
                if (sb.length() > 0) sb.append('\n');
                sb.append(a.substring(2)).append(' ');
                List<byte[]> tokens = ArgSplitter.split(a);
                if (tokens != null && tokens.size() == 1) {
                    handledLastConfigArg = false;
                    boolean nextIsOption = !last && args.get(j + 1).startsWith("--");
                    if (a.equalsIgnoreCase("--save") && (nextIsOption || last)) {
                        sb.append("\"\"");
                        handledLastConfigArg = nextIsOption;
                    } else if (a.equalsIgnoreCase("--sentinel") && nextIsOption) {
                        handledLastConfigArg = true;
                    }
                } else {
                    handledLastConfigArg = true;
                }
            } else {
                sb.append(repr(a)).append(' ');
                handledLastConfigArg = true;
            }
        }
        return sb.toString();
    }

    /** sdscatrepr: a double-quoted string with C escapes, non-printable bytes as \xHH. */
    public static String repr(String v) {
        return vigil.resp.Repr.of(v);
    }

    /** Quotes a value for a conf file only when it needs it (spaces, quotes, control bytes, empty). */
    public static String quote(String v) {
        boolean plain = !v.isEmpty();
        for (int i = 0; i < v.length() && plain; i++) {
            char c = v.charAt(i);
            if (c <= ' ' || c == '"' || c == '\'' || c == '\\' || c == '#' || c >= 127) plain = false;
        }
        return plain ? v : repr(v);
    }
}
