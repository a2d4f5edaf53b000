package vigil.resp.server.info;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** Process user and system CPU time in nanoseconds, as Redis's getrusage gives them. */
public final class ProcCpu {
    /** Linux clock ticks per second (USER_HZ); 100 on every mainstream kernel. */
    private static final long TICKS = 100;

    private ProcCpu() {
    }

    /** {user, sys} in nanoseconds; falls back to the JVM's total process CPU as user time. */
    public static long[] read() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields after "(comm) ": state=0 ... utime=11 stime=12
            long user = Long.parseLong(f[11]) * (1_000_000_000L / TICKS);
            long sys = Long.parseLong(f[12]) * (1_000_000_000L / TICKS);
            return new long[]{user, sys};
        } catch (IOException | RuntimeException e) {
            long total = 0;
            var os = ManagementFactory.getOperatingSystemMXBean();
            if (os instanceof com.sun.management.OperatingSystemMXBean sun) total = Math.max(0, sun.getProcessCpuTime());
            return new long[]{total, 0};
        }
    }
}
