package vigil.server.config;

import vigil.config.ConfError;
import vigil.config.ConfLine;
import vigil.resp.ArgSplitter;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The node's configuration: every directive Vigil knows, with its current value in a plain
 * field that the rest of the server reads directly (no lookups on the hot path). Directives are
 * registered by area in {@link ConfigDirectives}, {@link PersistenceDirectives},
 * {@link ReplicationDirectives}, {@link EncodingDirectives} and {@link IgnoredDirectives};
 * this class holds the values, the registry and the conf loader.
 */
public final class ServerConfig {
    // ---- network, clients, general (defaults are Redis 7.0's) ----
    public int port = 6379;
    public List<String> bind = new ArrayList<>(List.of("*", "-::*"));
    public boolean protectedMode = true;
    public int databases = 16;
    public String requirepass = "";
    public int hz = 10;
    public boolean dynamicHz = true;
    public long timeoutSeconds = 0;
    public int maxclients = 10000;
    public long protoMaxBulkLen = 512L * 1024 * 1024;
    public long clientQueryBufferLimit = 1024L * 1024 * 1024;
    public String loglevel = "notice";
    public String logfile = "";
    public String pidfile = "";
    public boolean daemonize = false;
    public int tcpBacklog = 511;
    public int tcpKeepalive = 300;
    public long slowlogLogSlowerThan = 10000;
    public int slowlogMaxLen = 128;
    public long latencyMonitorThreshold = 0;
    public long maxmemory = 0;
    public String maxmemoryPolicy = "noeviction";
    public int maxmemorySamples = 5;
    public int activeExpireEffort = 1;
    public boolean lazyfreeLazyUserFlush = false;
    /** Normalized as CONFIG GET shows it ("AKE"); {@link #notifyKeyspaceEventsFlags} holds the bits. */
    public String notifyKeyspaceEvents = "";
    public int notifyKeyspaceEventsFlags = 0;
    public long busyReplyThreshold = 5000;
    /** enable-debug-command / enable-protected-configs: "no", "yes" or "local". */
    public String enableDebugCommand = "no";
    public String enableProtectedConfigs = "no";

    // ---- persistence ----
    /** save points, in order: each {seconds, changes}. Empty means no automatic snapshots. */
    public List<long[]> save = new ArrayList<>(PersistenceDirectives.DEFAULT_SAVE);
    /** Absolute, like Redis's getcwd() after chdir(dir); snapshots go here. */
    public String dir = java.nio.file.Path.of("").toAbsolutePath().toString();
    public String dbfilename = "dump.rdb";
    public boolean rdbcompression = true;
    public boolean rdbchecksum = true;
    public boolean stopWritesOnBgsaveError = true;
    public boolean rdbDelSyncFiles = false;
    /**
     * key-load-delay (hidden, for tests): microseconds slept per key loaded from an RDB payload;
     * -N sleeps 1 us with probability 1/N (Redis's debugDelay). Read by the loader thread.
     */
    public volatile int keyLoadDelay = 0;

    // ---- replication ----
    /** replicaof: null when this node is a master. */
    public String masterHost;
    public int masterPort;
    public String masterauth = "";
    public String masteruser = "";
    public String replicaAnnounceIp = "";
    public int replicaAnnouncePort = 0;
    public boolean replicaAnnounced = true;
    public int replicaPriority = 100;
    public boolean replicaReadOnly = true;
    public boolean replicaServeStaleData = true;
    public long replBacklogSize = 1024L * 1024;
    public long replBacklogTtl = 3600;
    public int replPingReplicaPeriod = 10;
    public int replTimeout = 60;
    /** Vigil: replica-refuse-behind-master-period in ms (0 = off); see docs/replication-replica.md. */
    public long replicaRefuseBehindMasterPeriod = 60_000;
    /**
     * Vigil: a master with online replicas records its replication state in dir/repl-state-filename
     * and, restarted behind that record, starts fenced (docs/sentinel.md, "Crash-restart protection").
     */
    public boolean masterRestartFence = true;
    /** Vigil: the replication state file's name in {@link #dir}. */
    public String replStateFilename = "vigil-repl.state";
    public boolean replDisklessSync = true;
    public int replDisklessSyncDelay = 5;
    public int replDisklessSyncMaxReplicas = 0;
    public String replDisklessLoad = "disabled";
    public boolean replDisableTcpNodelay = false;
    public int minReplicasToWrite = 0;
    public int minReplicasMaxLag = 10;
    /** Zero-loss mode: a write's reply waits until this many replicas acknowledged it (0: asynchronous, as Redis). */
    public int minReplicasAck = 0;
    /** How long a held reply waits for those acknowledgements before -NOACK (ms, 0: forever). */
    public long minReplicasAckTimeout = 5000;
    /**
     * Zero-loss mode's node rule: a replica's ACKs count towards min-replicas-ack only once it has
     * been online this long (ms; 0: at once). Off by default, see docs/zero-loss.md "Replicas joining".
     */
    public long minReplicasAckJoinDelay = 0;
    /** client-output-buffer-limit per class ({@link #OBUF_NORMAL} ...): {hard, soft, softSeconds}. */
    public final long[][] clientOutputBufferLimit = ReplicationDirectives.defaultObufLimits();
    public static final int OBUF_NORMAL = 0, OBUF_REPLICA = 1, OBUF_PUBSUB = 2;

    // ---- encodings of small collections ----
    public long hashMaxListpackEntries = 512;
    public long hashMaxListpackValue = 64;
    public long zsetMaxListpackEntries = 128;
    public long zsetMaxListpackValue = 64;
    public long setMaxIntsetEntries = 512;
    public int listMaxListpackSize = -2;
    public int listCompressDepth = 0;
    public long hllSparseMaxBytes = 3000;
    public long streamNodeMaxBytes = 4096;
    public long streamNodeMaxEntries = 100;

    /** Where the conf came from (absolute path), for CONFIG REWRITE; null when started without one. */
    public String configFile;

    private final Map<String, ConfigParam> params = new LinkedHashMap<>();
    private final Map<String, ConfigParam> byName = new LinkedHashMap<>();
    /** Values of ignored directives, by name. */
    final Map<String, String> ignoredValues = new LinkedHashMap<>();
    /** True while a conf is being loaded: the first "save" line then replaces the defaults. */
    boolean loading;
    boolean saveLoaded;

    public ServerConfig() {
        ConfigTypes t = new ConfigTypes(this);
        ConfigDirectives.register(this, t);
        PersistenceDirectives.register(this, t);
        ReplicationDirectives.register(this, t);
        EncodingDirectives.register(this, t);
        IgnoredDirectives.register(t);
    }

    // ---- registry ----
    public ConfigParam register(ConfigParam p) {
        params.put(p.name, p);
        byName.put(p.name, p);
        for (String a : p.aliases) byName.put(a, p);
        return p;
    }

    /** A directive by name or alias, any case; null when unknown. */
    public ConfigParam param(String name) {
        return byName.get(name.toLowerCase(Locale.ROOT));
    }

    /** Every directive once, in registration order. */
    public Collection<ConfigParam> params() {
        return params.values();
    }

    /** Every name CONFIG GET knows: primary names and aliases, each with its directive. */
    public Map<String, ConfigParam> names() {
        return byName;
    }

    public boolean isReplica() {
        return masterHost != null;
    }

    /** Applies conf lines in order, stopping at the first bad one with Redis's FATAL reason. */
    public void load(List<ConfLine> lines) throws ConfError {
        loading = true;
        saveLoaded = false;
        try {
            for (ConfLine line : lines) {
                ConfigParam p = param(line.name());
                if (p == null) {
                    if (IgnoredDirectives.DEPRECATED.contains(line.name()) && line.args().size() == 1) continue;
                    throw new ConfError(line, "Bad directive or wrong number of arguments");
                }
                List<String> args = line.args();
                if (!p.multiArg && args.size() != 1) throw new ConfError(line, "wrong number of arguments");
                try {
                    p.set(p.multiArg ? splitSingle(args) : args);
                } catch (ConfigValueException e) {
                    throw new ConfError(line, e.getMessage());
                }
            }
        } finally {
            loading = false;
        }
    }

    /** Redis 7.0: a multi-argument directive given one non-empty argument splits it ("900 1"). */
    static List<String> splitSingle(List<String> args) {
        if (args.size() != 1 || args.get(0).isEmpty()) return args;
        List<byte[]> parts = ArgSplitter.split(args.get(0));
        List<String> out = new ArrayList<>();
        if (parts != null) for (byte[] b : parts) out.add(new String(b, StandardCharsets.UTF_8));
        return out;
    }
}
