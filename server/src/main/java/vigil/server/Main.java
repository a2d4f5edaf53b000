package vigil.server;

import vigil.server.node.VigilServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vigil.config.ConfError;
import vigil.config.ConfFile;
import vigil.config.ConfLine;
import vigil.server.config.ServerConfig;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code vigil-server [conf-file | -] [--directive value ...]}, parsed like redis-server 7.0:
 * the conf file, then stdin ("-" first or last), then the command-line directives, later ones
 * winning. A bad directive prints Redis's FATAL CONFIG FILE ERROR block and exits 1.
 */
public final class Main {
    private static final Logger log = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    /** The conf file's absolute path (null without one) and the directives to apply in order. */
    record Conf(String configFile, List<ConfLine> lines) {
    }

    public static void main(String[] args) throws Exception {
        if (args.length >= 1 && (args[0].equals("-v") || args[0].equals("--version"))) {
            System.out.println(version());
            System.exit(0);
        }
        if (args.length >= 1 && (args[0].equals("-h") || args[0].equals("--help"))) {
            System.err.println(usage());
            System.exit(1);
        }
        ServerConfig config = new ServerConfig();
        if (!configure(config, Arrays.asList(args), System.in, System.err)) {
            System.exit(1);
            return;
        }
        if (config.configFile == null) log.warn("Warning: no config file specified, using the default config.");
        if (config.daemonize) log.warn("daemonize yes has no effect: Vigil stays in the foreground (use systemd or a supervisor)");
        Node node;
        try {
            node = Node.start(config);
        } catch (vigil.server.persistence.RdbLoad.LoadFailure e) {
            log.error(e.getMessage());
            System.exit(1);
            return;
        } catch (Exception e) {
            Throwable cause = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause() : e;
            // Redis's wording, so scripts that grep for it keep working.
            log.warn("Warning: Could not create server TCP listening socket {}:{}: {}",
                    String.join(" ", config.bind), config.port, cause.getMessage());
            log.error("Failed listening on port {} (tcp), aborting.", config.port);
            System.exit(1);
            return;
        }
        log.info("Vigil {} (Redis {} compatible) started, pid={}, port={}", VigilServer.VIGIL_VERSION,
                VigilServer.REDIS_VERSION, ProcessHandle.current().pid(), node.port());
        log.info("Network transport: {}", node.vertx().isNativeTransportEnabled() ? "epoll" : "nio");
        log.info("Ready to accept connections tcp");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                // SIGTERM: Redis saves first when save points are configured (SHUTDOWN already did).
                if (!node.closed().isDone()) {
                    node.onLoop(() -> vigil.server.persistence.PersistenceCommands.saveOnShutdown(node.server(), false, false));
                }
                node.close();
            } catch (Exception ignored) {
                // exiting anyway
            }
        }));
        node.closed().join();
        System.exit(0);
    }

    /** Reads and applies the conf; on a bad one prints the FATAL block to {@code err} and returns false. */
    static boolean configure(ServerConfig config, List<String> args, InputStream stdin, PrintStream err) {
        try {
            Conf conf = readConf(args, stdin);
            config.configFile = conf.configFile();
            config.load(conf.lines());
            return true;
        } catch (ConfError e) {
            err.print(e.fatalBlock(VigilServer.REDIS_VERSION, VigilServer.VIGIL_VERSION));
            err.flush();
            return false;
        } catch (IOException e) {
            err.println("Fatal error, can't read config from stdin: " + e.getMessage());
            return false;
        }
    }

    /** redis-server's argument rules: argv[1] is the conf file unless it starts with '-'; "-" first or last is stdin. */
    static Conf readConf(List<String> args, InputStream stdin) throws ConfError, IOException {
        String file = null;
        int j = 0;
        if (!args.isEmpty() && !args.get(0).startsWith("-")) {
            file = Path.of(args.get(0)).toAbsolutePath().toString();
            j = 1;
        }
        boolean fromStdin = false;
        List<String> options = new ArrayList<>();
        for (int i = j; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("-") && (i == 0 || i == args.size() - 1)) fromStdin = true;
            else options.add(a);
        }
        String stdinText = null;
        if (fromStdin) {
            log.warn("Reading config from stdin");
            stdinText = new String(stdin.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
        return new Conf(file, ConfFile.load(file, stdinText, options));
    }

    static String version() {
        return "Vigil server v=" + VigilServer.VIGIL_VERSION + " redis_version=" + VigilServer.REDIS_VERSION
                + " java=" + System.getProperty("java.version") + " bits=64";
    }

    static String usage() {
        return String.join("\n",
                "Usage: ./vigil-server [/path/to/redis.conf] [options] [-]",
                "       ./vigil-server - (read config from stdin)",
                "       ./vigil-server -v or --version",
                "       ./vigil-server -h or --help",
                "",
                "Examples:",
                "       ./vigil-server (run the server with default conf)",
                "       echo 'maxmemory 128mb' | ./vigil-server -",
                "       ./vigil-server /etc/redis/6379.conf",
                "       ./vigil-server --port 7777",
                "       ./vigil-server --port 7777 --replicaof 127.0.0.1 8888",
                "       ./vigil-server /etc/myredis.conf --loglevel verbose -",
                "       ./vigil-server /etc/myredis.conf --loglevel verbose",
                "",
                "Vigil " + VigilServer.VIGIL_VERSION + " speaks Redis " + VigilServer.REDIS_VERSION
                        + " and reads its redis.conf; see docs/config.md for the directives.");
    }
}
