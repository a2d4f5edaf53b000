import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * SET load for bench/zeroloss.sh, the same as zeroloss_probe.py but fast enough that the -P 1
 * rows measure the servers, not the driver: CLIENTS connections, one platform thread each, each
 * sending rounds of PIPELINE SETs (followed by {@code WAIT 1 0} in mode {@code wait}) and reading
 * every reply before the next round, for SECONDS. Prints {@code sets/s p50_ms p99_ms errors},
 * latencies per round (one pipelined write and all its replies). JDK only, run as a source file:
 *
 * <pre>java bench/ZeroLossProbe.java PORT MODE(plain|wait) PIPELINE CLIENTS SECONDS</pre>
 */
public final class ZeroLossProbe {
    public static void main(String[] a) throws Exception {
        int port = Integer.parseInt(a[0]);
        boolean waitMode = a[1].equals("wait");
        int pipeline = Integer.parseInt(a[2]);
        int clients = Integer.parseInt(a[3]);
        double seconds = Double.parseDouble(a[4]);
        int replies = pipeline + (waitMode ? 1 : 0);
        AtomicLong sets = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long[][] lat = new long[clients][];
        int[] latCount = new int[clients];
        Thread[] threads = new Thread[clients];
        long start = System.nanoTime();
        long deadline = start + (long) (seconds * 1e9);
        for (int n = 0; n < clients; n++) {
            int id = n;
            byte[][] rounds = rounds(id, waitMode, pipeline);
            threads[n] = new Thread(() -> {
                long[] mine = new long[1 << 16];
                int count = 0;
                try (Socket s = new Socket()) {
                    s.setTcpNoDelay(true);
                    s.connect(new InetSocketAddress("127.0.0.1", port));
                    OutputStream out = s.getOutputStream();
                    InputStream in = s.getInputStream();
                    byte[] buf = new byte[64 * 1024];
                    int r = 0;
                    while (System.nanoTime() < deadline) {
                        long t0 = System.nanoTime();
                        out.write(rounds[r % rounds.length]);
                        out.flush();
                        // Every reply here is one line (+OK, :n or -error): count line ends.
                        int seen = 0;
                        boolean lineStart = true;
                        while (seen < replies) {
                            int k = in.read(buf);
                            if (k < 0) throw new IOException("closed");
                            for (int i = 0; i < k; i++) {
                                byte b = buf[i];
                                if (lineStart && b == '-') errors.incrementAndGet();
                                lineStart = b == '\n';
                                if (lineStart) seen++;
                            }
                        }
                        if (count == mine.length) mine = Arrays.copyOf(mine, count * 2);
                        mine[count++] = System.nanoTime() - t0;
                        sets.addAndGet(pipeline);
                        r++;
                    }
                } catch (IOException e) {
                    errors.incrementAndGet();
                    System.err.println("client " + id + ": " + e);
                }
                lat[id] = mine;
                latCount[id] = count;
            });
            threads[n].start();
        }
        for (Thread t : threads) t.join();
        double elapsed = (System.nanoTime() - start) / 1e9;
        int total = 0;
        for (int c : latCount) total += c;
        long[] all = new long[total];
        int o = 0;
        for (int n = 0; n < clients; n++) {
            System.arraycopy(lat[n], 0, all, o, latCount[n]);
            o += latCount[n];
        }
        Arrays.sort(all);
        System.out.printf("%d %.2f %.2f %d%n", (long) (sets.get() / elapsed), pct(all, 50), pct(all, 99), errors.get());
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) return Double.NaN;
        return sorted[Math.min(sorted.length - 1, (int) (p / 100.0 * sorted.length))] / 1e6;
    }

    /** The rounds of connection n, encoded before the clock starts: 1000 keys per connection. */
    private static byte[][] rounds(int n, boolean waitMode, int pipeline) {
        int count = Math.max(1, 1000 / pipeline);
        byte[][] out = new byte[count][];
        String value = "x".repeat(32);
        for (int r = 0; r < count; r++) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < pipeline; i++) {
                String key = "key:" + n + ":" + (r * pipeline + i);
                sb.append("*3\r\n$3\r\nSET\r\n$").append(key.length()).append("\r\n").append(key)
                        .append("\r\n$").append(value.length()).append("\r\n").append(value).append("\r\n");
            }
            if (waitMode) sb.append("*3\r\n$4\r\nWAIT\r\n$1\r\n1\r\n$1\r\n0\r\n");
            out[r] = sb.toString().getBytes(StandardCharsets.US_ASCII);
        }
        return out;
    }
}
