package vigil.server.admin;

import vigil.resp.server.command.AclCategories;
import vigil.resp.server.command.CommandInfo;

import vigil.server.VigilServer;
import vigil.server.client.Client;
import vigil.resp.server.command.CommandSpec;
import vigil.resp.server.command.CommandTable;
import vigil.server.command.Dispatcher;
import vigil.resp.server.command.Replies;
import vigil.util.Bytes;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * COMMAND [COUNT | INFO name... | DOCS name... | GETKEYS cmd... | GETKEYSANDFLAGS cmd... |
 * LIST [FILTERBY MODULE m | ACLCAT c | PATTERN p] | HELP], answered from the command table.
 */
public final class CommandCommand {
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

    private CommandCommand() {
    }

    public static void register(CommandTable<Client> t, VigilServer server) {
        String f = "loading stale";
        CommandSpec<Client> cmd = t.add("command", -1, f, 0, 0, 0, "server", (c, argv) -> all(server, c));
        cmd.sub("docs", -2, f, 0, 0, 0, (c, argv) -> docs(server, c, argv));
        cmd.sub("getkeysandflags", -4, f, 0, 0, 0, (c, argv) -> getkeys(server, c, argv, true));
        cmd.sub("list", -2, f, 0, 0, 0, (c, argv) -> list(server, c, argv));
        cmd.sub("count", 2, f, 0, 0, 0, (c, argv) -> c.out.integer(countAll(server)));
        cmd.sub("help", 2, f, 0, 0, 0, (c, argv) -> help(c, HELP));
        cmd.sub("info", -2, f, 0, 0, 0, (c, argv) -> info(server, c, argv));
        cmd.sub("getkeys", -4, f, 0, 0, 0, (c, argv) -> getkeys(server, c, argv, false));
    }

    /** Writes a HELP reply: one status line per entry, then the standard HELP footer is included by callers. */
    static void help(Client c, String[] lines) {
        c.out.array(lines.length);
        for (String l : lines) c.out.simple(l);
    }

    static long countAll(VigilServer server) {
        return server.commands.size();
    }

    private static void all(VigilServer server, Client c) {
        c.out.array(server.commands.size());
        for (CommandSpec<Client> s : server.commands.all()) CommandInfo.writeInfo(c.out, s);
    }

    /** "get" or "config|get" to its spec, or null. */
    static CommandSpec<Client> find(VigilServer server, String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        int bar = lower.indexOf('|');
        if (bar < 0) return server.commands.get(lower);
        CommandSpec<Client> parent = server.commands.get(lower.substring(0, bar));
        return parent == null ? null : parent.subcommands.get(lower.substring(bar + 1));
    }

    private static void info(VigilServer server, Client c, byte[][] argv) {
        if (argv.length == 2) {
            all(server, c);
            return;
        }
        c.out.array(argv.length - 2);
        for (int i = 2; i < argv.length; i++) {
            CommandSpec<Client> s = find(server, Bytes.str(argv[i]));
            if (s == null) c.out.nullBulk();
            else CommandInfo.writeInfo(c.out, s);
        }
    }

    private static void docs(VigilServer server, Client c, byte[][] argv) {
        List<CommandSpec<Client>> found = new ArrayList<>();
        if (argv.length == 2) {
            found.addAll(server.commands.all());
        } else {
            for (int i = 2; i < argv.length; i++) {
                CommandSpec<Client> s = find(server, Bytes.str(argv[i]));
                if (s != null) found.add(s);
            }
        }
        c.out.map(found.size());
        for (CommandSpec<Client> s : found) {
            c.out.bulk(s.fullName());
            CommandInfo.writeDocs(c.out, s);
        }
    }

    private static void getkeys(VigilServer server, Client c, byte[][] argv, boolean withFlags) {
        byte[][] cmdArgv = Arrays.copyOfRange(argv, 2, argv.length);
        CommandSpec<Client> s = server.commands.lookup(cmdArgv[0]);
        if (s != null && !s.subcommands.isEmpty() && cmdArgv.length >= 2) {
            CommandSpec<Client> sub = s.subcommands.get(Bytes.lower(cmdArgv[1]));
            s = sub;
        }
        if (s == null) {
            c.out.error("ERR Invalid command specified");
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

    private static void list(VigilServer server, Client c, byte[][] argv) {
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
        for (CommandSpec<Client> s : server.commands.all()) {
            addIfMatches(out, s, filter, value);
            for (CommandSpec<Client> sub : s.subcommands.values()) addIfMatches(out, sub, filter, value);
        }
        c.out.array(out.size());
        for (String n : out) c.out.bulk(n);
    }

    private static void addIfMatches(List<String> out, CommandSpec<Client> s, String filter, byte[] value) {
        String name = s.fullName();
        boolean ok;
        if (filter == null) ok = true;
        else if (filter.equals("module")) ok = false;   // no modules
        else if (filter.equals("aclcat")) ok = AclCategories.of(s).contains(Bytes.lower(value));
        else ok = Bytes.globMatch(value, name.getBytes(StandardCharsets.UTF_8), true);
        if (ok) out.add(name);
    }
}
