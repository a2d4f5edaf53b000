package vigil.resp.server.dispatch;

import vigil.resp.server.command.CommandFlag;
import vigil.resp.server.command.CommandSpec;
import vigil.resp.server.command.CommandTable;
import vigil.resp.server.command.Replies;
import vigil.resp.server.session.Session;
import vigil.util.Bytes;

import java.util.List;

/**
 * The generic front of Redis 7.0's processCommand, shared by the node and the sentinel: command
 * lookup, subcommand resolution, arity and authentication, then the server's own ordered
 * admission rules. What happens next (queueing, execution, statistics) is the server's.
 */
public final class CommandFront<S extends Session> {
    /**
     * The front's verdict on one request: the command it names (null when unknown, or when its
     * subcommand is) and, when refused, Redis's error text.
     */
    public record Verdict<S extends Session>(CommandSpec<S> cmd, String error) {
        public boolean admitted() {
            return error == null;
        }
    }

    private final CommandTable<S> table;
    private final List<AdmissionRule<S>> rules;

    /** {@code rules}: the server's further checks, in the order it runs them after authentication (a live list: a server may add rules while it starts). */
    public CommandFront(CommandTable<S> table, List<AdmissionRule<S>> rules) {
        this.table = table;
        this.rules = rules;
    }

    public CommandTable<S> table() {
        return table;
    }

    /** Lookup, subcommand, arity and NOAUTH, in Redis's order. */
    public Verdict<S> resolve(S session, byte[][] argv) {
        CommandSpec<S> cmd = table.lookup(argv[0]);
        if (cmd == null) return new Verdict<>(null, Replies.unknownCommand(argv));
        if (!cmd.subcommands.isEmpty() && argv.length >= 2) {
            CommandSpec<S> sub = cmd.subcommands.get(Bytes.lower(argv[1]));
            if (sub == null) return new Verdict<>(null, Replies.unknownSubcommand(Bytes.str(argv[1]), cmd.name));
            cmd = sub;
        }
        if (!cmd.arityAccepts(argv.length)) return new Verdict<>(cmd, Replies.wrongArgs(cmd));
        if (!session.authenticated && !cmd.has(CommandFlag.NO_AUTH)) return new Verdict<>(cmd, Replies.NOAUTH);
        return new Verdict<>(cmd, null);
    }

    /** The server's admission rules, in order: the first refusal's error text, or null. */
    public String admit(S session, CommandSpec<S> cmd, byte[][] argv) {
        for (AdmissionRule<S> rule : rules) {
            String err = rule.check(session, cmd, argv);
            if (err != null) return err;
        }
        return null;
    }
}
