package vigil.server.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * General directives: network, clients, security, logging, limits, keyspace behaviour. Names,
 * ranges, defaults and mutability are Redis 7.0.15's (checked against the Debian binary). The
 * other areas live in {@link PersistenceDirectives}, {@link ReplicationDirectives},
 * {@link EncodingDirectives} and {@link IgnoredDirectives}.
 */
final class ConfigDirectives {
    static final long INT_MAX = Integer.MAX_VALUE;
    static final long LONG_MAX = Long.MAX_VALUE;
    private static final List<String> DEFAULT_BIND = List.of("*", "-::*");
    private static final List<String> PROTECTED_ACTION = List.of("no", "yes", "local");

    private ConfigDirectives() {
    }

    static void register(ServerConfig c, ConfigTypes t) {
        // The network shell replaces these appliers when it can re-listen at runtime.
        t.integer("port", 0, 65535, () -> c.port, v -> c.port = (int) v, 6379).onApply(() -> "Unable to listen on this port");
        c.register(new ConfigParam("bind", List.of(), args -> setBind(c, args), () -> String.join(" ", c.bind), "* -::*"))
                .multiArg().onApply(() -> "Failed to bind to specified addresses.").rewriter(r -> {
                    if (c.bind.equals(DEFAULT_BIND)) r.markProcessed("bind");
                    else r.rewriteLine("bind", "bind " + String.join(" ", c.bind), true);
                });
        t.bool("protected-mode", () -> c.protectedMode, v -> c.protectedMode = v, true);
        t.integer("databases", 1, INT_MAX, () -> c.databases, v -> c.databases = (int) v, 16).immutable();
        t.string("requirepass", () -> c.requirepass, v -> c.requirepass = v, "", true).sensitive();
        t.integer("hz", 0, INT_MAX, () -> c.hz, v -> c.hz = (int) Math.max(1, Math.min(500, v)), 10);
        t.bool("dynamic-hz", () -> c.dynamicHz, v -> c.dynamicHz = v, true);
        t.integer("timeout", 0, INT_MAX, () -> c.timeoutSeconds, v -> c.timeoutSeconds = v, 0);
        t.integer("maxclients", 1, 4294967295L, () -> c.maxclients, v -> c.maxclients = (int) Math.min(v, INT_MAX), 10000);
        t.memory("proto-max-bulk-len", 1024 * 1024, LONG_MAX, () -> c.protoMaxBulkLen, v -> c.protoMaxBulkLen = v, 512L * 1024 * 1024);
        t.memory("client-query-buffer-limit", 1024 * 1024, LONG_MAX, () -> c.clientQueryBufferLimit, v -> c.clientQueryBufferLimit = v, 1024L * 1024 * 1024);
        t.enumeration("loglevel", List.of("debug", "verbose", "notice", "warning"), () -> c.loglevel, v -> c.loglevel = v, "notice");
        t.string("logfile", () -> c.logfile, v -> c.logfile = v, "", false).immutable();
        t.string("pidfile", () -> c.pidfile, v -> c.pidfile = v, "", true).immutable();
        t.bool("daemonize", () -> c.daemonize, v -> c.daemonize = v, false).immutable();
        t.integer("tcp-backlog", 0, INT_MAX, () -> c.tcpBacklog, v -> c.tcpBacklog = (int) v, 511).immutable();
        t.integer("tcp-keepalive", 0, INT_MAX, () -> c.tcpKeepalive, v -> c.tcpKeepalive = (int) v, 300);
        t.integer("slowlog-log-slower-than", -1, LONG_MAX, () -> c.slowlogLogSlowerThan, v -> c.slowlogLogSlowerThan = v, 10000);
        t.integer("slowlog-max-len", 0, LONG_MAX, () -> c.slowlogMaxLen, v -> c.slowlogMaxLen = (int) Math.min(v, INT_MAX), 128);
        t.integer("latency-monitor-threshold", 0, LONG_MAX, () -> c.latencyMonitorThreshold, v -> c.latencyMonitorThreshold = v, 0);
        t.memory("maxmemory", 0, LONG_MAX, () -> c.maxmemory, v -> c.maxmemory = v, 0);
        t.enumeration("maxmemory-policy", Arrays.asList("volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl",
                "allkeys-lru", "allkeys-lfu", "allkeys-random", "noeviction"), () -> c.maxmemoryPolicy, v -> c.maxmemoryPolicy = v, "noeviction");
        t.integer("maxmemory-samples", 1, INT_MAX, () -> c.maxmemorySamples, v -> c.maxmemorySamples = (int) v, 5);
        t.integer("active-expire-effort", 1, 10, () -> c.activeExpireEffort, v -> c.activeExpireEffort = (int) v, 1);
        t.bool("lazyfree-lazy-user-flush", () -> c.lazyfreeLazyUserFlush, v -> c.lazyfreeLazyUserFlush = v, false);
        c.register(new ConfigParam("notify-keyspace-events", List.of(), args -> {
            int flags = KeyspaceEventFlags.parse(args.get(0));
            c.notifyKeyspaceEventsFlags = flags;
            c.notifyKeyspaceEvents = KeyspaceEventFlags.format(flags);
        }, () -> c.notifyKeyspaceEvents, "")).rewriter(r -> r.rewriteLine("notify-keyspace-events",
                "notify-keyspace-events " + vigil.config.ConfFile.repr(c.notifyKeyspaceEvents), c.notifyKeyspaceEventsFlags != 0));
        t.integer("busy-reply-threshold", 0, LONG_MAX, () -> c.busyReplyThreshold, v -> c.busyReplyThreshold = v, 5000, "lua-time-limit");
        t.enumeration("enable-debug-command", PROTECTED_ACTION, () -> c.enableDebugCommand, v -> c.enableDebugCommand = v, "no").immutable();
        t.enumeration("enable-protected-configs", PROTECTED_ACTION, () -> c.enableProtectedConfigs, v -> c.enableProtectedConfigs = v, "no").immutable();
    }

    private static void setBind(ServerConfig c, List<String> args) throws ConfigValueException {
        if (args.size() > 16) throw new ConfigValueException("Too many bind addresses specified.");
        // bind "" (one empty argument) means no TCP listener in Redis; an empty list here.
        List<String> v = new ArrayList<>();
        for (String a : args) if (!a.isEmpty() || args.size() > 1) v.add(a);
        c.bind = v;
    }

    /** dir: must be an existing directory (Redis chdir()s into it); kept absolute like Redis's getcwd(). */
    static String resolveDir(String d) throws ConfigValueException {
        Path p = Path.of(d).toAbsolutePath().normalize();
        if (!Files.exists(p)) throw new ConfigValueException("No such file or directory");
        if (!Files.isDirectory(p)) throw new ConfigValueException("Not a directory");
        return p.toString();
    }
}
