package vigil.sentinel.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The short form of the fault-injection test bed (bench/faults.py, docs/faults.md): one round
 * each of kill -9, SIGSTOP pause, partition of the master's host and crash-restart, against
 * Redis 7.0 + redis-sentinel, against Vigil's built jars and against Vigil in zero-loss mode
 * ({@code vigil-zl}: min-replicas-ack 1 on every node), on a private bridge of network
 * namespaces. Runs in the integration-test phase (maven-failsafe-plugin), after the jars are
 * packaged; needs root, python3, ip, iptables, tc and the Redis binaries, and is skipped (with
 * the reason) otherwise.
 *
 * <p>What it asserts: the bed ran every round for every system; in every round both workload
 * clients had writes acknowledged; after every fault healed the three nodes converged (one
 * master, two connected replicas, equal DEBUG DIGEST) and exactly one node answered ROLE master;
 * no namespace of the bed is left behind. What it only records (printed, and in
 * target/faults-short.md): lost writes, split-brain acks, seconds with two masters, the
 * unavailability window and the time to heal, except for zero-loss mode, whose promise is
 * asserted: no acknowledged write lost and no split-brain acknowledgement in any round (docs/zero-loss.md).
 * Both Vigil systems: at most 3 s with two masters in a round (a guard; the target, 1.5 s, is the
 * long form's), and default mode loses nothing on kill and crash-restart.
 * Default mode and Redis lose writes under a partition by design (asynchronous replication).
 */
class FaultBedIT {
    private static final String FAULTS = "kill,pause,partition,crash-restart";
    private static final String SYSTEMS = "redis,vigil,vigil-zl";
    private static final long TIMEOUT_MINUTES = 11;

    @Test
    void shortFormRunsEveryRoundAndEveryRoundHeals() throws Exception {
        // "-Dtest=SomeTest" picks surefire tests; failsafe would still run this 4-minute bed
        // (it reads it.test, not test): only when asked for it (-Dit.test=FaultBedIT) or by default.
        assumeTrue(System.getProperty("test") == null || System.getProperty("it.test") != null,
                "fault bed skipped: -Dtest is set (run it with -Dit.test=FaultBedIT)");
        Path repo = repoRoot();
        Path script = repo.resolve("bench/faults.py");
        assumeTrue(Files.isRegularFile(script), "fault bed skipped: " + script + " missing");
        assumeTrue(onPath("python3"), "fault bed skipped: python3 not found");

        Run check = run(List.of("python3", script.toString(), "check"), Map.of(), 2, false);
        assumeTrue(check.status != 77, "fault bed skipped: " + check.output.strip());
        assertEquals(0, check.status, "faults.py check failed:\n" + check.output);

        Path target = repo.resolve("sentinel/target");
        Files.createDirectories(target);
        Path tsv = target.resolve("faults-short.tsv");
        Path md = target.resolve("faults-short.md");
        Files.deleteIfExists(tsv);
        Thread cleanup = new Thread(() -> {
            try {
                run(List.of("python3", script.toString(), "cleanup"), Map.of(), 1, false);
            } catch (Exception ignored) {
                // best effort: the next run removes the leftovers too
            }
        });
        Runtime.getRuntime().addShutdownHook(cleanup);
        Run bed;
        try {
            Map<String, String> env = new HashMap<>();
            // shorter holds than the long form, a generous heal timeout (a shared 2-core machine)
            env.put("WARM_S", "1.5");
            env.put("POST_S", "2");
            env.put("PAUSE_S", "3");
            env.put("PARTITION_S", "6");
            env.put("HEAL_TIMEOUT", "60");
            bed = run(List.of("python3", script.toString(), "bed", "--systems", SYSTEMS, "--faults", FAULTS,
                    "--rounds", "1", "--tsv", tsv.toString(), "--md", md.toString()), env, TIMEOUT_MINUTES, true);
        } finally {
            run(List.of("python3", script.toString(), "cleanup"), Map.of(), 1, false);
            Runtime.getRuntime().removeShutdownHook(cleanup);
        }
        assumeTrue(bed.status != 77, "fault bed skipped: " + bed.output.strip());

        Run netns = run(List.of("ip", "netns", "list"), Map.of(), 1, false);
        assertTrue(netns.output.lines().noneMatch(l -> l.startsWith("vgf-")), "namespaces left behind:\n" + netns.output);

        assertTrue(Files.isRegularFile(tsv), "no results written (exit " + bed.status + ")");
        List<Map<String, String>> rows = readTsv(tsv);
        List<String> problems = new ArrayList<>();
        for (String system : SYSTEMS.split(",")) {
            for (String fault : FAULTS.split(",")) {
                Map<String, String> r = rows.stream()
                        .filter(x -> x.get("system").equals(system) && x.get("fault").equals(fault))
                        .findFirst().orElse(null);
                String what = system + " " + fault + ": ";
                if (r == null || !"yes".equals(r.get("ran"))) {
                    problems.add(what + "did not run" + (r == null ? "" : " (" + r.get("error") + ")"));
                    continue;
                }
                if (num(r, "acked_in") <= 0 || num(r, "acked_out") <= 0) {
                    problems.add(what + "a client had no acknowledged write (in " + r.get("acked_in")
                            + ", out " + r.get("acked_out") + ")");
                }
                if (!"yes".equals(r.get("converged"))) problems.add(what + "nodes did not converge after the heal");
                if (!"1".equals(r.get("masters_at_end"))) problems.add(what + r.get("masters_at_end") + " masters at the end");
                if (system.startsWith("vigil") && num(r, "two_master_s") > 3.0) {
                    // A regression guard (the long form checks the 1.5 s target): before the isolated
                    // master's step-down a partition left two masters for 6-8 s.
                    problems.add(what + "two nodes answered ROLE master for " + r.get("two_master_s") + " s");
                }
                if (system.equals("vigil") && (fault.equals("kill") || fault.equals("crash-restart"))
                        && num(r, "lost") != 0) {
                    problems.add(what + "default mode lost " + r.get("lost") + " acknowledged writes");
                }
                if (system.equals("vigil-zl") && (num(r, "lost") != 0 || num(r, "split_brain_acks") != 0)) {
                    problems.add(what + "zero-loss mode lost " + r.get("lost") + " acknowledged writes, "
                            + r.get("split_brain_acks") + " split-brain acks");
                }
            }
        }
        rows.stream().filter(x -> "setup".equals(x.get("fault")))
                .forEach(x -> problems.add(x.get("system") + ": the bed failed: " + x.get("error")));
        assertTrue(problems.isEmpty(), String.join("\n", problems) + "\n\nbed output:\n" + bed.output);
        assertEquals(0, bed.status, "faults.py bed exited " + bed.status + ":\n" + bed.output);
    }

    private record Run(int status, String output) {}

    /** Runs a command, its stderr merged into stdout; echoes it when asked (the table in the build log). */
    private static Run run(List<String> cmd, Map<String, String> env, long minutes, boolean echo) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        StringBuilder out = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (out) {
                        out.append(line).append('\n');
                    }
                    if (echo) System.out.println("[faults] " + line);
                }
            } catch (IOException ignored) {
                // the process is gone
            }
        });
        reader.start();
        if (!p.waitFor(minutes, TimeUnit.MINUTES)) {
            p.destroy(); // SIGTERM: the bed stops its rounds and removes its namespaces
            if (!p.waitFor(30, TimeUnit.SECONDS)) p.destroyForcibly().waitFor();
            reader.join(5000);
            throw new AssertionError(cmd + " did not finish in " + minutes + " min:\n" + out);
        }
        reader.join(5000);
        synchronized (out) {
            return new Run(p.exitValue(), out.toString());
        }
    }

    private static List<Map<String, String>> readTsv(Path tsv) throws IOException {
        List<String> lines = Files.readAllLines(tsv);
        String[] head = lines.get(0).split("\t", -1);
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split("\t", -1);
            Map<String, String> row = new HashMap<>();
            for (int i = 0; i < head.length; i++) row.put(head[i], i < cells.length ? cells[i] : "");
            rows.add(row);
        }
        return rows;
    }

    private static double num(Map<String, String> r, String k) {
        try {
            return Double.parseDouble(r.get(k));
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private static boolean onPath(String bin) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, bin))) return true;
        }
        return false;
    }

    /** The repository root: the parent of this module's directory (failsafe runs in sentinel/). */
    private static Path repoRoot() {
        Path here = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        return Files.isRegularFile(here.resolve("bench/faults.py")) ? here : here.getParent();
    }
}
