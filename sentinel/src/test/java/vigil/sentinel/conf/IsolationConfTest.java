package vigil.sentinel.conf;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vigil.config.ConfError;
import vigil.sentinel.core.SentinelBrain;
import vigil.sentinel.core.SentinelSettings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code sentinel isolation-step-down <master> yes|no}: read, written by the rewrite only when off, bad values refused. */
class IsolationConfTest {
    @TempDir
    Path dir;

    @Test
    void offSurvivesARestartAndOnIsTheDefault() throws Exception {
        Path f = dir.resolve("s.conf");
        Files.writeString(f, "port 26379\nsentinel monitor m 127.0.0.1 6379 2\n");
        SentinelBrain b = new SentinelBrain(new SentinelSettings());
        SentinelConf c = SentinelConf.load(f.toString(), List.of(), b, 0);
        b.ensureMyId();
        assertTrue(b.masters.get("m").isolationStepDown);
        SentinelConf.rewrite(f, c, b);
        assertFalse(Files.readString(f).contains("isolation-step-down"), "the default writes no line");

        b.masters.get("m").isolationStepDown = false;
        SentinelConf.rewrite(f, c, b);
        assertTrue(Files.readString(f).contains("\nsentinel isolation-step-down m no\n"), Files.readString(f));
        SentinelBrain again = new SentinelBrain(new SentinelSettings());
        SentinelConf.load(f.toString(), List.of(), again, 0);
        assertFalse(again.masters.get("m").isolationStepDown);
    }

    @Test
    void aBadValueNamesTheFileAndLine() throws Exception {
        Path f = dir.resolve("bad.conf");
        Files.writeString(f, "port 26379\nsentinel monitor m 127.0.0.1 6379 2\nsentinel isolation-step-down m maybe\n");
        ConfError e = assertThrows(ConfError.class,
                () -> SentinelConf.load(f.toString(), List.of(), new SentinelBrain(new SentinelSettings()), 0));
        assertTrue(e.getMessage().contains("bad.conf:3:") && e.getMessage().contains("yes or no"), e.getMessage());
    }
}
