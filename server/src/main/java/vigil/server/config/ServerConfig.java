package vigil.server.config;

import vigil.config.ConfError;
import vigil.config.ConfLine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.IntSupplier;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The node's configuration: every directive Vigil knows, with its current value in a plain
 * field that the rest of the server reads directly (no lookups on the hot path). Directives are
 * registered in {@link ConfigDirectives}; this class holds the values and the registry.
 */
public final class ServerConfig {
    // ---- values (defaults are Redis 7.0's) ----
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
    public String dir = ".";
    public String dbfilename = "dump.rdb";
    public String pidfile = "";
    public boolean daemonize = false;
    public int tcpBacklog = 511;
    public int tcpKeepalive = 300;
    public long slowlogLogSlowerThan = 10000;
    public int slowlogMaxLen = 128;
    public long latencyMonitorThreshold = 0;
    public long maxmemory = 0;
    public String maxmemoryPolicy = "noeviction";
    public int activeExpireEffort = 1;
    public boolean lazyfreeLazyUserFlush = false;
    public String notifyKeyspaceEvents = "";
    public long busyReplyThreshold = 5000;

    private final Map<String, ConfigParam> params = new LinkedHashMap<>();
    private final Map<String, ConfigParam> byName = new LinkedHashMap<>();
    /** Where the conf came from, for CONFIG REWRITE. */
    public String configFile;

    public ServerConfig() {
        ConfigDirectives.register(this);
    }

    // ---- registry ----
    public ConfigParam register(ConfigParam p) {
        params.put(p.name, p);
        byName.put(p.name, p);
        for (String a : p.aliases) byName.put(a, p);
        return p;
    }

    public ConfigParam param(String name) {
        return byName.get(name.toLowerCase(Locale.ROOT));
    }

    public Collection<ConfigParam> params() {
        return params.values();
    }

    /** Applies conf lines in order, stopping at the first bad one with Redis's FATAL reason. */
    public void load(List<ConfLine> lines) throws ConfError {
        java.util.Set<String> seenMulti = new java.util.HashSet<>();
        for (ConfLine line : lines) {
            ConfigParam p = param(line.name());
            if (p == null) throw new ConfError(line, "Bad directive or wrong number of arguments");
            List<String> args = line.args();
            if (p.multiLine && seenMulti.add(p.name)) {
                // The first line of a repeated directive replaces the default list.
                resetMulti(p);
            }
            try {
                p.set(args, true);
            } catch (ConfigValueException e) {
                throw new ConfError(line, e.getMessage());
            }
        }
    }

    private void resetMulti(ConfigParam p) {
        try {
            p.set(List.of("\u0000reset"), true);
        } catch (ConfigValueException ignored) {
            // multi-line setters accept the reset marker
        }
    }

    // ---- typed builders used by ConfigDirectives ----
    ConfigParam bool(String name, java.util.function.BooleanSupplier get, Consumer<Boolean> set, boolean def, String... aliases) {
        return register(new ConfigParam(name, List.of(aliases), (args, startup) -> {
            one(args);
            set.accept(parseBool(args.get(0)));
        }, () -> get.getAsBoolean() ? "yes" : "no", def ? "yes" : "no"));
    }

    ConfigParam integer(String name, long min, long max, IntSupplier get, IntConsumer set, int def, String... aliases) {
        return register(new ConfigParam(name, List.of(aliases), (args, startup) -> {
            one(args);
            set.accept((int) parseLong(args.get(0), min, max, false));
        }, () -> Integer.toString(get.getAsInt()), Integer.toString(def)));
    }

    ConfigParam longInt(String name, long min, long max, LongSupplier get, LongConsumer set, long def, String... aliases) {
        return register(new ConfigParam(name, List.of(aliases), (args, startup) -> {
            one(args);
            set.accept(parseLong(args.get(0), min, max, false));
        }, () -> Long.toString(get.getAsLong()), Long.toString(def)));
    }

    ConfigParam memory(String name, long min, long max, LongSupplier get, LongConsumer set, long def, String... aliases) {
        return register(new ConfigParam(name, List.of(aliases), (args, startup) -> {
            one(args);
            set.accept(parseLong(args.get(0), min, max, true));
        }, () -> Long.toString(get.getAsLong()), Long.toString(def)));
    }

    ConfigParam string(String name, Supplier<String> get, Consumer<String> set, String def, String... aliases) {
        return register(new ConfigParam(name, List.of(aliases), (args, startup) -> {
            one(args);
            set.accept(args.get(0));
        }, get, def));
    }

    ConfigParam enumeration(String name, List<String> values, Supplier<String> get, Consumer<String> set, String def, String... aliases) {
        return register(new ConfigParam(name, List.of(aliases), (args, startup) -> {
            one(args);
            String v = args.get(0).toLowerCase(Locale.ROOT);
            if (!values.contains(v)) throw new ConfigValueException("argument(s) must be one of the following: " + String.join(", ", values));
            set.accept(v);
        }, get, def));
    }

    /** A directive Vigil accepts and shows but which changes nothing (documented in the README). */
    ConfigParam ignoredString(String name, String def, String... aliases) {
        String[] holder = {def};
        return register(new ConfigParam(name, List.of(aliases), (args, startup) -> holder[0] = String.join(" ", args),
                () -> holder[0], def)).ignored();
    }

    static void one(List<String> args) throws ConfigValueException {
        if (args.size() != 1) throw new ConfigValueException("wrong number of arguments");
    }

    public static boolean parseBool(String v) throws ConfigValueException {
        String l = v.toLowerCase(Locale.ROOT);
        if (l.equals("yes")) return true;
        if (l.equals("no")) return false;
        throw new ConfigValueException("argument must be 'yes' or 'no'");
    }

    /** Parses an integer, with Redis's memory units when {@code memory} (1k=1000, 1kb=1024 ...). */
    public static long parseLong(String v, long min, long max, boolean memory) throws ConfigValueException {
        long value;
        if (memory) {
            Long m = parseMemory(v);
            if (m == null) throw new ConfigValueException("argument must be a memory value");
            value = m;
        } else {
            try {
                value = Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw new ConfigValueException("argument couldn't be parsed into an integer");
            }
        }
        if (value < min || value > max) {
            throw new ConfigValueException("argument must be between " + min + " and " + max + " inclusive");
        }
        return value;
    }

    /** Redis's memtoull: plain bytes or a number followed by k, kb, m, mb, g, gb (any case). */
    public static Long parseMemory(String v) {
        String l = v.toLowerCase(Locale.ROOT);
        long mul = 1;
        String num = l;
        String[][] units = {{"kb", "1024"}, {"mb", "1048576"}, {"gb", "1073741824"},
                {"k", "1000"}, {"m", "1000000"}, {"g", "1000000000"}, {"b", "1"}};
        for (String[] u : units) {
            if (l.endsWith(u[0])) {
                mul = Long.parseLong(u[1]);
                num = l.substring(0, l.length() - u[0].length());
                break;
            }
        }
        try {
            long n = Long.parseLong(num);
            if (n < 0 && !num.startsWith("-")) return null;
            return Math.multiplyExact(n, mul);
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }
}
