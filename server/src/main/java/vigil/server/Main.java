package vigil.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vigil.config.ConfError;
import vigil.config.ConfFile;
import vigil.config.ConfLine;
import vigil.server.config.ServerConfig;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code vigil-server [conf-file | -] [--directive value ...]}, like redis-server: the conf file
 * first, then command-line directives override it.
 */
public final class Main {
    private static final Logger log = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        if (rest.contains("--version") || rest.contains("-v")) {
            System.out.println("Vigil server v=" + VigilServer.VIGIL_VERSION + " redis_version=" + VigilServer.REDIS_VERSION
                    + " java=" + System.getProperty("java.version") + " bits=64");
            return;
        }
        if (rest.contains("--help") || rest.contains("-h")) {
            System.out.println(usage());
            return;
        }
        ServerConfig config = new ServerConfig();
        try {
            config.load(readConf(rest, config));
        } catch (ConfError e) {
            System.err.print(e.fatalBlock(VigilServer.VIGIL_VERSION));
            System.exit(1);
            return;
        }
        Node node;
        try {
            node = Node.start(config);
        } catch (Exception e) {
            log.error("Could not start: {}", e.getMessage());
            System.exit(1);
            return;
        }
        log.info("Vigil {} (Redis {} compatible) started, pid={}, port={}", VigilServer.VIGIL_VERSION,
                VigilServer.REDIS_VERSION, ProcessHandle.current().pid(), node.port());
        log.info("Network transport: {}", node.vertx().isNativeTransportEnabled() ? "epoll" : "nio");
        log.info("Ready to accept connections tcp");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
            } catch (Exception ignored) {
                // exiting anyway
            }
        }));
        node.closed().join();
        System.exit(0);
    }

    /** Reads the conf file (or stdin for "-") and appends the command-line directives. */
    static List<ConfLine> readConf(List<String> args, ServerConfig config) throws ConfError, IOException {
        List<ConfLine> lines = new ArrayList<>();
        if (!args.isEmpty() && !args.get(0).startsWith("--")) {
            String file = args.remove(0);
            if (file.equals("-")) {
                InputStream in = System.in;
                lines.addAll(ConfFile.parse("stdin", new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            } else {
                Path p = Path.of(file).toAbsolutePath();
                config.configFile = p.toString();
                lines.addAll(ConfFile.read(p));
            }
        }
        lines.addAll(ConfFile.parse("command line", ConfFile.fromArgs(args)));
        return lines;
    }

    static String usage() {
        return String.join("\n",
                "Usage: vigil-server [/path/to/redis.conf] [options] [-]",
                "       vigil-server - (read config from stdin)",
                "       vigil-server -v or --version",
                "       vigil-server -h or --help",
                "",
                "Examples:",
                "       vigil-server (run the server with default conf)",
                "       vigil-server conf/node-6379.conf",
                "       vigil-server --port 7777",
                "       vigil-server --port 7777 --replicaof 127.0.0.1 8888",
                "       vigil-server /etc/redis/6379.conf --loglevel verbose -",
                "       vigil-server /etc/redis/6379.conf --loglevel verbose");
    }
}
