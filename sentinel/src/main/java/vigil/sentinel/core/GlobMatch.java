package vigil.sentinel.core;

/** Redis's stringmatchlen (case-sensitive) for SENTINEL RESET patterns: {@code * ? [a-z] [^x] \x}. */
final class GlobMatch {
    private GlobMatch() {
    }

    static boolean matches(String pattern, String s) {
        return match(pattern, 0, s, 0);
    }

    private static boolean match(String p, int pi, String s, int si) {
        while (pi < p.length()) {
            char c = p.charAt(pi);
            switch (c) {
                case '*' -> {
                    while (pi + 1 < p.length() && p.charAt(pi + 1) == '*') {
                        pi++;
                    }
                    if (pi + 1 == p.length()) {
                        return true;
                    }
                    for (int k = si; k <= s.length(); k++) {
                        if (match(p, pi + 1, s, k)) {
                            return true;
                        }
                    }
                    return false;
                }
                case '?' -> {
                    if (si >= s.length()) {
                        return false;
                    }
                    si++;
                }
                case '[' -> {
                    if (si >= s.length()) {
                        return false;
                    }
                    pi++;
                    boolean not = pi < p.length() && p.charAt(pi) == '^';
                    if (not) {
                        pi++;
                    }
                    boolean found = false;
                    while (pi < p.length() && p.charAt(pi) != ']') {
                        if (p.charAt(pi) == '\\' && pi + 1 < p.length()) {
                            pi++;
                            found |= p.charAt(pi) == s.charAt(si);
                        } else if (pi + 2 < p.length() && p.charAt(pi + 1) == '-') {
                            char a = p.charAt(pi);
                            char b = p.charAt(pi + 2);
                            char lo = (char) Math.min(a, b);
                            char hi = (char) Math.max(a, b);
                            found |= s.charAt(si) >= lo && s.charAt(si) <= hi;
                            pi += 2;
                        } else {
                            found |= p.charAt(pi) == s.charAt(si);
                        }
                        pi++;
                    }
                    if (not == found) {
                        return false;
                    }
                    si++;
                }
                case '\\' -> {
                    if (pi + 1 < p.length()) {
                        pi++;
                    }
                    if (si >= s.length() || p.charAt(pi) != s.charAt(si)) {
                        return false;
                    }
                    si++;
                }
                default -> {
                    if (si >= s.length() || c != s.charAt(si)) {
                        return false;
                    }
                    si++;
                }
            }
            pi++;
        }
        return si == s.length();
    }
}
