package vigil.server.config;

import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Builders for Redis 7.0's standard directive types (bool, numeric, memory, string, enum) with
 * their exact parsing rules and reason texts, plus the same types for ignored directives (the
 * value is validated and kept for CONFIG GET but nothing reads it).
 */
final class ConfigTypes {
    private final ServerConfig c;

    ConfigTypes(ServerConfig c) {
        this.c = c;
    }

    ConfigParam bool(String name, BooleanSupplier get, Consumer<Boolean> set, boolean def, String... aliases) {
        return c.register(new ConfigParam(name, List.of(aliases), args -> set.accept(parseBool(args.get(0))),
                () -> get.getAsBoolean() ? "yes" : "no", def ? "yes" : "no"));
    }

    ConfigParam integer(String name, long min, long max, LongSupplier get, LongConsumer set, long def, String... aliases) {
        return c.register(new ConfigParam(name, List.of(aliases), args -> set.accept(parseLong(args.get(0), min, max, false)),
                () -> Long.toString(get.getAsLong()), Long.toString(def)));
    }

    ConfigParam memory(String name, long min, long max, LongSupplier get, LongConsumer set, long def, String... aliases) {
        return c.register(new ConfigParam(name, List.of(aliases), args -> set.accept(parseLong(args.get(0), min, max, true)),
                () -> Long.toString(get.getAsLong()), Long.toString(def))).style(ConfigParam.Style.MEMORY);
    }

    /** A string directive; {@code emptyIsNull} ones (passwords, announce-ip) vanish from a rewrite when empty. */
    ConfigParam string(String name, Supplier<String> get, Consumer<String> set, String def, boolean emptyIsNull, String... aliases) {
        return c.register(new ConfigParam(name, List.of(aliases), args -> set.accept(args.get(0)), get, def))
                .style(emptyIsNull ? ConfigParam.Style.QUOTED_OR_ABSENT : ConfigParam.Style.QUOTED);
    }

    ConfigParam enumeration(String name, List<String> values, Supplier<String> get, Consumer<String> set, String def, String... aliases) {
        return c.register(new ConfigParam(name, List.of(aliases), args -> set.accept(parseEnum(args.get(0), values)), get, def));
    }

    // ---- ignored directives of each type ----
    private Supplier<String> holder(String name, String def) {
        c.ignoredValues.put(name, def);
        return () -> c.ignoredValues.get(name);
    }

    ConfigParam ignoredBool(String name, boolean def, String... aliases) {
        String d = def ? "yes" : "no";
        return c.register(new ConfigParam(name, List.of(aliases),
                args -> c.ignoredValues.put(name, parseBool(args.get(0)) ? "yes" : "no"), holder(name, d), d)).ignored();
    }

    ConfigParam ignoredInt(String name, long min, long max, long def, String... aliases) {
        return c.register(new ConfigParam(name, List.of(aliases),
                args -> c.ignoredValues.put(name, Long.toString(parseLong(args.get(0), min, max, false))),
                holder(name, Long.toString(def)), Long.toString(def))).ignored();
    }

    ConfigParam ignoredMemory(String name, long min, long max, long def, String... aliases) {
        return c.register(new ConfigParam(name, List.of(aliases),
                args -> c.ignoredValues.put(name, Long.toString(parseLong(args.get(0), min, max, true))),
                holder(name, Long.toString(def)), Long.toString(def))).ignored().style(ConfigParam.Style.MEMORY);
    }

    ConfigParam ignoredEnum(String name, List<String> values, String def, String... aliases) {
        return c.register(new ConfigParam(name, List.of(aliases),
                args -> c.ignoredValues.put(name, parseEnum(args.get(0), values)), holder(name, def), def)).ignored();
    }

    ConfigParam ignoredString(String name, String def, boolean emptyIsNull, String... aliases) {
        return c.register(new ConfigParam(name, List.of(aliases), args -> c.ignoredValues.put(name, args.get(0)),
                holder(name, def), def)).ignored()
                .style(emptyIsNull ? ConfigParam.Style.QUOTED_OR_ABSENT : ConfigParam.Style.QUOTED);
    }

    /** Gives a directive custom parsing (the value still lives in the ignored-values map). */
    void replaceSetter(ConfigParam p, ConfigParam.Setter setter) {
        p.setter = setter;
    }

    void putIgnored(String name, String value) {
        c.ignoredValues.put(name, value);
    }

    // ---- parsing, with Redis's reason texts ----
    static boolean parseBool(String v) throws ConfigValueException {
        if (v.equalsIgnoreCase("yes")) return true;
        if (v.equalsIgnoreCase("no")) return false;
        throw new ConfigValueException("argument must be 'yes' or 'no'");
    }

    static String parseEnum(String v, List<String> values) throws ConfigValueException {
        for (String e : values) if (e.equalsIgnoreCase(v)) return e;
        throw new ConfigValueException("argument(s) must be one of the following: " + String.join(", ", values));
    }

    /** A number within [min, max]; with {@code memory}, Redis's memtoull units (1k=1000, 1kb=1024 ...). */
    static long parseLong(String v, long min, long max, boolean memory) throws ConfigValueException {
        Long value = memory ? parseMemory(v) : string2ll(v);
        if (value == null) {
            throw new ConfigValueException(memory ? "argument must be a memory value" : "argument couldn't be parsed into an integer");
        }
        if (value < min || value > max) {
            throw new ConfigValueException("argument must be between " + min + " and " + max + " inclusive");
        }
        return value;
    }

    /** Redis's string2ll: optional '-', no '+', no leading zeros, no spaces, no overflow. */
    static Long string2ll(String v) {
        int n = v.length();
        if (n == 0 || n > 20) return null;
        int i = v.charAt(0) == '-' ? 1 : 0;
        if (i == n) return null;
        if (v.charAt(i) == '0' && n > i + 1) return null;
        if (v.charAt(i) == '0' && i == 1) return null;
        for (int k = i; k < n; k++) if (v.charAt(k) < '0' || v.charAt(k) > '9') return null;
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Redis's memtoull: digits, then nothing, b, k, kb, m, mb, g or gb (any case). */
    static Long parseMemory(String v) {
        int u = 0;
        while (u < v.length() && v.charAt(u) >= '0' && v.charAt(u) <= '9') u++;
        if (u == 0 || u > 20) return null;
        String unit = v.substring(u).toLowerCase(Locale.ROOT);
        long mul = switch (unit) {
            case "", "b" -> 1;
            case "k" -> 1000;
            case "kb" -> 1024;
            case "m" -> 1000L * 1000;
            case "mb" -> 1024L * 1024;
            case "g" -> 1000L * 1000 * 1000;
            case "gb" -> 1024L * 1024 * 1024;
            default -> 0;
        };
        if (mul == 0) return null;
        try {
            return Math.multiplyExact(Long.parseLong(v.substring(0, u)), mul);
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }

    /** rewriteConfigFormatMemory: 1gb, 64mb, 2kb or plain bytes. */
    static String formatMemory(long bytes) {
        long gb = 1024L * 1024 * 1024, mb = 1024L * 1024, kb = 1024;
        if (bytes != 0 && bytes % gb == 0) return bytes / gb + "gb";
        if (bytes != 0 && bytes % mb == 0) return bytes / mb + "mb";
        if (bytes != 0 && bytes % kb == 0) return bytes / kb + "kb";
        return Long.toString(bytes);
    }
}
