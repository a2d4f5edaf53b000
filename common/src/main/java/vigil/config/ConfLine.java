package vigil.config;

import java.util.List;

/** One directive of a conf file: where it came from (for error messages) and its arguments. */
public record ConfLine(String file, int lineNumber, String text, String name, List<String> args) {
    public String arg(int i) {
        return args.get(i);
    }
}
