package vigil.sentinel.server;

/** Redis's glob-style matcher (util.c stringmatchlen), byte for byte: PSUBSCRIBE patterns, CONFIG GET, CLIENT KILL. */
final class Glob {
    private Glob() {
    }

    static boolean match(String pattern, String s) {
        return match(pattern.getBytes(java.nio.charset.StandardCharsets.UTF_8), 0, s.getBytes(java.nio.charset.StandardCharsets.UTF_8), 0, false, 0);
    }

    static boolean matchNoCase(String pattern, String s) {
        return match(pattern.getBytes(java.nio.charset.StandardCharsets.UTF_8), 0, s.getBytes(java.nio.charset.StandardCharsets.UTF_8), 0, true, 0);
    }

    static boolean match(byte[] p, int pi, byte[] s, int si, boolean nocase, int depth) {
        if (depth > 1000) return false;
        int plen = p.length, slen = s.length;
        while (pi < plen && si < slen) {
            switch (p[pi]) {
                case '*':
                    while (pi + 1 < plen && p[pi + 1] == '*') pi++;
                    if (pi + 1 == plen) return true;
                    for (int k = si; k < slen; k++) {
                        if (match(p, pi + 1, s, k, nocase, depth + 1)) return true;
                    }
                    return false;
                case '?':
                    si++;
                    break;
                case '[': {
                    pi++;
                    boolean not = pi < plen && p[pi] == '^';
                    if (not) pi++;
                    boolean matched = false;
                    while (true) {
                        if (pi < plen && p[pi] == '\\' && pi + 1 < plen) {
                            pi++;
                            if (p[pi] == s[si]) matched = true;
                        } else if (pi >= plen) {
                            pi--;
                            break;
                        } else if (p[pi] == ']') {
                            break;
                        } else if (pi + 2 < plen && p[pi + 1] == '-') {
                            int start = p[pi] & 0xff, end = p[pi + 2] & 0xff, c = s[si] & 0xff;
                            if (start > end) {
                                int t = start;
                                start = end;
                                end = t;
                            }
                            if (nocase) {
                                start = Character.toLowerCase(start);
                                end = Character.toLowerCase(end);
                                c = Character.toLowerCase(c);
                            }
                            pi += 2;
                            if (c >= start && c <= end) matched = true;
                        } else {
                            if (!nocase) {
                                if (p[pi] == s[si]) matched = true;
                            } else if (Character.toLowerCase(p[pi] & 0xff) == Character.toLowerCase(s[si] & 0xff)) {
                                matched = true;
                            }
                        }
                        pi++;
                    }
                    if (not) matched = !matched;
                    if (!matched) return false;
                    si++;
                    break;
                }
                case '\\':
                    if (pi + 1 < plen) pi++;
                    // fall through to literal comparison
                default:
                    if (!nocase) {
                        if (p[pi] != s[si]) return false;
                    } else if (Character.toLowerCase(p[pi] & 0xff) != Character.toLowerCase(s[si] & 0xff)) {
                        return false;
                    }
                    si++;
                    break;
            }
            pi++;
            if (si == slen) {
                while (pi < plen && p[pi] == '*') pi++;
                break;
            }
        }
        return pi == plen && si == slen;
    }
}
