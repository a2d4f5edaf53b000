package vigil.resp.server.command;

import vigil.resp.server.session.Session;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What a command is: name, arity (negative: at least that many), flags, key positions
 * (first, last, step; last -1 means "to the end"), its group (the ACL category / COMMAND DOCS
 * group: string, keyspace, connection ...) and the handler. Container commands such as CONFIG
 * hold their subcommands, each a full spec named "config|get".
 */
public final class CommandSpec<S extends Session> {
    public final String name;
    public final int arity;
    public final Set<CommandFlag> flags;
    public final int firstKey;
    public final int lastKey;
    public final int keyStep;
    public final String group;
    public final CommandHandler<S> handler;
    public final Map<String, CommandSpec<S>> subcommands = new LinkedHashMap<>();
    public CommandSpec<S> parent;
    /** Runtime statistics for INFO commandstats. */
    public long calls;
    public long micros;
    public long rejectedCalls;
    public long failedCalls;

    public CommandSpec(String name, int arity, Set<CommandFlag> flags, int firstKey, int lastKey, int keyStep,
                       String group, CommandHandler<S> handler) {
        this.name = name;
        this.arity = arity;
        this.flags = flags.isEmpty() ? EnumSet.noneOf(CommandFlag.class) : EnumSet.copyOf(flags);
        this.firstKey = firstKey;
        this.lastKey = lastKey;
        this.keyStep = keyStep;
        this.group = group;
        this.handler = handler;
    }

    public boolean has(CommandFlag f) {
        return flags.contains(f);
    }

    public boolean isWrite() {
        return flags.contains(CommandFlag.WRITE);
    }

    /** "config|get" for a subcommand, "get" otherwise: the name Redis uses in errors. */
    public String fullName() {
        return parent == null ? name : parent.name + "|" + name;
    }

    public CommandSpec<S> sub(String name, int arity, String flags, int firstKey, int lastKey, int keyStep, CommandHandler<S> handler) {
        CommandSpec<S> s = new CommandSpec<>(name, arity, CommandTable.parseFlags(flags), firstKey, lastKey, keyStep, group, handler);
        s.parent = this;
        subcommands.put(name, s);
        return s;
    }

    /** Subcommand form without keys: {@code sub("getname", 2, "noscript loading stale", handler)}. */
    public CommandSpec<S> sub(String name, int arity, String flags, CommandHandler<S> handler) {
        return sub(name, arity, flags, 0, 0, 0, handler);
    }

    /** The container's name for a subcommand, its own otherwise ("config" for "config|get"). */
    public String topName() {
        return parent == null ? name : parent.name;
    }

    /** Whether argv's length fits the arity (negative: at least that many). */
    public boolean arityAccepts(int argc) {
        return arity > 0 ? argc == arity : argc >= -arity;
    }

    /** Indexes of the key arguments in argv, per first/last/step. */
    public int[] keyIndexes(int argc) {
        if (firstKey <= 0) return new int[0];
        int last = lastKey < 0 ? argc + lastKey : lastKey;
        if (last >= argc) last = argc - 1;
        if (last < firstKey) return new int[0];
        int n = (last - firstKey) / keyStep + 1;
        int[] out = new int[n];
        for (int i = 0; i < n; i++) out[i] = firstKey + i * keyStep;
        return out;
    }
}
