package vigil.client;

import vigil.resp.ArgSplitter;
import vigil.resp.Doubles;
import vigil.resp.RespValue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * vigil-cli: a small redis-cli. {@code vigil-cli [-h host] [-p port] [-a password] [-n db]
 * [-3|--resp3] [--raw|--no-raw] [command args...]}. With a command it runs it once; without, it
 * reads commands from an interactive prompt ("127.0.0.1:6379> "), or line by line from stdin when
 * that is not a terminal. Replies are printed as redis-cli prints them: quoted strings,
 * "(integer) 1", "(nil)", "(error) ...", numbered nested lists; in raw form (redis-cli --raw)
 * when the console is not a terminal, as redis-cli does when stdout is not a tty.
 */
public final class Cli {
    String host = "127.0.0.1";
    int port = 6379;
    String password;
    int db;
    boolean resp3;
    Boolean raw;   // null: decide from the terminal
    final List<String> command = new ArrayList<>();

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the cli; returns the process exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Cli cli = new Cli();
        String bad = cli.parseArgs(args);
        if (bad != null) {
            err.println(bad);
            return 1;
        }
        boolean rawMode = cli.raw != null ? cli.raw : System.console() == null;
        if (cli.password != null) {
            err.println("Warning: Using a password with '-a' or '-u' option on the command line interface may not be safe.");
        }
        try (BlockingClient c = new BlockingClient(cli.host, cli.port, 10_000)) {
            c.setTimeout(0);
            String setupError = cli.setup(c);
            if (setupError != null) {
                err.println(setupError);
                return 1;
            }
            if (!cli.command.isEmpty()) {
                String[] argv = cli.command.toArray(new String[0]);
                RespValue reply;
                try {
                    reply = c.call(argv);
                } catch (IOException e) {
                    if (argv[0].equalsIgnoreCase("shutdown")) return 0;   // the server closed on us: done
                    throw e;
                }
                out.print(format(reply, rawMode, rawStrings(cli.command)));
                out.flush();
                return 0;
            }
            return cli.repl(c, rawMode, out);
        } catch (IOException e) {
            err.println("Could not connect to Redis at " + cli.host + ":" + cli.port + ": " + reason(e));
            return 1;
        }
    }

    private static String reason(IOException e) {
        String m = e.getMessage();
        if (m != null && m.toLowerCase(Locale.ROOT).contains("refused")) return "Connection refused";
        return m == null ? e.getClass().getSimpleName() : m;
    }

    /** Parses options; returns an error message or null. */
    String parseArgs(String[] args) {
        int i = 0;
        try {
            for (; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "-h" -> host = args[++i];
                    case "-p" -> port = Integer.parseInt(args[++i]);
                    case "-a", "--pass" -> password = args[++i];
                    case "-n" -> db = Integer.parseInt(args[++i]);
                    case "-3", "--resp3" -> resp3 = true;
                    case "-2", "--resp2" -> resp3 = false;
                    case "--raw" -> raw = true;
                    case "--no-raw" -> raw = false;
                    default -> {
                        if (a.startsWith("-") && command.isEmpty() && a.length() > 1) {
                            return "Unrecognized option or bad number of args for: '" + a + "'";
                        }
                        for (; i < args.length; i++) command.add(args[i]);
                    }
                }
            }
        } catch (ArrayIndexOutOfBoundsException | NumberFormatException e) {
            return "Unrecognized option or bad number of args for: '" + args[Math.min(i, args.length - 1)] + "'";
        }
        return null;
    }

    /** AUTH, HELLO 3 and SELECT as the options ask; returns an error text or null. */
    String setup(BlockingClient c) throws IOException {
        if (password != null) {
            RespValue r = c.call("AUTH", password);
            if (r instanceof RespValue.Error e) return "AUTH failed: " + e.message();
        }
        if (resp3) {
            RespValue r = c.call("HELLO", "3");
            if (r instanceof RespValue.Error e) return "HELLO 3 failed: " + e.message();
        }
        if (db != 0) {
            RespValue r = c.call("SELECT", Integer.toString(db));
            if (r instanceof RespValue.Error e) return "SELECT " + db + " failed: " + e.message();
        }
        return null;
    }

    String prompt() {
        return host + ":" + port + (db != 0 ? "[" + db + "]" : "") + "> ";
    }

    private int repl(BlockingClient c, boolean rawMode, PrintStream out) throws IOException {
        boolean interactive = System.console() != null;
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        while (true) {
            if (interactive) {
                out.print(prompt());
                out.flush();
            }
            String line = in.readLine();
            if (line == null) return 0;
            List<byte[]> argv = ArgSplitter.split(line);
            if (argv == null) {
                out.println("Invalid argument(s)");
                continue;
            }
            if (argv.isEmpty()) continue;
            String name = new String(argv.get(0), StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
            if (interactive && (name.equals("quit") || name.equals("exit"))) return 0;
            RespValue reply;
            try {
                reply = c.call(argv.toArray(new byte[0][]));
            } catch (IOException e) {
                if (name.equals("shutdown")) return 0;
                throw e;
            }
            List<String> words = new ArrayList<>();
            for (byte[] a : argv) words.add(new String(a, StandardCharsets.UTF_8));
            if (name.equals("select") && argv.size() == 2 && !(reply instanceof RespValue.Error)) {
                db = Integer.parseInt(new String(argv.get(1), StandardCharsets.UTF_8));
            }
            out.print(format(reply, interactive ? (raw != null && raw) : rawMode, rawStrings(words)));
            out.flush();
        }
    }

    // ---- reply formatting (redis-cli's cliFormatReplyTTY / cliFormatReplyRaw) ----

    public static String format(RespValue v, boolean raw) {
        return format(v, raw, false);
    }

    /** {@code rawStrings}: a command whose text redis-cli prints unquoted even on a terminal. */
    public static String format(RespValue v, boolean raw, boolean rawStrings) {
        if (raw) return formatRaw(v) + "\n";
        return rawStrings ? formatRaw(v) : formatTty(v, "");
    }

    /** redis-cli prints these commands' replies as raw text on a terminal too (INFO, CLIENT LIST...). */
    static boolean rawStrings(List<String> argv) {
        String cmd = argv.get(0).toLowerCase(Locale.ROOT);
        String sub = argv.size() >= 2 ? argv.get(1).toLowerCase(Locale.ROOT) : "";
        int argc = argv.size();
        return cmd.equals("info") || cmd.equals("lolwut")
                || (cmd.equals("debug") && (sub.equals("htstats") || sub.equals("htstats-key") || sub.equals("client-eviction")))
                || (cmd.equals("memory") && (sub.equals("malloc-stats") || sub.equals("doctor")))
                || (argc == 2 && cmd.equals("cluster") && (sub.equals("nodes") || sub.equals("info")))
                || (cmd.equals("client") && (sub.equals("list") || sub.equals("info")))
                || (argc == 3 && cmd.equals("latency") && sub.equals("graph"))
                || (argc == 2 && cmd.equals("latency") && sub.equals("doctor"));
    }

    public static String formatTty(RespValue v, String prefix) {
        if (v instanceof RespValue.Error e) return "(error) " + e.message() + "\n";
        if (v instanceof RespValue.Simple s) return s.text() + "\n";
        if (v instanceof RespValue.Int i) return "(integer) " + i.value() + "\n";
        if (v instanceof RespValue.Dbl d) return "(double) " + Doubles.format(d.value()) + "\n";
        if (v instanceof RespValue.Bool b) return (b.value() ? "(true)" : "(false)") + "\n";
        if (v instanceof RespValue.BigNumber n) return "(big number) " + n.digits() + "\n";
        if (v instanceof RespValue.Null) return "(nil)\n";
        if (v instanceof RespValue.Bulk b) return repr(b.bytes()) + "\n";
        if (v instanceof RespValue.Verbatim t) return t.text() + "\n";
        RespValue.Aggregate a = (RespValue.Aggregate) v;
        List<RespValue> items = a.items();
        boolean map = a.kind() == '%' || a.kind() == '|';
        if (items.isEmpty()) {
            return switch (a.kind()) {
                case '*' -> "(empty array)\n";
                case '%' -> "(empty hash)\n";
                case '~' -> "(empty set)\n";
                case '>' -> "(empty push)\n";
                default -> "(empty aggregate type)\n";
            };
        }
        int count = map ? items.size() / 2 : items.size();
        int idxlen = Integer.toString(count).length();
        String childPrefix = prefix + " ".repeat(idxlen + 2);
        char sep = a.kind() == '~' ? '~' : map ? '#' : ')';
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < items.size(); i++) {
            int human = (map ? i / 2 : i) + 1;
            sb.append(i == 0 ? "" : prefix).append(String.format("%" + idxlen + "d", human)).append(sep).append(' ');
            sb.append(formatTty(items.get(i), childPrefix));
            if (map) {
                i++;
                sb.setLength(sb.length() - 1);
                sb.append(" => ").append(formatTty(items.get(i), childPrefix));
            }
        }
        return sb.toString();
    }

    public static String formatRaw(RespValue v) {
        if (v instanceof RespValue.Error e) return e.message() + "\n";
        if (v instanceof RespValue.Simple s) return s.text();
        if (v instanceof RespValue.Int i) return Long.toString(i.value());
        if (v instanceof RespValue.Dbl d) return Doubles.format(d.value());
        if (v instanceof RespValue.Bool b) return b.value() ? "(true)" : "(false)";
        if (v instanceof RespValue.BigNumber n) return n.digits();
        if (v instanceof RespValue.Null) return "";
        if (v instanceof RespValue.Bulk b) return new String(b.bytes(), StandardCharsets.UTF_8);
        if (v instanceof RespValue.Verbatim t) return t.text();
        StringBuilder sb = new StringBuilder();
        List<RespValue> items = ((RespValue.Aggregate) v).items();
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) sb.append('\n');
            sb.append(formatRaw(items.get(i)));
        }
        return sb.toString();
    }

    /** sdscatrepr: a double-quoted string with C escapes and \xHH for other bytes. */
    public static String repr(byte[] b) {
        return vigil.resp.Repr.of(b);
    }
}
