package vigil.config;

/**
 * A conf file problem that stops startup. {@link #fatalBlock()} renders Redis's message:
 * <pre>
 * *** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***
 * Reading the configuration file, at line 2
 * &gt;&gt;&gt; 'foo bar'
 * Bad directive or wrong number of arguments
 * </pre>
 */
public final class ConfError extends Exception {
    private final ConfLine line;
    private final String reason;

    public ConfError(ConfLine line, String reason) {
        super((line == null ? "" : line.file() + ":" + line.lineNumber() + ": ") + reason);
        this.line = line;
        this.reason = reason;
    }

    public ConfLine line() {
        return line;
    }

    public String reason() {
        return reason;
    }

    public String fatalBlock(String version) {
        StringBuilder sb = new StringBuilder();
        sb.append("\n*** FATAL CONFIG FILE ERROR (Vigil ").append(version).append(") ***\n");
        if (line != null) {
            sb.append("Reading the configuration file, at line ").append(line.lineNumber()).append('\n');
            if (line.file() != null) sb.append("(file ").append(line.file()).append(")\n");
            sb.append(">>> '").append(line.text().strip()).append("'\n");
        }
        sb.append(reason).append('\n');
        return sb.toString();
    }
}
