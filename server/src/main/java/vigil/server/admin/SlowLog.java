package vigil.server.admin;

import vigil.resp.server.command.CommandFlag;
import vigil.resp.server.command.CommandSpec;
import vigil.resp.server.command.CommandTable;
import vigil.resp.server.command.Replies;
import vigil.server.node.VigilServer;
import vigil.server.node.Client;
import vigil.util.Bytes;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;

/**
 * SLOWLOG GET [count] | LEN | RESET | HELP. Commands slower than slowlog-log-slower-than
 * microseconds are recorded by a dispatcher observer, newest first, at most slowlog-max-len,
 * with their arguments trimmed as Redis trims them (32 arguments, 128 bytes each).
 */
public final class SlowLog {
    static final int MAX_ARGC = 32;
    static final int MAX_STRING = 128;
    static final String[] HELP = {
        "SLOWLOG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "GET [<count>]",
        "    Return top <count> entries from the slowlog (default: 10, -1 mean all).",
        "    Entries are made of:",
        "    id, timestamp, time in microseconds, arguments array, client IP and port,",
        "    client name",
        "LEN",
        "    Return the length of the slowlog.",
        "RESET",
        "    Reset the slowlog.",
        "HELP",
        "    Prints this help.",
    };

    record Entry(long id, long time, long micros, byte[][] argv, String addr, String name) { }

    private final VigilServer server;
    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private long nextId;

    public SlowLog(VigilServer server) {
        this.server = server;
    }

    void register(CommandTable<Client> t) {
        SlowLog log = this;
        CommandSpec<Client> cmd = t.container("slowlog", "", "server");
        cmd.sub("reset", 2, "admin loading stale", 0, 0, 0, (c, argv) -> {
            log.entries.clear();
            c.out.ok();
        });
        cmd.sub("help", 2, "loading stale", 0, 0, 0, (c, argv) -> Replies.help(c.out, HELP));
        cmd.sub("len", 2, "admin loading stale", 0, 0, 0, (c, argv) -> c.out.integer(log.entries.size()));
        cmd.sub("get", -2, "admin loading stale", 0, 0, 0, (c, argv) -> log.get(c, argv));
    }

    /** The dispatcher observer: records a slow command. */
    public void executed(Client c, CommandSpec<Client> cmd, byte[][] argv, long micros) {
        long threshold = server.config.slowlogLogSlowerThan;
        if (threshold < 0 || micros < threshold || cmd.has(CommandFlag.SKIP_SLOWLOG)) return;
        if (cmd.parent != null && cmd.parent.has(CommandFlag.SKIP_SLOWLOG)) return;
        entries.addFirst(new Entry(nextId++, server.clock.getAsLong() / 1000, micros, trim(argv),
                c.conn.remoteAddress(), c.name));
        int max = server.config.slowlogMaxLen;
        while (entries.size() > max) entries.removeLast();
    }

    static byte[][] trim(byte[][] argv) {
        int argc = Math.min(argv.length, MAX_ARGC);
        byte[][] out = new byte[argc][];
        for (int i = 0; i < argc; i++) {
            if (argc != argv.length && i == argc - 1) {
                out[i] = ("... (" + (argv.length - argc + 1) + " more arguments)").getBytes(StandardCharsets.US_ASCII);
            } else if (argv[i].length > MAX_STRING) {
                byte[] head = Arrays.copyOf(argv[i], MAX_STRING);
                byte[] tail = ("... (" + (argv[i].length - MAX_STRING) + " more bytes)").getBytes(StandardCharsets.US_ASCII);
                out[i] = Arrays.copyOf(head, MAX_STRING + tail.length);
                System.arraycopy(tail, 0, out[i], MAX_STRING, tail.length);
            } else {
                out[i] = argv[i];
            }
        }
        return out;
    }

    private void get(Client c, byte[][] argv) {
        long count = 10;
        if (argv.length > 3) {
            c.out.error("ERR unknown subcommand or wrong number of arguments for '" + Bytes.str(argv[1]) + "'. Try SLOWLOG HELP.");
            return;
        }
        if (argv.length == 3) {
            Long n = Bytes.parseLong(argv[2]);
            if (n == null || n < -1) {
                c.out.error("ERR count should be greater than or equal to -1");
                return;
            }
            count = n == -1 ? entries.size() : n;
        }
        int n = (int) Math.min(count, entries.size());
        c.out.array(n);
        Iterator<Entry> it = entries.iterator();
        for (int i = 0; i < n; i++) {
            Entry e = it.next();
            c.out.array(6).integer(e.id).integer(e.time).integer(e.micros);
            c.out.array(e.argv.length);
            for (byte[] a : e.argv) c.out.bulk(a);
            c.out.bulk(e.addr).bulk(e.name);
        }
    }

    public int size() {
        return entries.size();
    }
}
