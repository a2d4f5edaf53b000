package vigil.server.stats;

import vigil.resp.RespWriter;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counters for INFO stats and errorstats, all updated on the keyspace thread. The
 * instantaneous_* figures are sampled every 100 ms from a cron hook, as Redis's
 * trackInstantaneousMetric does (average of the last 16 samples).
 */
public final class ServerStats {
    /** Redis stops tracking new error codes after this many distinct ones (ERRORSTATS_LIMIT). */
    public static final int ERRORSTATS_LIMIT = 128;

    public long totalConnections;
    public long totalCommands;
    public long rejectedConnections;
    /** Replication: full syncs served, PSYNCs continued, PSYNCs refused (INFO stats). */
    public long syncFull, syncPartialOk, syncPartialErr;
    /** Bytes written to replicas (payloads and stream), apart from total_net_output_bytes as in Redis 7.0. */
    public long netReplOutputBytes;
    /** Bytes received from our master (payload and stream, not the handshake replies), as Redis 7.0's stat_net_repl_input_bytes. */
    public long netReplInputBytes;
    public long netInputBytes;
    public long netOutputBytes;
    public long totalErrorReplies;
    public long unexpectedErrorReplies;
    public long pubsubChannelsMessages;
    /** Error replies by their first word ("ERR", "WRONGTYPE"...), sorted like Redis's rax. */
    public final Map<String, Long> errorCodes = new TreeMap<>();
    /** Heap in use just after start (used_memory_startup) and the highest seen (used_memory_peak). */
    public long memoryStartup;
    public long memoryPeak;

    public final Metric opsPerSec = new Metric();
    public final Metric inputBytesPerSec = new Metric();
    public final Metric outputBytesPerSec = new Metric();
    public final Metric replInputBytesPerSec = new Metric();
    public final Metric replOutputBytesPerSec = new Metric();

    public void reset() {
        totalConnections = totalCommands = rejectedConnections = 0;
        netInputBytes = netOutputBytes = totalErrorReplies = unexpectedErrorReplies = 0;
        netReplInputBytes = netReplOutputBytes = 0;
        errorCodes.clear();
        memoryPeak = 0;
    }

    /** Counts an error reply given as text ("ERR syntax error"). */
    public void errorReply(String message) {
        totalErrorReplies++;
        int sp = message.indexOf(' ');
        countCode(sp < 0 ? message : message.substring(0, sp));
    }

    /** Counts the error reply written in {@code out} at {@code at} (which holds '-'). */
    public void errorReply(RespWriter out, int at) {
        totalErrorReplies++;
        int end = at + 1;
        int size = out.size();
        while (end < size && end - at <= 64) {
            byte b = out.byteAt(end);
            if (b == ' ' || b == '\r') break;
            end++;
        }
        byte[] code = new byte[end - at - 1];
        for (int i = 0; i < code.length; i++) code[i] = out.byteAt(at + 1 + i);
        countCode(new String(code, StandardCharsets.UTF_8));
    }

    private void countCode(String code) {
        Long n = errorCodes.get(code);
        if (n != null) errorCodes.put(code, n + 1);
        else if (errorCodes.size() < ERRORSTATS_LIMIT) errorCodes.put(code, 1L);
    }

    /** One sampling step (cron, at most every 100 ms). */
    public void sample(long nowMs) {
        opsPerSec.track(totalCommands, nowMs);
        inputBytesPerSec.track(netInputBytes + netReplInputBytes, nowMs);
        outputBytesPerSec.track(netOutputBytes + netReplOutputBytes, nowMs);
        replInputBytesPerSec.track(netReplInputBytes, nowMs);
        replOutputBytesPerSec.track(netReplOutputBytes, nowMs);
    }

    public long instantaneousOps() {
        return opsPerSec.value();
    }

    /** Redis's STATS_METRIC_SAMPLES ring of per-second rates. */
    public static final class Metric {
        private static final int SAMPLES = 16;
        private final long[] samples = new long[SAMPLES];
        private int idx;
        private long lastTime = -1;
        private long lastReading;

        void track(long current, long nowMs) {
            if (lastTime >= 0) {
                long t = nowMs - lastTime;
                long ops = current - lastReading;
                samples[idx] = t > 0 ? ops * 1000 / t : 0;
                idx = (idx + 1) % SAMPLES;
            }
            lastTime = nowMs;
            lastReading = current;
        }

        public long value() {
            long sum = 0;
            for (long s : samples) sum += s;
            return sum / SAMPLES;
        }
    }
}
