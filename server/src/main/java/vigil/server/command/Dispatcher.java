package vigil.server.command;

import vigil.server.VigilServer;
import vigil.server.client.Client;
import vigil.server.util.Bytes;

import java.nio.charset.StandardCharsets;

/**
 * Runs commands for clients, in Redis 7.0's processCommand order: lookup, arity, authentication,
 * then the node's {@link Admission} rules in their order (a rejection inside MULTI flags the
 * transaction), the CLIENT PAUSE postpone, transaction queueing, and {@link #call}, which
 * executes, measures and feeds the propagation hook.
 */
public final class Dispatcher {
    /**
     * The node's checks after lookup, arity and authentication, in Redis's processCommand order;
     * returns the first rejection's error text, or null to admit the command.
     */
    public interface Admission {
        String reject(Client c, CommandSpec cmd);

        Admission NONE = (c, cmd) -> null;
    }

    /** Observes executed commands (MONITOR, SLOWLOG, latency, WAIT's writer). */
    public interface Observer {
        void executed(Client c, CommandSpec cmd, byte[][] argv, long micros);

        Observer NONE = (c, cmd, argv, micros) -> { };
    }

    /** Holds a command back instead of running it now (CLIENT PAUSE); true when it took the command. */
    public interface Postpone {
        boolean postpone(Client c, CommandSpec cmd, byte[][] argv);

        Postpone NONE = (c, cmd, argv) -> false;
    }

    /** execCommandAbort: discards the transaction and returns the EXECABORT text for the rejection. */
    public interface ExecAbort {
        String abort(Client c, String error);
    }

    private final VigilServer server;
    private ExecAbort execAbort = (c, error) -> error;
    private Admission admission = Admission.NONE;
    private Postpone postpone = Postpone.NONE;
    /** Told before the handler runs (WAIT notes the writer). */
    private Observer beforeCall = Observer.NONE;
    /** Told after the handler ran (SLOWLOG, latency, MONITOR), in the order the assembly wrote out. */
    private Observer afterCall = Observer.NONE;

    // Per-call propagation state, saved and restored around nested calls (EXEC).
    private byte[][] rewritten;
    private boolean prevented;
    /** forceCommandPropagation: propagate this command even though it changed no data (PUBLISH). */
    private boolean forced;
    private Client current;

    public Dispatcher(VigilServer server) {
        this.server = server;
    }

    /** The assembly's wiring, once, before the node runs. */
    public void attach(Admission admission, Postpone postpone, ExecAbort execAbort, Observer beforeCall, Observer afterCall) {
        this.admission = admission;
        this.execAbort = execAbort;
        this.postpone = postpone;
        this.beforeCall = beforeCall;
        this.afterCall = afterCall;
    }

    private int callDepth;

    /** True while a command runs inside another one (EXEC, scripts): blocking commands do not block there. */
    public boolean nested() {
        return callDepth > 1;
    }

    /** The client whose command is executing, or null. */
    public Client currentClient() {
        return current;
    }

    /** Propagate this instead of the command's own argv. */
    public void rewrite(byte[][] argv) {
        rewritten = argv;
    }

    /** Propagate this command to the replicas although it changed no data (Redis's forceCommandPropagation). */
    public void forcePropagation() {
        forced = true;
    }

    /** Propagate nothing for this command even though it changed data. */
    public void preventPropagation() {
        prevented = true;
    }

    /** Entry point for one request from a client's connection. */
    public void process(Client c, byte[][] argv) {
        if (argv.length == 0) return;
        c.lastInteraction = server.clock.getAsLong();
        CommandSpec cmd = server.commands.lookup(argv[0]);
        String err;
        if (cmd == null) {
            err = unknownCommand(argv);
        } else {
            cmd = resolveSubcommand(c, cmd, argv);
            if (cmd == null) return; // error already written
            err = checkArity(cmd, argv);
        }
        if (err == null && !c.authenticated && !cmd.has(CommandFlag.NO_AUTH)) {
            err = vigil.server.command.Replies.NOAUTH;
        }
        if (err == null) err = admission.reject(c, cmd);
        if (err != null) {
            reject(c, cmd, err);
            return;
        }
        if (postpone.postpone(c, cmd, argv)) return;
        if (c.inMulti && !isTransactionControl(cmd)) {
            c.queued.add(argv);
            c.out.simple("QUEUED");
            return;
        }
        int mark = c.out.size();
        server.propagation.enter();
        try {
            call(c, cmd, argv);
        } finally {
            server.propagation.exit();
        }
        applyReplyMode(c, mark);
        server.afterCommand();
    }

    /** rejectCommand: flags the transaction, counts the rejection; a rejected EXEC aborts it (EXECABORT). */
    private void reject(Client c, CommandSpec cmd, String err) {
        if (c.inMulti) c.multiError = true;
        if (cmd != null) cmd.rejectedCalls++;
        if (c.inMulti && isExec(cmd)) err = execAbort.abort(c, err);
        replyError(c, err);
    }

    private void applyReplyMode(Client c, int mark) {
        if (c.replyMode == Client.ReplyMode.OFF) {
            c.out.truncate(mark);
        } else if (c.replyMode == Client.ReplyMode.SKIP) {
            if (c.skipNext) {
                c.out.truncate(mark);
                c.skipNext = false;
                c.replyMode = Client.ReplyMode.ON;
            } else {
                c.skipNext = true;   // set by this command: skip the next one
            }
        }
    }

    /**
     * Executes a resolved, checked command: the handler, then statistics and propagation. EXEC
     * calls this for each queued command.
     */
    public void call(Client c, CommandSpec cmd, byte[][] argv) {
        byte[][] savedRewrite = rewritten;
        boolean savedPrevented = prevented;
        boolean savedForced = forced;
        forced = false;
        Client savedCurrent = current;
        rewritten = null;
        prevented = false;
        current = c;
        callDepth++;
        long dirtyBefore = server.dirty;
        boolean outerFrozen = server.propagation.inCommand() && savedCurrent != null;
        if (!outerFrozen) server.keyspace.freezeClock();
        beforeCall.executed(c, cmd, argv, 0);
        int errMark = c.out.size();
        long start = System.nanoTime();
        try {
            cmd.handler.execute(c, argv);
        } finally {
            long micros = (System.nanoTime() - start) / 1000;
            if (!outerFrozen) server.keyspace.unfreezeClock();
            CommandSpec stat = cmd;
            stat.calls++;
            stat.micros += micros;
            server.stats.totalCommands++;
            if (c.out.size() > errMark && c.out.byteAt(errMark) == '-') {
                stat.failedCalls++;
                server.stats.errorReply(c.out, errMark);
            }
            c.lastCommand = cmd.fullName();
            if (!prevented && (forced || (server.dirty != dirtyBefore
                    && (cmd.isWrite() || cmd.has(CommandFlag.MAY_REPLICATE))))) {
                server.propagation.propagate(c.db.id, rewritten != null ? rewritten : argv);
            }
            afterCall.executed(c, cmd, argv, micros);
            rewritten = savedRewrite;
            prevented = savedPrevented;
            forced = savedForced;
            current = savedCurrent;
            callDepth--;
        }
    }

    /** Resolves "config get" to the CONFIG|GET spec; writes the error and returns null when unknown. */
    public CommandSpec resolveSubcommand(Client c, CommandSpec cmd, byte[][] argv) {
        if (cmd.subcommands.isEmpty()) return cmd;
        if (argv.length < 2) return cmd;   // arity error follows
        CommandSpec sub = cmd.subcommands.get(Bytes.lower(argv[1]));
        if (sub == null) {
            if (c.inMulti) c.multiError = true;
            replyError(c, Replies.unknownSubcommand(Bytes.str(argv[1]), cmd.name));
            return null;
        }
        return sub;
    }

    public static String checkArity(CommandSpec cmd, byte[][] argv) {
        if ((cmd.arity > 0 && argv.length != cmd.arity) || (cmd.arity < 0 && argv.length < -cmd.arity)) {
            return Replies.wrongArgs(cmd);
        }
        return null;
    }

    static String unknownCommand(byte[][] argv) {
        StringBuilder args = new StringBuilder();
        for (int i = 1; i < argv.length && args.length() < 128; i++) {
            String a = new String(argv[i], StandardCharsets.UTF_8);
            int room = 128 - args.length();
            args.append('\'').append(a, 0, Math.min(a.length(), Math.max(0, room))).append("' ");
        }
        String name = new String(argv[0], StandardCharsets.UTF_8);
        if (name.length() > 128) name = name.substring(0, 128);
        return "ERR unknown command '" + name + "', with args beginning with: " + args;
    }

    private void replyError(Client c, String err) {
        server.stats.errorReply(err);
        c.out.error(err);
    }

    private static boolean isExec(CommandSpec cmd) {
        return cmd != null && cmd.parent == null && cmd.name.equals("exec");
    }

    private static boolean isTransactionControl(CommandSpec cmd) {
        String n = cmd.parent == null ? cmd.name : cmd.parent.name;
        return n.equals("exec") || n.equals("discard") || n.equals("multi") || n.equals("watch")
                || n.equals("quit") || n.equals("reset");
    }

}
