package vigil.sentinel.conf;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * How Redis 7.0's sentinel turns a host argument into an instance address (createSentinelAddr):
 * an IP literal as written; a host name only with {@code resolve-hostnames yes}, kept as the name
 * with {@code announce-hostnames yes}, else replaced by the address it resolves to.
 */
public final class Addresses {
    private Addresses() {
    }

    /** The address to keep, or null when Redis would answer "Can't resolve instance hostname.". */
    public static String resolve(String host, boolean resolveHostnames, boolean announceHostnames) {
        if (isIpLiteral(host)) return host;
        if (!resolveHostnames) return null;
        try {
            String ip = InetAddress.getByName(host).getHostAddress();
            return announceHostnames ? host : ip;
        } catch (UnknownHostException | SecurityException e) {
            return null;
        }
    }

    /** IPv4 in inet_aton form (1 to 4 dotted numbers) or an IPv6 literal. */
    public static boolean isIpLiteral(String h) {
        if (h.isEmpty()) return false;
        if (h.indexOf(':') >= 0) {
            for (int i = 0; i < h.length(); i++) {
                char c = h.charAt(i);
                if (!(Character.digit(c, 16) >= 0 || c == ':' || c == '.' || c == '%')) return false;
            }
            try {
                InetAddress.getByName(h);   // a literal: no lookup happens
                return true;
            } catch (UnknownHostException e) {
                return false;
            }
        }
        String[] parts = h.split("\\.", -1);
        if (parts.length > 4) return false;
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 10) return false;
            for (int i = 0; i < p.length(); i++) if (!Character.isDigit(p.charAt(i))) return false;
            if (Long.parseLong(p) > 0xffffffffL) return false;
        }
        return true;
    }

    /** C's atoi: optional blanks and sign, then digits up to the first non-digit; 0 when none. */
    public static int atoi(String s) {
        return (int) strtoll(s);
    }

    /** strtoll/strtoull for the epochs: leading digits, 0 when none. */
    public static long strtoll(String s) {
        int i = 0, n = s.length();
        while (i < n && Character.isWhitespace(s.charAt(i))) i++;
        boolean neg = false;
        if (i < n && (s.charAt(i) == '-' || s.charAt(i) == '+')) neg = s.charAt(i++) == '-';
        long v = 0;
        while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            v = v * 10 + (s.charAt(i++) - '0');
        }
        return neg ? -v : v;
    }
}
