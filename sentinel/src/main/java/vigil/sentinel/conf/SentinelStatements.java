package vigil.sentinel.conf;

import vigil.sentinel.core.Addr;
import vigil.sentinel.core.MasterState;
import vigil.sentinel.core.SentinelBrain;
import vigil.sentinel.core.SentinelError;
import vigil.sentinel.core.SentinelSettings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * One {@code sentinel <statement> ...} conf line applied to the brain: Redis 7.0's
 * sentinelHandleConfiguration, returning its error text (null when accepted).
 */
final class SentinelStatements {
    static final String NO_MASTER = "No such master with specified name.";
    private static final String UNRECOGNIZED = "Unrecognized sentinel configuration statement.";

    private final SentinelBrain brain;
    private final SentinelSettings s;
    private final long now;

    SentinelStatements(SentinelBrain brain, long now) {
        this.brain = brain;
        this.s = brain.settings;
        this.now = now;
    }

    /** {@code argv} without the leading "sentinel". */
    String apply(List<String> argv) {
        int argc = argv.size();
        String op = argv.get(0).toLowerCase(Locale.ROOT);
        MasterState m = argc >= 2 ? brain.masters.get(argv.get(1)) : null;
        int perMaster = switch (op) {   // a master's option: its argc, then the master must exist
            case "down-after-milliseconds", "failover-timeout", "parallel-syncs",
                    "notification-script", "client-reconfig-script", "auth-pass",
                    "auth-user", "config-epoch", "leader-epoch",
                    "master-reboot-down-after-period", "isolation-step-down" -> 3;
            case "known-slave", "known-replica", "rename-command" -> 4;
            case "known-min-replicas-ack" -> argc == 4 ? 4 : 3;   // Vigil: <master> <n> [<join-delay-ms>]
            default -> 0;
        };
        if (perMaster > 0 && argc != perMaster) return UNRECOGNIZED;
        if (perMaster > 0 && m == null) return NO_MASTER;
        switch (op) {
            case "monitor" -> {
                if (argc != 5) break;
                int quorum = Addresses.atoi(argv.get(4));
                if (quorum <= 0) return "Quorum must be 1 or greater.";
                return monitor(argv.get(1), argv.get(2), Addresses.atoi(argv.get(3)), quorum);
            }
            case "down-after-milliseconds" -> {
                int ms = Addresses.atoi(argv.get(2));
                brain.setDownAfter(m, ms);
                if (ms <= 0) return "negative or zero time parameter.";
                return null;
            }
            case "failover-timeout" -> {
                m.failoverTimeout = Addresses.atoi(argv.get(2));
                if (m.failoverTimeout <= 0) return "negative or zero time parameter.";
                return null;
            }
            case "parallel-syncs" -> {
                m.parallelSyncs = Addresses.atoi(argv.get(2));
                return null;
            }
            case "notification-script" -> {
                if (!Files.isExecutable(Path.of(argv.get(2)))) {
                    return "Notification script seems non existing or non executable.";
                }
                m.notificationScript = argv.get(2);
                return null;
            }
            case "client-reconfig-script" -> {
                if (!Files.isExecutable(Path.of(argv.get(2)))) {
                    return "Client reconfiguration script seems non existing or non executable.";
                }
                m.clientReconfigScript = argv.get(2);
                return null;
            }
            case "auth-pass" -> {
                m.authPass = argv.get(2);
                return null;
            }
            case "auth-user" -> {
                m.authUser = argv.get(2);
                return null;
            }
            case "current-epoch" -> {
                if (argc != 2) break;
                long e = Addresses.strtoll(argv.get(1));
                if (Long.compareUnsigned(e, s.currentEpoch) > 0) s.currentEpoch = e;
                return null;
            }
            case "myid" -> {
                if (argc != 2) break;
                if (argv.get(1).length() != 40) return "Malformed Sentinel id in myid option.";
                s.myId = argv.get(1);
                return null;
            }
            case "config-epoch" -> {
                m.configEpoch = Addresses.strtoll(argv.get(2));
                if (Long.compareUnsigned(m.configEpoch, s.currentEpoch) > 0) s.currentEpoch = m.configEpoch;
                return null;
            }
            case "leader-epoch" -> {
                m.leaderEpoch = Addresses.strtoll(argv.get(2));
                return null;
            }
            case "known-slave", "known-replica" -> {
                return knownReplica(m, argv.get(2), Addresses.atoi(argv.get(3)));
            }
            case "known-sentinel" -> {
                if (argc != 4 && argc != 5) break;
                if (argc == 4) return null;   // Redis accepts and ignores a known-sentinel without run id
                if (m == null) return NO_MASTER;
                return knownSentinel(m, argv.get(2), Addresses.atoi(argv.get(3)), argv.get(4));
            }
            case "rename-command" -> {
                for (String k : m.renamedCommands.keySet()) {
                    if (k.equalsIgnoreCase(argv.get(2))) {
                        return "Same command renamed multiple times with rename-command.";
                    }
                }
                m.renamedCommands.put(argv.get(2), argv.get(3));
                return null;
            }
            case "announce-ip" -> {
                if (argc != 2) break;
                if (!argv.get(1).isEmpty()) s.announceIp = argv.get(1);
                return null;
            }
            case "announce-port" -> {
                if (argc != 2) break;
                s.announcePort = Addresses.atoi(argv.get(1));
                return null;
            }
            case "deny-scripts-reconfig" -> {
                if (argc != 2) break;
                Boolean b = SentinelConf.yesNo(argv.get(1));
                if (b == null) return "Please specify yes or no for the deny-scripts-reconfig options.";
                s.denyScriptsReconfig = b;
                return null;
            }
            case "sentinel-user" -> {
                if (argc != 2) break;
                if (!argv.get(1).isEmpty()) s.sentinelUser = argv.get(1);
                return null;
            }
            case "sentinel-pass" -> {
                if (argc != 2) break;
                if (!argv.get(1).isEmpty()) s.sentinelPass = argv.get(1);
                return null;
            }
            case "resolve-hostnames" -> {
                if (argc != 2) break;
                Boolean b = SentinelConf.yesNo(argv.get(1));
                if (b == null) return "Please specify yes or no for the resolve-hostnames option.";
                s.resolveHostnames = b;
                return null;
            }
            case "announce-hostnames" -> {
                if (argc != 2) break;
                Boolean b = SentinelConf.yesNo(argv.get(1));
                if (b == null) return "Please specify yes or no for the announce-hostnames option.";
                s.announceHostnames = b;
                return null;
            }
            case "known-min-replicas-ack" -> {
                long n = Addresses.strtoll(argv.get(2));
                long delay = argc == 4 ? Addresses.strtoll(argv.get(3)) : 0;
                if (n < 0 || n > Integer.MAX_VALUE || delay < 0) return "negative or too large min-replicas-ack parameter.";
                m.minReplicasAck = (int) n;
                m.minReplicasAckJoinDelay = delay;
                return null;
            }
            case "isolation-step-down" -> {   // Vigil: <master> yes|no (core/Isolation)
                Boolean b = SentinelConf.yesNo(argv.get(2));
                if (b == null) return "Please specify yes or no for the isolation-step-down option.";
                m.isolationStepDown = b;
                return null;
            }
            case "master-reboot-down-after-period" -> {
                m.masterRebootDownAfterPeriod = Addresses.atoi(argv.get(2));
                if (m.masterRebootDownAfterPeriod < 0) return "negative time parameter.";
                return null;
            }
            default -> {
            }
        }
        return UNRECOGNIZED;
    }

    private String monitor(String name, String host, int port, int quorum) {
        if (brain.masters.containsKey(name)) return "Duplicate master name.";
        if (port < 0 || port > 65535) return "Invalid port number.";
        String h = Addresses.resolve(host, s.resolveHostnames, s.announceHostnames);
        if (h == null) return "Can't resolve instance hostname.";
        try {
            brain.monitor(name, new Addr(h, port), quorum, now);
            return null;
        } catch (SentinelError e) {
            String msg = e.getMessage();
            return msg.startsWith("ERR ") ? msg.substring(4) : msg;
        }
    }

    private String knownReplica(MasterState m, String host, int port) {
        if (port < 0 || port > 65535) return "Invalid port number.";
        String h = Addresses.resolve(host, s.resolveHostnames, s.announceHostnames);
        if (h == null) return "Can't resolve instance hostname.";
        Addr a = new Addr(h, port);
        if (m.replicas.containsKey(a)) return "Duplicate hostname and port for replica.";
        brain.addKnownReplica(m, a, now);
        return null;
    }

    private String knownSentinel(MasterState m, String host, int port, String runId) {
        if (port < 0 || port > 65535) return "Invalid port number.";
        String h = Addresses.resolve(host, s.resolveHostnames, s.announceHostnames);
        if (h == null) return "Can't resolve instance hostname.";
        if (m.sentinels.containsKey(runId)) return "Duplicate runid for sentinel.";
        brain.addKnownSentinel(m, new Addr(h, port), runId, now);
        return null;
    }
}
