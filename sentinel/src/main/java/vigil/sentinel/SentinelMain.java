package vigil.sentinel;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vigil.config.ConfError;
import vigil.sentinel.runtime.RuntimeOptions;
import vigil.sentinel.runtime.SentinelRuntime;

import java.util.Arrays;
import java.util.List;

/**
 * {@code vigil-sentinel <conf> [--directive value ...]} (also {@code vigil-server <conf> --sentinel},
 * as redis-server). A conf problem prints Redis's FATAL block (or its one-line "Sentinel needs
 * config file on disk..." / "is not writable" texts) and exits 1; SIGTERM closes the links,
 * leaves the peer group (so peers notice at once) and exits 0.
 */
public final class SentinelMain {
    public static final String REDIS_VERSION = vigil.resp.server.info.ServerInfo.REDIS_VERSION;
    public static final String VIGIL_VERSION = "0.1.0";
    private static final Logger log = LoggerFactory.getLogger("vigil.sentinel");

    private SentinelMain() {
    }

    public static void main(String[] argv) {
        // vigil-server conf --sentinel passes the switch through.
        String[] args = Arrays.stream(argv).filter(a -> !a.equals("--sentinel")).toArray(String[]::new);
        if (args.length >= 1 && (args[0].equals("-v") || args[0].equals("--version"))) {
            System.out.println(version());
            System.exit(0);
        }
        if (args.length >= 1 && (args[0].equals("-h") || args[0].equals("--help"))) {
            System.err.println(usage());
            System.exit(1);
        }
        List<String> rest = new java.util.ArrayList<>(Arrays.asList(args));
        String conf = null;
        if (!rest.isEmpty() && !rest.get(0).startsWith("-")) conf = rest.remove(0);
        SentinelRuntime rt;
        try {
            rt = SentinelRuntime.start(conf, rest, RuntimeOptions.fromEnvironment());
        } catch (ConfError e) {
            System.err.print(e.fatalBlock(REDIS_VERSION, VIGIL_VERSION));
            System.err.flush();
            System.exit(1);
            return;
        } catch (Exception e) {
            log.warn("Could not start the sentinel: {}", e.toString());
            System.exit(1);
            return;
        }
        // SIGTERM / SIGINT: close (links, peer group left gracefully so peers notice at once) and
        // exit 0 as Redis does; the JVM's own handling would exit 143.
        for (String sig : new String[]{"TERM", "INT"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(sig), s -> {
                    log.warn("Received SIG{} scheduling shutdown...", sig);
                    new Thread(rt::close, "vigil-sentinel-shutdown").start();
                });
            } catch (IllegalArgumentException unsupported) {
                // not on this platform: the JVM's default handling (shutdown hook below)
            }
        }
        Runtime.getRuntime().addShutdownHook(new Thread(rt::close, "vigil-sentinel-shutdown-hook"));
        rt.closed().join();
        log.warn("Sentinel is now ready to exit, bye bye...");
        System.exit(0);
    }

    static String version() {
        return "Vigil sentinel v=" + VIGIL_VERSION + " redis_version=" + REDIS_VERSION
                + " java=" + System.getProperty("java.version") + " bits=64";
    }

    static String usage() {
        return String.join("\n",
                "Usage: ./vigil-sentinel [/path/to/sentinel.conf] [options]",
                "       ./vigil-server [/path/to/sentinel.conf] --sentinel [options]",
                "       ./vigil-sentinel -v or --version",
                "       ./vigil-sentinel -h or --help",
                "",
                "Examples:",
                "       ./vigil-sentinel /etc/sentinel.conf",
                "       ./vigil-sentinel /etc/sentinel.conf --port 26380",
                "",
                "Peer group (not sentinel.conf directives; JVM -D or environment):",
                "       vigil.sentinel.group / VIGIL_SENTINEL_GROUP                  (default vigil-sentinel)",
                "       vigil.sentinel.hazelcast-port-offset / ..._PORT_OFFSET       (default 10000)",
                "       vigil.sentinel.hazelcast-members / VIGIL_SENTINEL_HAZELCAST_MEMBERS  host:port,...");
    }
}
