package vigil.resp.server.command;

import vigil.resp.RespWriter;
import vigil.resp.server.session.Session;
import vigil.util.Bytes;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * COMMAND [COUNT | INFO name... | DOCS name... | GETKEYS cmd... | GETKEYSANDFLAGS cmd... |
 * LIST [FILTERBY MODULE m | ACLCAT c | PATTERN p] | HELP], answered from a server's command
 * table (the node's, or the sentinel's restricted one).
 */
public final class CommandCommand<S extends Session> {
    /** Writes one command's COMMAND DOCS entry. */
    public interface Docs {
        void write(RespWriter w, CommandSpec<?> cmd);
    }

    static final String[] HELP = {
        "COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "(no subcommand)",
        "    Return details about all Redis commands.",
        "COUNT",
        "    Return the total number of commands in this Redis server.",
        "LIST",
        "    Return a list of all commands in this Redis server.",
        "INFO [<command-name> ...]",
        "    Return details about multiple Redis commands.",
        "    If no command names are given, documentation details for all",
        "    commands are returned.",
        "DOCS [<command-name> ...]",
        "    Return documentation details about multiple Redis commands.",
        "    If no command names are given, documentation details for all",
        "    commands are returned.",
        "GETKEYS <full-command>",
        "    Return the keys from a full Redis command.",
        "GETKEYSANDFLAGS <full-command>",
        "    Return the keys and the access flags from a full Redis command.",
        "HELP",
        "    Prints this help.",
    };

    private final CommandTable<S> table;
    private final Docs docs;

    private CommandCommand(CommandTable<S> table, Docs docs) {
        this.table = table;
        this.docs = docs;
    }

    /** Registers COMMAND and its subcommands over {@code t}; {@code docs} writes the DOCS entries. */
    public static <S extends Session> void register(CommandTable<S> t, Docs docs) {
        CommandCommand<S> cc = new CommandCommand<>(t, docs);
        String f = "loading stale";
        CommandSpec<S> cmd = t.add("command", -1, f, 0, 0, 0, "server", (c, argv) -> cc.all(c));
        cmd.sub("docs", -2, f, cc::docs);
        cmd.sub("getkeysandflags", -4, f, (c, argv) -> cc.getkeys(c, argv, true));
        cmd.sub("list", -2, f, cc::list);
        cmd.sub("count", 2, f, (c, argv) -> c.out.integer(t.size()));
        cmd.sub("help", 2, f, (c, argv) -> Replies.help(c.out, HELP));
        cmd.sub("info", -2, f, cc::info);
        cmd.sub("getkeys", -4, f, (c, argv) -> cc.getkeys(c, argv, false));
    }

    private void all(S c) {
        c.out.array(table.size());
        for (CommandSpec<S> s : table.all()) CommandInfo.writeInfo(c.out, s);
    }

    private void info(S c, byte[][] argv) {
        if (argv.length == 2) {
            all(c);
            return;
        }
        c.out.array(argv.length - 2);
        for (int i = 2; i < argv.length; i++) {
            CommandSpec<S> s = table.lookupFull(Bytes.str(argv[i]));
            if (s == null) c.out.nullBulk();
            else CommandInfo.writeInfo(c.out, s);
        }
    }

    private void docs(S c, byte[][] argv) {
        List<CommandSpec<S>> found = new ArrayList<>();
        if (argv.length == 2) {
            found.addAll(table.all());
        } else {
            for (int i = 2; i < argv.length; i++) {
                CommandSpec<S> s = table.lookupFull(Bytes.str(argv[i]));
                if (s != null) found.add(s);
            }
        }
        c.out.map(found.size());
        for (CommandSpec<S> s : found) {
            c.out.bulk(s.fullName());
            docs.write(c.out, s);
        }
    }

    /** Redis 7.0's order: an unknown command, then one without keys, then a wrong argument count. */
    private void getkeys(S c, byte[][] argv, boolean withFlags) {
        byte[][] cmdArgv = Arrays.copyOfRange(argv, 2, argv.length);
        CommandSpec<S> s = table.lookup(cmdArgv[0]);
        if (s != null && !s.subcommands.isEmpty() && cmdArgv.length >= 2) {
            s = s.subcommands.get(Bytes.lower(cmdArgv[1]));
        }
        if (s == null) {
            c.out.error("ERR Invalid command specified");
            return;
        }
        if (s.firstKey <= 0 && !s.has(CommandFlag.MOVABLE_KEYS)) {
            c.out.error("ERR The command has no key arguments");
            return;
        }
        if (!s.arityAccepts(cmdArgv.length)) {
            c.out.error("ERR Invalid number of arguments specified for command");
            return;
        }
        int[] idx = s.keyIndexes(cmdArgv.length);
        if (idx.length == 0) {
            c.out.error("ERR The command has no key arguments");
            return;
        }
        c.out.array(idx.length);
        List<String> flags = CommandInfo.keySpecFlags(s);
        for (int i : idx) {
            if (withFlags) {
                c.out.array(2).bulk(cmdArgv[i]);
                c.out.set(flags.size());
                for (String fl : flags) c.out.simple(fl);
            } else {
                c.out.bulk(cmdArgv[i]);
            }
        }
    }

    private void list(S c, byte[][] argv) {
        String filter = null;
        byte[] value = null;
        if (argv.length == 5 && Bytes.is(argv[2], "filterby")) {
            filter = Bytes.lower(argv[3]);
            value = argv[4];
            if (!filter.equals("module") && !filter.equals("aclcat") && !filter.equals("pattern")) filter = "bad";
        } else if (argv.length != 2) {
            filter = "bad";
        }
        if ("bad".equals(filter)) {
            c.out.error(Replies.SYNTAX);
            return;
        }
        List<String> out = new ArrayList<>();
        for (CommandSpec<S> s : table.all()) {
            addIfMatches(out, s, filter, value);
            for (CommandSpec<S> sub : s.subcommands.values()) addIfMatches(out, sub, filter, value);
        }
        c.out.array(out.size());
        for (String n : out) c.out.bulk(n);
    }

    private static void addIfMatches(List<String> out, CommandSpec<?> s, String filter, byte[] value) {
        String name = s.fullName();
        boolean ok;
        if (filter == null) ok = true;
        else if (filter.equals("module")) ok = false;   // no modules
        else if (filter.equals("aclcat")) ok = AclCategories.of(s).contains(Bytes.lower(value));
        else ok = Bytes.globMatch(value, name.getBytes(StandardCharsets.UTF_8), true);
        if (ok) out.add(name);
    }
}
