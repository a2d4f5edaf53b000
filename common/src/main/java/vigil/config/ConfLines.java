package vigil.config;

import java.util.List;

/** Conf-file text from a rewrite's lines, as Redis's rewriteConfigGetContentFromState builds it. */
public final class ConfLines {
    private ConfLines() {
    }

    /** One line each, '\n'-terminated; a run of blank lines becomes a single blank line. */
    public static String render(List<String> lines) {
        StringBuilder sb = new StringBuilder();
        boolean wasEmpty = false;
        for (String l : lines) {
            if (l.isEmpty()) {
                if (wasEmpty) continue;
                wasEmpty = true;
            } else {
                wasEmpty = false;
            }
            sb.append(l).append('\n');
        }
        return sb.toString();
    }
}
