package vigil.server.command;

import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The one place that says what every command is. Each command group registers its commands
 * here (see {@link #standard}); dispatch, COMMAND, ACL categories, read-only checks and
 * propagation all read this table.
 */
public final class CommandTable {
    private final Map<String, CommandSpec> commands = new LinkedHashMap<>();
    /** Exact-bytes index of the lower- and upper-case names: lookups without building a String. */
    private final Map<vigil.server.util.ByteKey, CommandSpec> byBytes = new java.util.HashMap<>();

    public CommandSpec add(String name, int arity, String flags, int firstKey, int lastKey, int keyStep,
                           String group, CommandHandler handler) {
        CommandSpec s = new CommandSpec(name, arity, parseFlags(flags), firstKey, lastKey, keyStep, group, handler);
        commands.put(name, s);
        byBytes.put(new vigil.server.util.ByteKey(name.getBytes(java.nio.charset.StandardCharsets.US_ASCII)), s);
        byBytes.put(new vigil.server.util.ByteKey(name.toUpperCase(Locale.ROOT).getBytes(java.nio.charset.StandardCharsets.US_ASCII)), s);
        return s;
    }

    /** Registers a command whose handler dispatches to subcommands (CONFIG, CLIENT, OBJECT ...). */
    public CommandSpec container(String name, String flags, String group) {
        CommandSpec[] self = new CommandSpec[1];
        self[0] = add(name, -2, flags, 0, 0, 0, group, (c, argv) -> {
            throw new IllegalStateException("container " + name + " dispatched directly");
        });
        return self[0];
    }

    public CommandSpec get(String lowerName) {
        return commands.get(lowerName);
    }

    public CommandSpec lookup(byte[] name) {
        CommandSpec s = byBytes.get(new vigil.server.util.ByteKey(name));
        return s != null ? s : commands.get(vigil.server.util.Bytes.lower(name));
    }

    public Collection<CommandSpec> all() {
        return commands.values();
    }

    public int size() {
        return commands.size();
    }

    /** Space-separated flag names in Redis's spelling: "write denyoom fast". */
    public static Set<CommandFlag> parseFlags(String flags) {
        Set<CommandFlag> out = EnumSet.noneOf(CommandFlag.class);
        if (flags == null || flags.isBlank()) return out;
        for (String f : flags.trim().split("\\s+")) {
            out.add(CommandFlag.valueOf(f.toUpperCase(Locale.ROOT).replace('-', '_')));
        }
        return out;
    }
}
