package vigil.sentinel.server;

import vigil.resp.server.session.Session;
import vigil.sentinel.SentinelHost;
import vigil.sentinel.conf.SentinelConf;
import vigil.sentinel.core.MasterState;
import vigil.sentinel.core.SentinelSettings;
import vigil.util.Bytes;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongConsumer;

import static vigil.util.Bytes.str;

/**
 * SENTINEL SET (per-master options, Redis 7.0's sentinelSetCommand: applied one by one, a "+set"
 * event each, the conf flushed when anything changed even if a later option failed) and SENTINEL
 * CONFIG GET/SET (the global options).
 */
final class SentinelSet {
    private static final String SCRIPTS_DENIED = "ERR Reconfiguration of scripts path is denied for security reasons."
            + " Check the deny-scripts-reconfig configuration directive in your Sentinel configuration";

    private final SentinelCommands cmds;
    private final SentinelHost host;
    private final Session c;
    private final MasterState m;
    private final byte[][] argv;
    private int changes;

    SentinelSet(SentinelCommands cmds, SentinelHost host, Session c, MasterState m, byte[][] argv) {
        this.cmds = cmds;
        this.host = host;
        this.c = c;
        this.m = m;
        this.argv = argv;
    }

    void run() {
        for (int j = 3; j < argv.length; j++) {
            int moreargs = argv.length - 1 - j;
            String option = str(argv[j]);
            int oldJ = j;
            boolean redacted = false;
            switch (moreargs > 0 ? option.toLowerCase(Locale.ROOT) : "") {
                case "down-after-milliseconds" -> {
                    if (!positive(++j, option, v -> host.brain().setDownAfter(m, v))) return;
                }
                case "failover-timeout" -> {
                    if (!positive(++j, option, v -> m.failoverTimeout = v)) return;
                }
                case "parallel-syncs" -> {
                    if (!positive(++j, option, v -> m.parallelSyncs = (int) v)) return;
                }
                case "notification-script", "client-reconfig-script" -> {
                    String value = str(argv[++j]);
                    boolean notif = option.equalsIgnoreCase("notification-script");
                    if (host.brain().settings.denyScriptsReconfig) {
                        fail(SCRIPTS_DENIED);
                        return;
                    }
                    if (!value.isEmpty() && !Files.isExecutable(Path.of(value))) {
                        fail(notif ? "ERR Notification script seems non existing or non executable"
                                : "ERR Client reconfiguration script seems non existing or non executable");
                        return;
                    }
                    if (notif) m.notificationScript = value.isEmpty() ? null : value;
                    else m.clientReconfigScript = value.isEmpty() ? null : value;
                }
                case "auth-pass" -> {
                    String value = str(argv[++j]);
                    m.authPass = value.isEmpty() ? null : value;
                    redacted = true;
                }
                case "auth-user" -> {
                    String value = str(argv[++j]);
                    m.authUser = value.isEmpty() ? null : value;
                }
                case "quorum" -> {
                    if (!positive(++j, option, v -> m.quorum = (int) v)) return;
                }
                case "rename-command" -> {
                    if (moreargs < 2) {
                        unknown(option);
                        return;
                    }
                    String oldName = str(argv[++j]);
                    String newName = str(argv[++j]);
                    if (oldName.isEmpty() || newName.isEmpty()) {
                        badArg(newName.isEmpty() ? j : j - 1, option);
                        return;
                    }
                    m.renamedCommands.keySet().removeIf(k -> k.equalsIgnoreCase(oldName));
                    if (!oldName.equalsIgnoreCase(newName)) m.renamedCommands.put(oldName, newName);
                }
                case "min-replicas-ack", "min-replicas-ack-join-delay" -> {
                    // Vigil: override the zero-loss setting learned from the master's INFO (its next INFO wins).
                    Long v = Bytes.parseLong(argv[++j]);
                    if (v == null || v < 0 || v > Integer.MAX_VALUE) {
                        badArg(j, option);
                        return;
                    }
                    if (option.equalsIgnoreCase("min-replicas-ack")) m.minReplicasAck = v.intValue();
                    else m.minReplicasAckJoinDelay = v;
                }
                case "isolation-step-down" -> {
                    // Vigil: whether an isolated master is stepped down (core/Isolation).
                    String v = str(argv[++j]);
                    if (!v.equalsIgnoreCase("yes") && !v.equalsIgnoreCase("no")) {
                        badArg(j, option);
                        return;
                    }
                    m.isolationStepDown = v.equalsIgnoreCase("yes");
                }
                case "master-reboot-down-after-period" -> {
                    Long v = Bytes.parseLong(argv[++j]);
                    if (v == null || v < 0) {
                        badArg(j, option);
                        return;
                    }
                    m.masterRebootDownAfterPeriod = v;
                }
                default -> {
                    unknown(option);
                    return;
                }
            }
            changes++;
            int numargs = j - oldJ + 1;
            String extra = switch (numargs) {
                case 2 -> option + " " + (redacted ? "******" : str(argv[oldJ + 1]));
                case 3 -> option + " " + str(argv[oldJ + 1]) + " " + str(argv[oldJ + 2]);
                default -> option;
            };
            cmds.event("+set", m, extra, true);
        }
        if (changes > 0 && !cmds.persist(c)) return;
        c.out.ok();
    }

    /** A positive integer argument for {@code set}; else Redis's invalid-argument error. */
    private boolean positive(int j, String option, LongConsumer set) {
        Long v = Bytes.parseLong(argv[j]);
        if (v == null || v <= 0) {
            badArg(j, option);
            return false;
        }
        set.accept(v);
        return true;
    }

    private void badArg(int j, String option) {
        fail("ERR Invalid argument '" + str(argv[j]) + "' for SENTINEL SET '" + option + "'");
    }

    private void unknown(String option) {
        fail("ERR Unknown option or number of arguments for SENTINEL SET '" + option + "'");
    }

    /** The error goes out first; changes made before it are still flushed (Redis's seterr path). */
    private void fail(String error) {
        c.out.error(error);
        if (changes > 0) {
            int before = c.out.size();
            cmds.persist(c);
            if (c.out.size() != before) {
                // a second error after the first one would be an extra reply: keep only the first
                c.out.truncate(before);
            }
        }
    }

    static void configSet(SentinelCommands cmds, SentinelHost host, Session c, String option, String value) {
        SentinelSettings s = host.brain().settings;
        boolean dropConns = false;
        switch (option.toLowerCase(Locale.ROOT)) {
            case "resolve-hostnames", "announce-hostnames" -> {
                Boolean b = SentinelConf.yesNo(value);
                if (b == null) {
                    c.out.error("ERR Invalid value '" + value + "' to SENTINEL CONFIG SET '" + option + "'");
                    return;
                }
                if (option.equalsIgnoreCase("resolve-hostnames")) s.resolveHostnames = b;
                else s.announceHostnames = b;
            }
            case "announce-ip" -> s.announceIp = value;
            case "announce-port" -> {
                Long v = Bytes.parseLong(Bytes.of(value));
                if (v == null || v < 0 || v > 65535) {
                    c.out.error("ERR Invalid value '" + value + "' to SENTINEL CONFIG SET '" + option + "'");
                    return;
                }
                s.announcePort = v.intValue();
            }
            case "sentinel-user" -> {
                s.sentinelUser = value.isEmpty() ? null : value;
                dropConns = true;
            }
            case "sentinel-pass" -> {
                s.sentinelPass = value.isEmpty() ? null : value;
                dropConns = true;
            }
            default -> {
                c.out.error("ERR Invalid argument '" + option + "' to SENTINEL CONFIG SET");
                return;
            }
        }
        cmds.persist(c);
        c.out.ok();
        if (dropConns) host.dropPeerConnections();
    }

    static void configGet(SentinelHost host, Session c, String pattern) {
        SentinelSettings s = host.brain().settings;
        List<String> kv = new ArrayList<>();
        add(kv, pattern, "resolve-hostnames", s.resolveHostnames ? "yes" : "no");
        add(kv, pattern, "announce-hostnames", s.announceHostnames ? "yes" : "no");
        add(kv, pattern, "announce-ip", s.announceIp == null ? "" : s.announceIp);
        add(kv, pattern, "announce-port", Integer.toString(s.announcePort));
        add(kv, pattern, "sentinel-user", s.sentinelUser == null ? "" : s.sentinelUser);
        add(kv, pattern, "sentinel-pass", s.sentinelPass == null ? "" : s.sentinelPass);
        c.out.map(kv.size() / 2);
        for (String x : kv) c.out.bulk(x);
    }

    private static void add(List<String> kv, String pattern, String name, String value) {
        if (vigil.util.Glob.matchNoCase(pattern, name)) {
            kv.add(name);
            kv.add(value);
        }
    }
}
