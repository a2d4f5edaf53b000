package vigil.server.replication.restart;

import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * The replication state file's content ({@code repl-state-filename} in {@code dir}): what this
 * node was the last time it recorded itself. A line-based text file:
 *
 * <pre>
 * vigil-replication-state 1
 * role master
 * replid 3f0c...  (40 hex digits)
 * offset 123456
 * replicas 2
 * </pre>
 *
 * {@code replicas} counts the replicas online at that moment (0 for a replica's record).
 */
public record ReplStateRecord(Role role, String replId, long offset, int replicas) {
    public static final String HEADER = "vigil-replication-state 1";

    public enum Role {
        MASTER("master"), REPLICA("replica");

        final String word;

        Role(String word) {
            this.word = word;
        }
    }

    public String format() {
        return HEADER + "\nrole " + role.word + "\nreplid " + replId + "\noffset " + offset + "\nreplicas " + replicas + "\n";
    }

    /** Parses a file's content; any damage (truncation, a bad field, another version) is an IllegalArgumentException. */
    public static ReplStateRecord parse(String text) {
        String[] lines = text.split("\r?\n");
        if (lines.length == 0 || !lines[0].strip().equals(HEADER)) throw new IllegalArgumentException("not a '" + HEADER + "' file");
        Map<String, String> fields = new HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) continue;
            int sp = line.indexOf(' ');
            if (sp < 0) throw new IllegalArgumentException("bad line '" + line + "'");
            fields.put(line.substring(0, sp), line.substring(sp + 1).strip());
        }
        Role role = switch (required(fields, "role")) {
            case "master" -> Role.MASTER;
            case "replica" -> Role.REPLICA;
            default -> throw new IllegalArgumentException("bad role '" + fields.get("role") + "'");
        };
        String replId = required(fields, "replid");
        if (replId.length() != 40 || !isHex(replId)) throw new IllegalArgumentException("bad replid '" + replId + "'");
        long offset = number(fields, "offset");
        long replicas = number(fields, "replicas");
        if (replicas > Integer.MAX_VALUE) throw new IllegalArgumentException("bad replicas '" + replicas + "'");
        return new ReplStateRecord(role, replId, offset, (int) replicas);
    }

    private static String required(Map<String, String> fields, String name) {
        String v = fields.get(name);
        if (v == null) throw new IllegalArgumentException("no '" + name + "' line");
        return v;
    }

    private static long number(Map<String, String> fields, String name) {
        String v = required(fields, name);
        try {
            long n = Long.parseLong(v);
            if (n >= 0) return n;
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException("bad " + name + " '" + v + "'");
    }

    private static boolean isHex(String s) {
        for (int i = 0; i < s.length(); i++) if (!HexFormat.isHexDigit(s.charAt(i))) return false;
        return true;
    }
}
