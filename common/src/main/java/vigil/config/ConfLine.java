package vigil.config;

import java.util.List;

/**
 * One directive of a conf: where it came from (file or "command line", line number as Redis
 * counts it), the trimmed line for error messages, the lower-cased name and the arguments.
 */
public record ConfLine(String file, int lineNumber, String text, String name, List<String> args) {
    public String arg(int i) {
        return args.get(i);
    }
}
