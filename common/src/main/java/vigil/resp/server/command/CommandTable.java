package vigil.resp.server.command;

import vigil.resp.server.session.Session;
import vigil.util.ByteKey;
import vigil.util.Bytes;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The one place that says what every command of a server is (the node's, or the sentinel's
 * restricted set). Each command group registers its commands here; dispatch, COMMAND, ACL
 * categories, read-only checks and propagation all read this table.
 */
public final class CommandTable<S extends Session> {
    private final Map<String, CommandSpec<S>> commands = new LinkedHashMap<>();
    /** Exact-bytes index of the lower- and upper-case names: lookups without building a String. */
    private final Map<ByteKey, CommandSpec<S>> byBytes = new java.util.HashMap<>();

    public CommandSpec<S> add(String name, int arity, String flags, int firstKey, int lastKey, int keyStep,
                           String group, CommandHandler<S> handler) {
        CommandSpec<S> s = new CommandSpec<>(name, arity, parseFlags(flags), firstKey, lastKey, keyStep, group, handler);
        commands.put(name, s);
        byBytes.put(new ByteKey(name.getBytes(StandardCharsets.US_ASCII)), s);
        byBytes.put(new ByteKey(name.toUpperCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII)), s);
        return s;
    }

    /** Registers a command whose handler dispatches to subcommands (CONFIG, CLIENT, OBJECT ...). */
    public CommandSpec<S> container(String name, String flags, String group) {
        return add(name, -2, flags, 0, 0, 0, group, (c, argv) -> {
            throw new IllegalStateException("container " + name + " dispatched directly");
        });
    }

    public CommandSpec<S> get(String lowerName) {
        return commands.get(lowerName);
    }

    public CommandSpec<S> lookup(byte[] name) {
        CommandSpec<S> s = byBytes.get(new ByteKey(name));
        return s != null ? s : commands.get(Bytes.lower(name));
    }

    /** "name" or "container|sub", as COMMAND INFO and COMMAND DOCS take them; null when unknown. */
    public CommandSpec<S> lookupFull(String fullName) {
        String lower = fullName.toLowerCase(Locale.ROOT);
        int bar = lower.indexOf('|');
        if (bar < 0) return commands.get(lower);
        CommandSpec<S> parent = commands.get(lower.substring(0, bar));
        return parent == null ? null : parent.subcommands.get(lower.substring(bar + 1));
    }

    public Collection<CommandSpec<S>> all() {
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
