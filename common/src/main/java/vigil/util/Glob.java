package vigil.util;

import java.nio.charset.StandardCharsets;

/**
 * Redis's glob-style matcher (util.c stringmatchlen), byte for byte: {@code * ? [abc] [^a-z] \x}.
 * Shared by the node (KEYS, SCAN MATCH, PSUBSCRIBE, CONFIG GET...) and the sentinel (SENTINEL
 * RESET, PSUBSCRIBE, CONFIG GET).
 */
public final class Glob {
    private Glob() {
    }

    public static boolean match(byte[] pattern, byte[] string, boolean nocase) {
        return match(pattern, 0, string, 0, nocase, 0);
    }

    public static boolean match(String pattern, String string) {
        return match(pattern.getBytes(StandardCharsets.UTF_8), string.getBytes(StandardCharsets.UTF_8), false);
    }

    public static boolean matchNoCase(String pattern, String string) {
        return match(pattern.getBytes(StandardCharsets.UTF_8), string.getBytes(StandardCharsets.UTF_8), true);
    }

    private static boolean match(byte[] p, int pi, byte[] s, int si, boolean nocase, int depth) {
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
