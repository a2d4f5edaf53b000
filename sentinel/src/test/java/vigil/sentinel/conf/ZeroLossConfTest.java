package vigil.sentinel.conf;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vigil.config.ConfError;
import vigil.sentinel.core.MasterState;
import vigil.sentinel.core.SentinelBrain;
import vigil.sentinel.core.SentinelSettings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code sentinel known-min-replicas-ack <master> <n> [<join-delay-ms>]}: written by the rewrite, read back on restart. */
class ZeroLossConfTest {
    @TempDir
    Path dir;

    private static SentinelBrain brain() {
        return new SentinelBrain(new SentinelSettings());
    }

    @Test
    void theModeSurvivesARestart() throws Exception {
        Path f = dir.resolve("s.conf");
        Files.writeString(f, "port 26379\nsentinel monitor m 127.0.0.1 6379 2\n");
        SentinelBrain b = brain();
        SentinelConf c = SentinelConf.load(f.toString(), List.of(), b, 0);
        b.ensureMyId();
        SentinelConf.rewrite(f, c, b);
        assertFalse(Files.readString(f).contains("known-min-replicas-ack"), "default mode writes no line");

        MasterState m = b.masters.get("m");
        m.minReplicasAck = 2;
        SentinelConf.rewrite(f, c, b);
        assertTrue(Files.readString(f).contains("\nsentinel known-min-replicas-ack m 2\n"), Files.readString(f));
        m.minReplicasAckJoinDelay = 30_000;
        SentinelConf.rewrite(f, c, b);
        String written = Files.readString(f);
        assertTrue(written.contains("\nsentinel known-min-replicas-ack m 2 30000\n"), written);
        assertEquals(1, written.split("known-min-replicas-ack", -1).length - 1, written);

        SentinelBrain again = brain();
        SentinelConf c2 = SentinelConf.load(f.toString(), List.of(), again, 0);
        MasterState m2 = again.masters.get("m");
        assertEquals(2, m2.minReplicasAck);
        assertEquals(30_000, m2.minReplicasAckJoinDelay);
        SentinelConf.rewrite(f, c2, again);
        assertTrue(Files.readString(f).contains("\nsentinel known-min-replicas-ack m 2 30000\n"), Files.readString(f));

        m2.minReplicasAck = 0; // the master's INFO said 0: the line goes
        m2.minReplicasAckJoinDelay = 0;
        SentinelConf.rewrite(f, c2, again);
        assertFalse(Files.readString(f).contains("known-min-replicas-ack"), Files.readString(f));
    }

    @Test
    void badLinesAreFatal() throws Exception {
        for (String bad : List.of("sentinel known-min-replicas-ack m -1", "sentinel known-min-replicas-ack nope 1",
                "sentinel known-min-replicas-ack m", "sentinel known-min-replicas-ack m 1 2 3")) {
            Path f = dir.resolve("bad.conf");
            Files.writeString(f, "sentinel monitor m 127.0.0.1 6379 2\n" + bad + "\n");
            ConfError e = assertThrows(ConfError.class, () -> SentinelConf.load(f.toString(), List.of(), brain(), 0), bad);
            assertEquals(2, e.line().lineNumber(), bad);
        }
    }
}
