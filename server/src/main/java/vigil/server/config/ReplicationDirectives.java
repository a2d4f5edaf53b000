package vigil.server.config;

import java.util.List;

/**
 * Replication directives (replicaof, authentication to the master, announce address, backlog,
 * timeouts, diskless sync, min-replicas, zero-loss mode's min-replicas-ack) and client-output-buffer-limit. Redis's old "slave"
 * spellings are aliases of the same directive.
 */
final class ReplicationDirectives {
    private static final String[] OBUF_CLASS = {"normal", "slave", "pubsub"};

    private ReplicationDirectives() {
    }

    static long[][] defaultObufLimits() {
        return new long[][]{{0, 0, 0}, {256L * 1024 * 1024, 64L * 1024 * 1024, 60}, {32L * 1024 * 1024, 8L * 1024 * 1024, 60}};
    }

    static void register(ServerConfig c, ConfigTypes t) {
        long intMax = ConfigDirectives.INT_MAX, longMax = ConfigDirectives.LONG_MAX;
        c.register(new ConfigParam("replicaof", List.of("slaveof"), args -> setReplicaOf(c, args),
                () -> c.masterHost == null ? "" : c.masterHost + " " + c.masterPort, ""))
                .multiArg().immutable().rewriter(r -> {
                    if (c.masterHost == null) r.markProcessed("replicaof");
                    else r.rewriteLine("replicaof", "replicaof " + c.masterHost + " " + c.masterPort, true);
                });
        t.string("masterauth", () -> c.masterauth, v -> c.masterauth = v, "", true).sensitive();
        t.string("masteruser", () -> c.masteruser, v -> c.masteruser = v, "", true);
        t.string("replica-announce-ip", () -> c.replicaAnnounceIp, v -> c.replicaAnnounceIp = v, "", true, "slave-announce-ip");
        t.integer("replica-announce-port", 0, 65535, () -> c.replicaAnnouncePort, v -> c.replicaAnnouncePort = (int) v, 0, "slave-announce-port");
        t.bool("replica-announced", () -> c.replicaAnnounced, v -> c.replicaAnnounced = v, true);
        t.integer("replica-priority", 0, intMax, () -> c.replicaPriority, v -> c.replicaPriority = (int) v, 100, "slave-priority");
        t.bool("replica-read-only", () -> c.replicaReadOnly, v -> c.replicaReadOnly = v, true, "slave-read-only");
        t.bool("replica-serve-stale-data", () -> c.replicaServeStaleData, v -> c.replicaServeStaleData = v, true, "slave-serve-stale-data");
        t.memory("repl-backlog-size", 1, longMax, () -> c.replBacklogSize, v -> c.replBacklogSize = v, 1024L * 1024);
        t.integer("repl-backlog-ttl", 0, longMax, () -> c.replBacklogTtl, v -> c.replBacklogTtl = v, 3600);
        t.integer("repl-ping-replica-period", 1, intMax, () -> c.replPingReplicaPeriod, v -> c.replPingReplicaPeriod = (int) v, 10, "repl-ping-slave-period");
        t.integer("repl-timeout", 1, intMax, () -> c.replTimeout, v -> c.replTimeout = (int) v, 60);
        t.integer("replica-refuse-behind-master-period", 0, longMax, () -> c.replicaRefuseBehindMasterPeriod,
                v -> c.replicaRefuseBehindMasterPeriod = v, 60_000);
        t.bool("master-restart-fence", () -> c.masterRestartFence, v -> c.masterRestartFence = v, true);
        c.register(new ConfigParam("repl-state-filename", List.of(), args -> {
            if (args.get(0).contains("/")) throw new ConfigValueException("repl-state-filename can't be a path, just a filename");
            if (args.get(0).isEmpty()) throw new ConfigValueException("repl-state-filename can't be empty");
            c.replStateFilename = args.get(0);
        }, () -> c.replStateFilename, "vigil-repl.state")).style(ConfigParam.Style.QUOTED);
        t.bool("repl-diskless-sync", () -> c.replDisklessSync, v -> c.replDisklessSync = v, true);
        t.integer("repl-diskless-sync-delay", 0, intMax, () -> c.replDisklessSyncDelay, v -> c.replDisklessSyncDelay = (int) v, 5);
        t.integer("repl-diskless-sync-max-replicas", 0, intMax, () -> c.replDisklessSyncMaxReplicas, v -> c.replDisklessSyncMaxReplicas = (int) v, 0);
        t.enumeration("repl-diskless-load", List.of("disabled", "on-empty-db", "swapdb"), () -> c.replDisklessLoad, v -> c.replDisklessLoad = v, "disabled");
        t.bool("repl-disable-tcp-nodelay", () -> c.replDisableTcpNodelay, v -> c.replDisableTcpNodelay = v, false);
        t.integer("min-replicas-to-write", 0, intMax, () -> c.minReplicasToWrite, v -> c.minReplicasToWrite = (int) v, 0, "min-slaves-to-write");
        t.integer("min-replicas-max-lag", 0, intMax, () -> c.minReplicasMaxLag, v -> c.minReplicasMaxLag = (int) v, 10, "min-slaves-max-lag");
        t.integer("min-replicas-ack", 0, intMax, () -> c.minReplicasAck, v -> c.minReplicasAck = (int) v, 0);
        t.integer("min-replicas-ack-timeout", 0, longMax, () -> c.minReplicasAckTimeout, v -> c.minReplicasAckTimeout = v, 5000);
        t.integer("min-replicas-ack-join-delay", 0, longMax, () -> c.minReplicasAckJoinDelay, v -> c.minReplicasAckJoinDelay = v, 0);
        t.ignoredBool("replica-lazy-flush", false, "slave-lazy-flush");
        t.ignoredBool("replica-ignore-maxmemory", true, "slave-ignore-maxmemory");
        t.ignoredBool("replica-ignore-disk-write-errors", false);
        c.register(new ConfigParam("client-output-buffer-limit", List.of(), args -> setObuf(c, args), () -> formatObuf(c),
                "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60")).multiArg().rewriter(r -> {
                    long[][] d = defaultObufLimits();
                    for (int j = 0; j < 3; j++) {
                        long[] l = c.clientOutputBufferLimit[j];
                        boolean force = l[0] != d[j][0] || l[1] != d[j][1] || l[2] != d[j][2];
                        r.rewriteLine("client-output-buffer-limit", "client-output-buffer-limit " + (j == 1 ? "replica" : OBUF_CLASS[j])
                                + " " + ConfigTypes.formatMemory(l[0]) + " " + ConfigTypes.formatMemory(l[1]) + " " + l[2], force);
                    }
                });
    }

    /** setConfigReplicaOfOption: "host port" or "no one". */
    static void setReplicaOf(ServerConfig c, List<String> args) throws ConfigValueException {
        if (args.size() != 2) throw new ConfigValueException("wrong number of arguments");
        if (args.get(0).equalsIgnoreCase("no") && args.get(1).equalsIgnoreCase("one")) {
            c.masterHost = null;
            return;
        }
        c.masterHost = null;
        long port;
        try {
            port = args.get(1).isEmpty() ? 0 : Long.parseLong(args.get(1).stripLeading());
        } catch (NumberFormatException e) {
            throw new ConfigValueException("Invalid master port");
        }
        if (port < 0 || port > 65535) throw new ConfigValueException("Invalid master port");
        c.masterPort = (int) port;
        c.masterHost = args.get(0);
    }

    /** updateClientOutputBufferLimit: all classes validated before any is changed. */
    static void setObuf(ServerConfig c, List<String> args) throws ConfigValueException {
        if (args.size() % 4 != 0) throw new ConfigValueException("Wrong number of arguments in buffer limit configuration.");
        long[][] values = new long[3][];
        for (int j = 0; j < args.size(); j += 4) {
            int cls = switch (args.get(j).toLowerCase(java.util.Locale.ROOT)) {
                case "normal" -> 0;
                case "slave", "replica" -> 1;
                case "pubsub" -> 2;
                default -> -1;
            };
            if (cls < 0) throw new ConfigValueException("Invalid client class specified in buffer limit configuration.");
            Long hard = ConfigTypes.parseMemory(args.get(j + 1)), soft = ConfigTypes.parseMemory(args.get(j + 2));
            Long secs;
            try {
                secs = args.get(j + 3).isEmpty() ? 0L : Long.parseLong(args.get(j + 3));
            } catch (NumberFormatException e) {
                secs = null;
            }
            if (hard == null || soft == null || secs == null || secs < 0) {
                throw new ConfigValueException("Error in hard, soft or soft_seconds setting in buffer limit configuration.");
            }
            values[cls] = new long[]{hard, soft, secs};
        }
        for (int j = 0; j < 3; j++) if (values[j] != null) c.clientOutputBufferLimit[j] = values[j];
    }

    static String formatObuf(ServerConfig c) {
        StringBuilder sb = new StringBuilder();
        for (int j = 0; j < 3; j++) {
            long[] l = c.clientOutputBufferLimit[j];
            if (j > 0) sb.append(' ');
            sb.append(OBUF_CLASS[j]).append(' ').append(l[0]).append(' ').append(l[1]).append(' ').append(l[2]);
        }
        return sb.toString();
    }
}
