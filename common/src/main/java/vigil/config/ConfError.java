package vigil.config;

/**
 * A conf problem that stops startup. {@link #fatalBlock} renders Redis's block, byte for byte in
 * its first lines, then one extra line naming the file (and Vigil):
 * <pre>
 *
 * *** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***
 * Reading the configuration file, at line 2
 * &gt;&gt;&gt; 'port abc'
 * argument couldn't be parsed into an integer
 * (Vigil 0.1.0: in /etc/vigil/node.conf)
 * </pre>
 * Without a line (an unreadable file) it is Redis's single "Fatal error, can't open config file" line.
 */
public final class ConfError extends Exception {
    private final ConfLine line;
    private final String reason;

    public ConfError(ConfLine line, String reason) {
        super((line == null ? "" : line.file() + ":" + line.lineNumber() + ": ") + reason, null, false, false);
        this.line = line;
        this.reason = reason;
    }

    public ConfLine line() {
        return line;
    }

    public String reason() {
        return reason;
    }

    public String fatalBlock(String redisVersion, String vigilVersion) {
        if (line == null) return reason + "\n";
        StringBuilder sb = new StringBuilder();
        sb.append("\n*** FATAL CONFIG FILE ERROR (Redis ").append(redisVersion).append(") ***\n");
        sb.append("Reading the configuration file, at line ").append(line.lineNumber()).append('\n');
        sb.append(">>> '").append(line.text()).append("'\n");
        sb.append(reason).append('\n');
        sb.append("(Vigil ").append(vigilVersion).append(": in ").append(line.file()).append(")\n");
        return sb.toString();
    }
}
