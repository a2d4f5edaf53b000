package vigil.config;

import vigil.resp.ArgSplitter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads redis.conf-style text: one directive per line, arguments split with Redis's quoting
 * rules, '#' comments, case-insensitive names (returned lower-case), {@code include path}
 * expanded in place (relative to the working directory, as Redis does). Lines keep their origin
 * so errors can name the file and line.
 */
public final class ConfFile {
    private ConfFile() {
    }

    public static List<ConfLine> read(Path file) throws ConfError {
        List<ConfLine> out = new ArrayList<>();
        read(file, out, 0);
        return out;
    }

    private static void read(Path file, List<ConfLine> out, int depth) throws ConfError {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfError(null, "Fatal error, can't open config file '" + file + "': " + e.getMessage());
        }
        parse(file.toString(), text, out, depth);
    }

    public static List<ConfLine> parse(String fileName, String text) throws ConfError {
        List<ConfLine> out = new ArrayList<>();
        parse(fileName, text, out, 0);
        return out;
    }

    private static void parse(String fileName, String text, List<ConfLine> out, int depth) throws ConfError {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String raw = lines[i];
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            List<byte[]> parts = ArgSplitter.split(line);
            ConfLine where = new ConfLine(fileName, i + 1, raw, "", List.of());
            if (parts == null) throw new ConfError(where, "Unbalanced quotes in configuration line");
            if (parts.isEmpty()) continue;
            List<String> args = new ArrayList<>(parts.size() - 1);
            for (int k = 1; k < parts.size(); k++) args.add(new String(parts.get(k), StandardCharsets.UTF_8));
            String name = new String(parts.get(0), StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
            ConfLine cl = new ConfLine(fileName, i + 1, raw, name, List.copyOf(args));
            if (name.equals("include")) {
                if (args.size() != 1) throw new ConfError(cl, "Bad directive or wrong number of arguments");
                if (depth > 16) throw new ConfError(cl, "Too many nested includes");
                read(Path.of(args.get(0)), out, depth + 1);
                continue;
            }
            out.add(cl);
        }
    }

    /**
     * Turns redis-server style command-line options into conf text: "--port 7000 --replicaof
     * 127.0.0.1 6379" becomes "port 7000\nreplicaof 127.0.0.1 6379\n". Arguments are quoted so
     * the conf parser reads them back unchanged.
     */
    public static String fromArgs(List<String> args) {
        StringBuilder sb = new StringBuilder();
        boolean first = true;
        for (String a : args) {
            if (a.startsWith("--") && a.length() > 2) {
                if (!first) sb.append('\n');
                sb.append(a.substring(2));
                first = false;
            } else {
                sb.append(' ').append(quote(a));
            }
        }
        if (!first) sb.append('\n');
        return sb.toString();
    }

    /** Quotes a value for a conf file when it needs it (spaces, quotes, control bytes, empty). */
    public static String quote(String v) {
        boolean plain = !v.isEmpty();
        for (int i = 0; i < v.length() && plain; i++) {
            char c = v.charAt(i);
            if (c <= ' ' || c == '"' || c == '\'' || c == '\\' || c == '#' || c >= 127) plain = false;
        }
        if (plain) return v;
        StringBuilder sb = new StringBuilder("\"");
        for (byte b : v.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '"' -> sb.append("\\\"");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 32 || c >= 127) sb.append(String.format("\\x%02x", c));
                    else sb.append((char) c);
                }
            }
        }
        return sb.append('"').toString();
    }
}
