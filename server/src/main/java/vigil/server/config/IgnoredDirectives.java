package vigil.server.config;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Redis 7.0 directives that Vigil accepts, validates like Redis and shows in CONFIG GET, but
 * which change nothing here: cluster, TLS, modules, threads, defrag, OS integration (syslog,
 * supervised, OOM score, CPU lists), lazy freeing and memory tuning of the C allocator.
 * docs/config.md says why each has no effect.
 */
final class IgnoredDirectives {
    /** Directives Redis 7.0 still accepts with a warning ("no longer supported or in use"). */
    static final Set<String> DEPRECATED = Set.of("list-max-ziplist-entries", "list-max-ziplist-value", "lua-replicate-commands");
    private static final List<String> PROTECTED_ACTION = List.of("no", "yes", "local");
    private static final List<String> SHUTDOWN = List.of("default", "save", "nosave", "now", "force");

    private IgnoredDirectives() {
    }

    static void register(ConfigTypes t) {
        long intMax = ConfigDirectives.INT_MAX, longMax = ConfigDirectives.LONG_MAX;
        // security / ACL / modules
        t.ignoredEnum("acl-pubsub-default", List.of("allchannels", "resetchannels"), "resetchannels");
        t.ignoredString("aclfile", "", false).immutable();
        t.ignoredInt("acllog-max-len", 0, longMax, 128);
        t.ignoredEnum("enable-module-command", PROTECTED_ACTION, "no").immutable();
        t.ignoredEnum("sanitize-dump-payload", List.of("no", "yes", "clients"), "no");
        // defrag and allocator
        t.ignoredBool("activedefrag", false);
        t.ignoredInt("active-defrag-cycle-min", 1, 99, 1);
        t.ignoredInt("active-defrag-cycle-max", 1, 99, 25);
        t.ignoredMemory("active-defrag-ignore-bytes", 1, longMax, 100L * 1024 * 1024);
        t.ignoredInt("active-defrag-max-scan-fields", 1, longMax, 1000);
        t.ignoredInt("active-defrag-threshold-lower", 0, 1000, 10);
        t.ignoredInt("active-defrag-threshold-upper", 0, 1000, 100);
        t.ignoredBool("jemalloc-bg-thread", true);
        t.ignoredBool("lazyfree-lazy-eviction", false);
        t.ignoredBool("lazyfree-lazy-expire", false);
        t.ignoredBool("lazyfree-lazy-server-del", false);
        t.ignoredBool("lazyfree-lazy-user-del", false);
        t.ignoredInt("lfu-decay-time", 0, intMax, 1);
        t.ignoredInt("lfu-log-factor", 0, intMax, 10);
        t.ignoredInt("maxmemory-eviction-tenacity", 0, 100, 10);
        t.ignoredInt("tracking-table-max-keys", 0, longMax, 1000000);
        maxmemoryClients(t);
        // process and OS integration
        t.ignoredBool("always-show-logo", false).immutable();
        t.ignoredBool("set-proc-title", true).immutable();
        t.ignoredString("proc-title-template", "{title} {listen-addr} {server-mode}", false);
        t.ignoredBool("disable-thp", true).immutable();
        t.ignoredBool("crash-log-enabled", true);
        t.ignoredBool("crash-memcheck-enabled", true);
        t.ignoredEnum("supervised", List.of("upstart", "systemd", "auto", "no"), "no").immutable();
        t.ignoredBool("syslog-enabled", false).immutable();
        t.ignoredString("syslog-ident", "redis", false).immutable();
        t.ignoredEnum("syslog-facility", List.of("user", "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7"), "local0").immutable();
        t.ignoredEnum("oom-score-adj", List.of("no", "yes", "relative", "absolute"), "no");
        oomScoreAdjValues(t);
        for (String cpu : List.of("server_cpulist", "bio_cpulist", "aof_rewrite_cpulist", "bgsave_cpulist")) {
            t.ignoredString(cpu, "", true).immutable();
        }
        t.ignoredInt("io-threads", 1, 128, 1).immutable();
        t.ignoredBool("io-threads-do-reads", false).immutable();
        t.ignoredInt("socket-mark-id", 0, 4294967295L, 0).immutable();
        t.ignoredString("unixsocket", "", true).immutable();
        unixsocketperm(t);
        t.ignoredString("bind-source-addr", "", true);
        t.ignoredString("ignore-warnings", "", false);
        t.ignoredEnum("shutdown-on-sigint", SHUTDOWN, "default");
        t.ignoredEnum("shutdown-on-sigterm", SHUTDOWN, "default");
        t.ignoredInt("shutdown-timeout", 0, intMax, 10);
        t.ignoredEnum("propagation-error-behavior", List.of("ignore", "panic", "panic-on-replicas"), "ignore");
        t.ignoredBool("latency-tracking", true);
        latencyPercentiles(t);
        // cluster
        t.ignoredBool("cluster-enabled", false).immutable();
        t.ignoredString("cluster-config-file", "nodes.conf", false).immutable();
        t.ignoredInt("cluster-port", 0, 65535, 0).immutable();
        t.ignoredInt("cluster-node-timeout", 0, longMax, 15000);
        t.ignoredInt("cluster-migration-barrier", 0, intMax, 1);
        t.ignoredInt("cluster-replica-validity-factor", 0, intMax, 10, "cluster-slave-validity-factor");
        t.ignoredBool("cluster-replica-no-failover", false, "cluster-slave-no-failover");
        t.ignoredBool("cluster-require-full-coverage", true);
        t.ignoredBool("cluster-allow-reads-when-down", false);
        t.ignoredBool("cluster-allow-pubsubshard-when-down", true);
        t.ignoredBool("cluster-allow-replica-migration", true);
        t.ignoredString("cluster-announce-ip", "", true);
        t.ignoredString("cluster-announce-hostname", "", true);
        t.ignoredInt("cluster-announce-port", 0, 65535, 0);
        t.ignoredInt("cluster-announce-bus-port", 0, 65535, 0);
        t.ignoredInt("cluster-announce-tls-port", 0, 65535, 0);
        t.ignoredEnum("cluster-preferred-endpoint-type", List.of("ip", "hostname", "unknown-endpoint"), "ip");
        t.ignoredMemory("cluster-link-sendbuf-limit", 0, longMax, 0);
        // TLS
        t.ignoredInt("tls-port", 0, 65535, 0);
        t.ignoredBool("tls-cluster", false);
        t.ignoredBool("tls-replication", false);
        t.ignoredEnum("tls-auth-clients", List.of("no", "yes", "optional"), "yes");
        t.ignoredBool("tls-prefer-server-ciphers", false);
        t.ignoredBool("tls-session-caching", true);
        t.ignoredInt("tls-session-cache-size", 0, intMax, 20480);
        t.ignoredInt("tls-session-cache-timeout", 0, intMax, 300);
        for (String s : List.of("tls-cert-file", "tls-key-file", "tls-key-file-pass", "tls-client-cert-file", "tls-client-key-file",
                "tls-client-key-file-pass", "tls-dh-params-file", "tls-ca-cert-file", "tls-ca-cert-dir", "tls-protocols",
                "tls-ciphers", "tls-ciphersuites")) {
            t.ignoredString(s, "", true);
        }
    }

    /** maxmemory-clients: a memory value or a percentage of maxmemory ("10%"). */
    private static void maxmemoryClients(ConfigTypes t) {
        ConfigParam p = t.ignoredMemory("maxmemory-clients", 0, ConfigDirectives.LONG_MAX, 0);
        t.replaceSetter(p, args -> {
            String v = args.get(0);
            Long n = v.endsWith("%") ? ConfigTypes.string2ll(v.substring(0, v.length() - 1)) : ConfigTypes.parseMemory(v);
            if (n == null || n < 0) throw new ConfigValueException("argument must be a memory or percent value");
            if (v.endsWith("%") && n > 100) throw new ConfigValueException("argument must be between 0 and 100 inclusive");
            t.putIgnored(p.name, v.endsWith("%") ? n + "%" : Long.toString(n));
        });
    }

    /** oom-score-adj-values: three values between -2000 and 2000. */
    private static void oomScoreAdjValues(ConfigTypes t) {
        ConfigParam p = t.ignoredString("oom-score-adj-values", "0 200 800", false).multiArg().style(ConfigParam.Style.PLAIN);
        t.replaceSetter(p, args -> {
            if (args.size() != 3) throw new ConfigValueException("wrong number of arguments");
            List<String> v = new ArrayList<>();
            for (String a : args) {
                Long n = ConfigTypes.string2ll(a);
                if (n == null || n < -2000 || n > 2000) {
                    throw new ConfigValueException("Invalid oom-score-adj-values, elements must be between -2000 and 2000.");
                }
                v.add(Long.toString(n));
            }
            t.putIgnored(p.name, String.join(" ", v));
        });
    }

    /** unixsocketperm: an octal mode, shown in octal. */
    private static void unixsocketperm(ConfigTypes t) {
        ConfigParam p = t.ignoredInt("unixsocketperm", 0, 0777, 0).immutable();
        t.replaceSetter(p, args -> {
            long n;
            try {
                n = Long.parseLong(args.get(0), 8);
            } catch (NumberFormatException e) {
                throw new ConfigValueException("argument couldn't be parsed as an octal number");
            }
            if (n < 0 || n > 0777) throw new ConfigValueException("argument must be between 0 and 511 inclusive");
            t.putIgnored(p.name, Long.toOctalString(n));
        });
    }

    /** latency-tracking-info-percentiles: doubles in [0, 100]; Redis always writes it on rewrite. */
    private static void latencyPercentiles(ConfigTypes t) {
        ConfigParam p = t.ignoredString("latency-tracking-info-percentiles", "50 99 99.9", false).multiArg();
        t.replaceSetter(p, args -> {
            List<String> v = new ArrayList<>();
            for (String a : args) {
                if (a.isEmpty() && args.size() == 1) break;
                BigDecimal d;
                try {
                    d = new BigDecimal(a);
                } catch (NumberFormatException e) {
                    throw new ConfigValueException("Invalid latency-tracking-info-percentiles parameters");
                }
                if (d.signum() < 0 || d.compareTo(BigDecimal.valueOf(100)) > 0) {
                    throw new ConfigValueException("latency-tracking-info-percentiles parameters should sit between [0.0,100.0]");
                }
                v.add(d.stripTrailingZeros().toPlainString());
            }
            t.putIgnored(p.name, String.join(" ", v));
        });
        p.rewriter(r -> r.rewriteLine(p.name, p.name + " " + p.get(), true));
    }
}
