package vigil.server.admin;

import vigil.resp.server.command.CommandFlag;
import vigil.resp.server.command.CommandSpec;
import vigil.resp.server.command.CommandTable;
import vigil.resp.server.command.Replies;
import vigil.server.node.VigilServer;
import vigil.server.node.Client;
import vigil.util.Bytes;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * LATENCY DOCTOR | LATEST | HISTORY event | RESET [event...] | GRAPH event | HISTOGRAM | HELP.
 * When latency-monitor-threshold is set, commands at least that many milliseconds long are
 * recorded as "command" or "fast-command" events (160 samples per event, one per second, as
 * Redis keeps them). DOCTOR gives a short summary rather than Redis's full analysis; GRAPH and
 * HISTOGRAM answer the "no data" forms.
 */
public final class LatencyMonitor {
    static final int HISTORY = 160;
    static final String[] HELP = {
        "LATENCY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "DOCTOR",
        "    Return a human readable latency analysis report.",
        "GRAPH <event>",
        "    Return an ASCII latency graph for the <event> class.",
        "HISTORY <event>",
        "    Return time-latency samples for the <event> class.",
        "LATEST",
        "    Return the latest latency samples for all events.",
        "RESET [<event> ...]",
        "    Reset latency data of one or more <event> classes.",
        "    (default: reset all data for all event classes)",
        "HISTOGRAM [COMMAND ...]",
        "    Return a cumulative distribution of latencies in the format of a histogram for the specified command names.",
        "    If no commands are specified then all histograms are replied.",
        "HELP",
        "    Prints this help.",
    };
    static final String DISABLED = "I'm sorry, Dave, I can't do that. Latency monitoring is disabled in this Redis instance. "
            + "You may use \"CONFIG SET latency-monitor-threshold <milliseconds>.\" in order to enable it. "
            + "If we weren't in a deep space mission I'd suggest to take a look at https://redis.io/topics/latency-monitor.\n";

    record Sample(long time, long latency) { }

    static final class Series {
        final ArrayDeque<Sample> samples = new ArrayDeque<>();
        long max;
    }

    private final VigilServer server;
    private final Map<String, Series> events = new LinkedHashMap<>();

    public LatencyMonitor(VigilServer server) {
        this.server = server;
    }

    void register(CommandTable<Client> t) {
        LatencyMonitor m = this;
        String f = "admin noscript loading stale";
        CommandSpec<Client> cmd = t.container("latency", "", "server");
        cmd.sub("histogram", -2, f, 0, 0, 0, (c, argv) -> c.out.map(0));
        cmd.sub("doctor", 2, f, 0, 0, 0, (c, argv) -> m.doctor(c));
        cmd.sub("reset", -2, f, 0, 0, 0, (c, argv) -> m.reset(c, argv));
        cmd.sub("graph", 3, f, 0, 0, 0, (c, argv) -> m.graph(c, argv));
        cmd.sub("help", 2, "loading stale", 0, 0, 0, (c, argv) -> Replies.help(c.out, HELP));
        cmd.sub("latest", 2, f, 0, 0, 0, (c, argv) -> m.latest(c));
        cmd.sub("history", 3, f, 0, 0, 0, (c, argv) -> m.history(c, argv));
    }

    public void executed(Client c, CommandSpec<Client> cmd, byte[][] argv, long micros) {
        long threshold = server.config.latencyMonitorThreshold;
        long ms = micros / 1000;
        if (threshold <= 0 || ms < threshold) return;
        add(cmd.has(CommandFlag.FAST) ? "fast-command" : "command", ms);
    }

    /** Records a latency sample (ms) for an event; samples in the same second keep the max. */
    public void add(String event, long ms) {
        Series s = events.computeIfAbsent(event, e -> new Series());
        long now = server.clock.getAsLong() / 1000;
        Sample last = s.samples.peekLast();
        if (last != null && last.time == now) {
            s.samples.pollLast();
            s.samples.addLast(new Sample(now, Math.max(ms, last.latency)));
        } else {
            s.samples.addLast(new Sample(now, ms));
            if (s.samples.size() > HISTORY) s.samples.pollFirst();
        }
        s.max = Math.max(s.max, ms);
    }

    private void doctor(Client c) {
        if (server.config.latencyMonitorThreshold <= 0 && events.isEmpty()) {
            c.out.verbatim(DISABLED);
            return;
        }
        StringBuilder sb = new StringBuilder();
        if (events.isEmpty()) {
            sb.append("Dave, no latency spike was observed during the lifetime of this Redis instance, not in the slightest bit. "
                    + "I honestly think you ought to sleep tonight.\n");
        } else {
            sb.append("Dave, I have observed latency spikes in this Redis instance. You don't mind talking about it, do you Dave?\n\n");
            int i = 1;
            for (Map.Entry<String, Series> e : events.entrySet()) {
                Series s = e.getValue();
                long sum = 0;
                for (Sample x : s.samples) sum += x.latency;
                sb.append(i++).append(". ").append(e.getKey()).append(": ").append(s.samples.size())
                        .append(" latency spikes (average ").append(sum / Math.max(1, s.samples.size()))
                        .append("ms, worst ").append(s.max).append("ms).\n");
            }
        }
        c.out.verbatim(sb.toString());
    }

    private void latest(Client c) {
        c.out.array(events.size());
        for (Map.Entry<String, Series> e : events.entrySet()) {
            Sample last = e.getValue().samples.peekLast();
            c.out.array(4).bulk(e.getKey()).integer(last.time).integer(last.latency).integer(e.getValue().max);
        }
    }

    private void history(Client c, byte[][] argv) {
        Series s = events.get(Bytes.str(argv[2]));
        if (s == null) {
            c.out.array(0);
            return;
        }
        c.out.array(s.samples.size());
        for (Iterator<Sample> it = s.samples.iterator(); it.hasNext(); ) {
            Sample x = it.next();
            c.out.array(2).integer(x.time).integer(x.latency);
        }
    }

    private void reset(Client c, byte[][] argv) {
        if (argv.length == 2) {
            int n = events.size();
            events.clear();
            c.out.integer(n);
            return;
        }
        int n = 0;
        for (int i = 2; i < argv.length; i++) if (events.remove(Bytes.str(argv[i])) != null) n++;
        c.out.integer(n);
    }

    private void graph(Client c, byte[][] argv) {
        String event = Bytes.str(argv[2]);
        Series s = events.get(event);
        if (s == null) {
            c.out.error("ERR No samples available for event '" + event + "'");
            return;
        }
        StringBuilder sb = new StringBuilder(event).append(" - high ").append(s.max).append(" ms\n");
        for (Sample x : s.samples) sb.append(x.time).append(' ').append(x.latency).append(" ms\n");
        c.out.verbatim(sb.toString());
    }
}
