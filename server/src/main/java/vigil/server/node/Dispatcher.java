package vigil.server.node;

import vigil.resp.server.command.CommandFlag;
import vigil.resp.server.command.CommandSpec;
import vigil.resp.server.command.Replies;
import vigil.resp.server.dispatch.AdmissionRule;
import vigil.resp.server.dispatch.CommandFront;
import vigil.util.Bytes;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs commands for clients, in Redis 7.0's processCommand order: lookup, arity, authentication,
 * then the node's {@link Admission} rules in their order (a rejection inside MULTI flags the
 * transaction), the CLIENT PAUSE postpone, transaction queueing, and {@link #call}, which
 * executes, measures and feeds the propagation hook.
 */
public final class Dispatcher {
    /** Observes executed commands (MONITOR, SLOWLOG, latency, WAIT's writer). */
    public interface Observer {
        void executed(Client c, CommandSpec<Client> cmd, byte[][] argv, long micros);

        Observer NONE = (c, cmd, argv, micros) -> { };
    }

    /** Holds a command back instead of running it now (CLIENT PAUSE); true when it took the command. */
    public interface Postpone {
        boolean postpone(Client c, CommandSpec<Client> cmd, byte[][] argv);

        Postpone NONE = (c, cmd, argv) -> false;
    }

    /**
     * Told after a client's request was answered (ran: executed, and blocked clients it readied
     * were served; or rejected, or queued in MULTI), with where its reply starts in the client's
     * buffer: zero-loss mode may hold that reply. Not told when the request was postponed.
     */
    public interface Completed {
        void completed(Client c, int replyMark, boolean ran);

        Completed NONE = (c, replyMark, ran) -> { };
    }

    /** execCommandAbort: discards the transaction and returns the EXECABORT text for the rejection. */
    public interface ExecAbort {
        String abort(Client c, String error);
    }

    private final VigilServer server;
    private ExecAbort execAbort = (c, error) -> error;
    /** Lookup, arity, NOAUTH, then the node's admission rules; set by {@link #attach}. */
    private CommandFront<Client> front;
    private Postpone postpone = Postpone.NONE;
    /** Told before the handler runs (WAIT notes the writer). */
    private Observer beforeCall = Observer.NONE;
    /** Told after the handler ran (SLOWLOG, latency, MONITOR), in the order the assembly wrote out. */
    private Observer afterCall = Observer.NONE;
    private Completed completed = Completed.NONE;

    // Per-call propagation state, saved and restored around nested calls (EXEC).
    private byte[][] rewritten;
    private boolean prevented;
    /** forceCommandPropagation: propagate this command even though it changed no data (PUBLISH). */
    private boolean forced;
    private Client current;

    public Dispatcher(VigilServer server) {
        this.server = server;
    }

    /**
     * The assembly's wiring, once, before the node runs: the node's admission rules in Redis's
     * processCommand order (run by the shared front after lookup, arity and authentication).
     */
    public void attach(List<AdmissionRule<Client>> admission, Postpone postpone, ExecAbort execAbort, Observer beforeCall,
                       Observer afterCall, Completed completed) {
        this.front = new CommandFront<>(server.commands, admission);
        this.execAbort = execAbort;
        this.postpone = postpone;
        this.beforeCall = beforeCall;
        this.afterCall = afterCall;
        this.completed = completed;
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
        int mark = c.out.size();
        c.lastInteraction = server.clock.getAsLong();
        CommandFront.Verdict<Client> verdict = front.resolve(c, argv);
        CommandSpec<Client> cmd = verdict.cmd();
        // Redis's processCommand: c->lastcmd at lookup, before any check ("NULL" when unknown);
        // EXEC's queued commands do not change it (CLIENT LIST shows cmd=exec).
        c.lastCommand = cmd == null ? "NULL" : cmd.fullName();
        String err = verdict.admitted() ? front.admit(c, cmd, argv) : verdict.error();
        if (err != null) {
            reject(c, cmd, err);
            completed.completed(c, mark, false);
            return;
        }
        if (postpone.postpone(c, cmd, argv)) return;
        if (c.inMulti && !isTransactionControl(cmd)) {
            c.queued.add(argv);
            c.out.simple("QUEUED");
            completed.completed(c, mark, false);
            return;
        }
        server.propagation.enter();
        try {
            call(c, cmd, argv);
        } finally {
            server.propagation.exit();
        }
        c.applyReplyMode(mark);
        server.afterCommand();
        completed.completed(c, mark, true);
    }

    /** rejectCommand: flags the transaction, counts the rejection; a rejected EXEC aborts it (EXECABORT). */
    private void reject(Client c, CommandSpec<Client> cmd, String err) {
        if (c.inMulti) c.multiError = true;
        if (cmd != null) cmd.rejectedCalls++;
        if (c.inMulti && isExec(cmd)) err = execAbort.abort(c, err);
        replyError(c, err);
    }

    /**
     * Executes a resolved, checked command: the handler, then statistics and propagation. EXEC
     * calls this for each queued command.
     */
    public void call(Client c, CommandSpec<Client> cmd, byte[][] argv) {
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
            CommandSpec<Client> stat = cmd;
            stat.calls++;
            stat.micros += micros;
            server.stats.totalCommands++;
            if (c.out.size() > errMark && c.out.byteAt(errMark) == '-') {
                stat.failedCalls++;
                server.stats.errorReply(c.out, errMark);
            }
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
    public CommandSpec<Client> resolveSubcommand(Client c, CommandSpec<Client> cmd, byte[][] argv) {
        if (cmd.subcommands.isEmpty()) return cmd;
        if (argv.length < 2) return cmd;   // arity error follows
        CommandSpec<Client> sub = cmd.subcommands.get(Bytes.lower(argv[1]));
        if (sub == null) {
            if (c.inMulti) c.multiError = true;
            replyError(c, Replies.unknownSubcommand(Bytes.str(argv[1]), cmd.name));
            return null;
        }
        return sub;
    }

    private void replyError(Client c, String err) {
        server.stats.errorReply(err);
        c.out.error(err);
    }

    private static boolean isExec(CommandSpec<Client> cmd) {
        return cmd != null && cmd.parent == null && cmd.name.equals("exec");
    }

    /** MULTI, EXEC, DISCARD, WATCH, QUIT and RESET: run at once inside MULTI, never queued. */
    public static boolean isTransactionControl(CommandSpec<Client> cmd) {
        String n = cmd.parent == null ? cmd.name : cmd.parent.name;
        return n.equals("exec") || n.equals("discard") || n.equals("multi") || n.equals("watch")
                || n.equals("quit") || n.equals("reset");
    }

}
