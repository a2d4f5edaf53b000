package vigil.server.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The table of every directive the node accepts, with Redis 7.0's names, limits and defaults.
 * Ignored directives are accepted so that Debian's /etc/redis/redis.conf loads unchanged; the
 * README lists them.
 */
final class ConfigDirectives {
    private ConfigDirectives() {
    }

    static void register(ServerConfig c) {
        c.integer("port", 0, 65535, () -> c.port, v -> c.port = v, 6379).immutable();
        c.register(new ConfigParam("bind", List.of(), (args, startup) -> {
            if (args.isEmpty()) throw new ConfigValueException("wrong number of arguments");
            c.bind = new ArrayList<>(args);
        }, () -> String.join(" ", c.bind), "* -::*"));
        c.bool("protected-mode", () -> c.protectedMode, v -> c.protectedMode = v, true);
        c.integer("databases", 1, Integer.MAX_VALUE, () -> c.databases, v -> c.databases = v, 16).immutable();
        c.string("requirepass", () -> c.requirepass, v -> c.requirepass = v, "").sensitive();
        c.integer("hz", 0, Integer.MAX_VALUE, () -> c.hz, v -> c.hz = Math.max(1, Math.min(500, v)), 10);
        c.bool("dynamic-hz", () -> c.dynamicHz, v -> c.dynamicHz = v, true);
        c.longInt("timeout", 0, Integer.MAX_VALUE, () -> c.timeoutSeconds, v -> c.timeoutSeconds = v, 0);
        c.integer("maxclients", 1, Integer.MAX_VALUE, () -> c.maxclients, v -> c.maxclients = v, 10000);
        c.memory("proto-max-bulk-len", 1024 * 1024, Long.MAX_VALUE, () -> c.protoMaxBulkLen, v -> c.protoMaxBulkLen = v, 512L * 1024 * 1024);
        c.memory("client-query-buffer-limit", 1024 * 1024, Long.MAX_VALUE, () -> c.clientQueryBufferLimit, v -> c.clientQueryBufferLimit = v, 1024L * 1024 * 1024);
        c.enumeration("loglevel", List.of("debug", "verbose", "notice", "warning", "nothing"), () -> c.loglevel, v -> c.loglevel = v, "notice");
        c.string("logfile", () -> c.logfile, v -> c.logfile = v, "").immutable();
        c.string("dir", () -> c.dir, v -> c.dir = v, ".");
        c.string("dbfilename", () -> c.dbfilename, v -> c.dbfilename = v, "dump.rdb");
        c.string("pidfile", () -> c.pidfile, v -> c.pidfile = v, "").immutable();
        c.bool("daemonize", () -> c.daemonize, v -> c.daemonize = v, false).immutable();
        c.integer("tcp-backlog", 0, Integer.MAX_VALUE, () -> c.tcpBacklog, v -> c.tcpBacklog = v, 511).immutable();
        c.integer("tcp-keepalive", 0, Integer.MAX_VALUE, () -> c.tcpKeepalive, v -> c.tcpKeepalive = v, 300);
        c.longInt("slowlog-log-slower-than", -1, Long.MAX_VALUE, () -> c.slowlogLogSlowerThan, v -> c.slowlogLogSlowerThan = v, 10000);
        c.integer("slowlog-max-len", 0, Integer.MAX_VALUE, () -> c.slowlogMaxLen, v -> c.slowlogMaxLen = v, 128);
        c.longInt("latency-monitor-threshold", 0, Long.MAX_VALUE, () -> c.latencyMonitorThreshold, v -> c.latencyMonitorThreshold = v, 0);
        c.memory("maxmemory", 0, Long.MAX_VALUE, () -> c.maxmemory, v -> c.maxmemory = v, 0);
        c.enumeration("maxmemory-policy", Arrays.asList("volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl",
                "allkeys-lru", "allkeys-lfu", "allkeys-random", "noeviction"), () -> c.maxmemoryPolicy, v -> c.maxmemoryPolicy = v, "noeviction");
        c.integer("active-expire-effort", 1, 10, () -> c.activeExpireEffort, v -> c.activeExpireEffort = v, 1);
        c.bool("lazyfree-lazy-user-flush", () -> c.lazyfreeLazyUserFlush, v -> c.lazyfreeLazyUserFlush = v, false);
        c.string("notify-keyspace-events", () -> c.notifyKeyspaceEvents, v -> c.notifyKeyspaceEvents = v, "");
        c.longInt("busy-reply-threshold", 0, Long.MAX_VALUE, () -> c.busyReplyThreshold, v -> c.busyReplyThreshold = v, 5000, "lua-time-limit");
    }
}
