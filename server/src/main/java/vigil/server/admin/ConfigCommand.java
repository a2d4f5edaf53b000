package vigil.server.admin;

import vigil.server.config.ConfigParam;
import vigil.server.config.ConfigRewrite;
import vigil.server.config.ConfigValueException;
import vigil.server.config.ServerConfig;
import vigil.server.node.VigilServer;
import vigil.server.node.Client;
import vigil.resp.server.command.CommandSpec;
import vigil.resp.server.command.CommandTable;
import vigil.util.Bytes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * CONFIG GET/SET/RESETSTAT/REWRITE/HELP with Redis 7.0's semantics: GET takes several glob
 * patterns and answers a map; SET takes several name/value pairs and applies all or none.
 */
public final class ConfigCommand {
    private static final String[] HELP = {
            "CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "GET <pattern>",
            "    Return parameters matching the glob-like <pattern> and their values.",
            "SET <directive> <value>",
            "    Set the configuration <directive> to <value>.",
            "RESETSTAT",
            "    Reset statistics reported by the INFO command.",
            "REWRITE",
            "    Rewrite the configuration file.",
            "HELP",
            "    Prints this help."};

    private ConfigCommand() {
    }

    public static void register(CommandTable<Client> t, VigilServer server) {
        CommandSpec<Client> config = t.container("config", "", "server");
        config.sub("get", -3, "admin noscript loading stale", 0, 0, 0, (c, argv) -> get(server, c, argv));
        config.sub("set", -4, "admin noscript loading stale", 0, 0, 0, (c, argv) -> set(server, c, argv));
        config.sub("resetstat", 2, "admin noscript loading stale", 0, 0, 0, (c, argv) -> resetStat(server, c));
        config.sub("rewrite", 2, "admin noscript loading stale", 0, 0, 0, (c, argv) -> rewrite(server, c));
        config.sub("help", 2, "loading stale", 0, 0, 0, (c, argv) -> {
            c.out.array(HELP.length);
            for (String h : HELP) c.out.simple(h);
        });
    }

    static void get(VigilServer server, Client c, byte[][] argv) {
        Map<String, String> keys = new LinkedHashMap<>();   // lower-case name -> name as replied
        Map<String, ConfigParam> matches = new LinkedHashMap<>();
        for (int i = 2; i < argv.length; i++) {
            String pattern = new String(argv[i], StandardCharsets.UTF_8);
            if (pattern.indexOf('*') < 0 && pattern.indexOf('?') < 0 && pattern.indexOf('[') < 0) {
                String lower = pattern.toLowerCase(Locale.ROOT);
                if (keys.containsKey(lower)) continue;
                ConfigParam p = server.config.param(pattern);
                if (p != null) {
                    keys.put(lower, pattern);
                    matches.put(lower, p);
                }
                continue;
            }
            for (Map.Entry<String, ConfigParam> e : server.config.names().entrySet()) {
                if (keys.containsKey(e.getKey()) || e.getValue().isHidden()) continue;   // hidden: exact names only
                if (Bytes.globMatch(argv[i], e.getKey().getBytes(StandardCharsets.UTF_8), true)) {
                    keys.put(e.getKey(), e.getKey());
                    matches.put(e.getKey(), e.getValue());
                }
            }
        }
        c.out.map(matches.size());
        for (Map.Entry<String, ConfigParam> e : matches.entrySet()) {
            c.out.bulk(keys.get(e.getKey()).getBytes(StandardCharsets.UTF_8));
            c.out.bulk(e.getValue().get().getBytes(StandardCharsets.UTF_8));
        }
    }

    static void set(VigilServer server, Client c, byte[][] argv) {
        if ((argv.length & 1) != 0) {
            c.out.error(vigil.resp.server.command.Replies.SYNTAX);
            return;
        }
        String error = setAll(server.config, c, argv);
        if (error != null) c.out.error(error);
        else c.out.ok();
    }

    /** configSetCommand: validate every name, set all, apply all; on any failure restore every old value. */
    static String setAll(ServerConfig config, Client c, byte[][] argv) {
        int n = (argv.length - 2) / 2;
        ConfigParam[] params = new ConfigParam[n];
        String[] values = new String[n];
        String[] typed = new String[n];
        String unknown = null, errArg = null, errStr = null;
        boolean invalid = false;
        for (int i = 0; i < n; i++) {
            String name = Bytes.str(argv[2 + i * 2]);
            ConfigParam p = config.param(name);
            if (p == null) {
                if (!invalid) {
                    unknown = name;
                    invalid = true;
                }
                continue;
            }
            if (invalid) continue;
            if (!p.isMutable() || (p.isProtected() && !allowProtected(config.enableProtectedConfigs, c))) {
                errStr = !p.isMutable() ? "can't set immutable config" : "can't set protected config";
                errArg = name;
                invalid = true;
                continue;
            }
            for (int j = 0; j < i; j++) {
                if (params[j] == p) {
                    errStr = "duplicate parameter";
                    errArg = name;
                    invalid = true;
                    break;
                }
            }
            params[i] = p;
            typed[i] = name;
            values[i] = new String(argv[3 + i * 2], StandardCharsets.UTF_8);
        }
        if (unknown != null) return "ERR Unknown option or number of arguments for CONFIG SET - '" + unknown + "'";
        if (invalid) return failed(errArg, errStr);
        String[] old = new String[n];
        for (int i = 0; i < n; i++) old[i] = params[i].get();
        for (int i = 0; i < n; i++) {
            try {
                setOne(params[i], values[i]);
            } catch (ConfigValueException e) {
                restore(params, old, i + 1);
                return failed(typed[i], e.getMessage());
            }
        }
        for (int i = 0; i < n; i++) {
            if (params[i].applier() == null || old[i].equals(params[i].get())) continue;
            String e = params[i].applier().apply();
            if (e != null) {
                restore(params, old, n);
                for (ConfigParam p : params) if (p.applier() != null) p.applier().apply();
                return failed(typed[i], e);
            }
        }
        return null;
    }

    private static String failed(String arg, String reason) {
        return "ERR CONFIG SET failed (possibly related to argument '" + arg + "') - " + reason;
    }

    private static void setOne(ConfigParam p, String value) throws ConfigValueException {
        p.set(p.isMultiArg() ? splitSpaces(value) : List.of(value));
    }

    private static void restore(ConfigParam[] params, String[] old, int count) {
        for (int i = 0; i < count; i++) {
            try {
                setOne(params[i], old[i]);
            } catch (ConfigValueException ignored) {
                // an old value always parses back
            }
        }
    }

    /** sdssplitlen(value, " "): "" gives no arguments, every space separates (empty pieces kept). */
    static List<String> splitSpaces(String v) {
        if (v.isEmpty()) return List.of();
        return new ArrayList<>(Arrays.asList(v.split(" ", -1)));
    }

    /** allowProtectedAction: "yes", or "local" for a client on a loopback address. */
    static boolean allowProtected(String setting, Client c) {
        if (setting.equals("yes")) return true;
        if (!setting.equals("local")) return false;
        String addr = c.conn.remoteAddress();
        return addr.startsWith("127.") || addr.startsWith("::1") || addr.startsWith("[::1]") || addr.startsWith("/");
    }

    static void resetStat(VigilServer server, Client c) {
        server.stats.reset();
        server.keyspace.stats().reset();
        for (CommandSpec<Client> s : server.commands.all()) {
            resetCounters(s);
            for (CommandSpec<Client> sub : s.subcommands.values()) resetCounters(sub);
        }
        c.out.ok();
    }

    private static void resetCounters(CommandSpec<Client> s) {
        s.calls = 0;
        s.micros = 0;
        s.rejectedCalls = 0;
        s.failedCalls = 0;
    }

    static void rewrite(VigilServer server, Client c) {
        if (server.config.configFile == null) {
            c.out.error("ERR The server is running without a config file");
            return;
        }
        try {
            ConfigRewrite.rewrite(server.config, Path.of(server.config.configFile));
            c.out.ok();
        } catch (IOException e) {
            c.out.error("ERR Rewriting config file: " + vigil.config.ConfFile.strerror(e));
        }
    }
}
