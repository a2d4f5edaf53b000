package vigil.server.replication.fence;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * "Is ip:port this node?" for {@link HelloFence}: the port must be the listening port or
 * replica-announce-port, and the ip replica-announce-ip, one of the bind addresses, or an address
 * of a local network interface (loopback included). The interface list is read once, at the first
 * question (hellos come every 2 s per sentinel; the list is a system call).
 */
public final class SelfAddress implements HelloFence.Self {
    private final IntSupplier port;
    private final IntSupplier announcePort;
    private final Supplier<String> announceIp;
    private final Supplier<List<String>> bind;
    private Set<String> local;

    public SelfAddress(IntSupplier port, IntSupplier announcePort, Supplier<String> announceIp, Supplier<List<String>> bind) {
        this.port = port;
        this.announcePort = announcePort;
        this.announceIp = announceIp;
        this.bind = bind;
    }

    @Override
    public boolean is(String ip, int p) {
        if (p != port.getAsInt() && (announcePort.getAsInt() == 0 || p != announcePort.getAsInt())) return false;
        if (ip.equalsIgnoreCase(announceIp.get())) return true;
        for (String b : bind.get()) {
            String addr = b.startsWith("-") ? b.substring(1) : b;
            if (addr.equalsIgnoreCase(ip)) return true;
        }
        return localAddresses().contains(normal(ip));
    }

    private Set<String> localAddresses() {
        if (local == null) {
            Set<String> s = new HashSet<>(Set.of("localhost", "127.0.0.1", "::1"));
            try {
                for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                    for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                        s.add(normal(a.getHostAddress()));
                    }
                }
            } catch (SocketException | RuntimeException e) {
                // keep the loopback names: a node that cannot list its interfaces recognises announce-ip and bind only
            }
            local = s;
        }
        return local;
    }

    /** Interface addresses print as "fe80:0:0:0:...%eth0": drop the scope, compare lower case. */
    private static String normal(String ip) {
        int pct = ip.indexOf('%');
        return (pct >= 0 ? ip.substring(0, pct) : ip).toLowerCase(java.util.Locale.ROOT);
    }
}
