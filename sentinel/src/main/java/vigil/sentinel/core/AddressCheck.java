package vigil.sentinel.core;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * SENTINEL MONITOR's address check without I/O: without resolve-hostnames Redis accepts only IP
 * literals; with it Redis resolves the name (the brain cannot, so it accepts any well-formed name
 * and lets the link fail).
 */
final class AddressCheck {
    private AddressCheck() {
    }

    static boolean acceptable(String host, boolean resolveHostnames) {
        if (host == null || host.isEmpty()) {
            return false;
        }
        if (isIpLiteral(host)) {
            return true;
        }
        return resolveHostnames && host.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '_');
    }

    static boolean isIpLiteral(String host) {
        if (host.indexOf(':') >= 0) {
            try {
                // A string with ':' is parsed as an IPv6 literal: never a DNS lookup.
                InetAddress.getByName(host);
                return true;
            } catch (UnknownHostException | SecurityException e) {
                return false;
            }
        }
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit) || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }
}
