package vigil.sentinel.runtime;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Scripts get exactly their arguments, a hung one is killed after the limit, a failing one is reported. */
class ScriptRunnerTest {
    private final Vertx vertx = Vertx.vertx();
    private final List<String> events = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        vertx.close().await();
    }

    private static Path script(Path dir, String name, String body) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    private static void await(String what, java.util.function.BooleanSupplier c) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (!c.getAsBoolean()) {
            assertTrue(System.currentTimeMillis() < deadline, "timed out waiting for " + what);
            Thread.sleep(10);
        }
    }

    @Test
    void argumentsArriveOneByOneAndAHungScriptIsKilled() throws Exception {
        Path dir = Files.createTempDirectory("scripts");
        Path out = dir.resolve("args");
        Path echo = script(dir, "echo.sh", "for a in \"$@\"; do echo \"[$a]\" >> " + out + "; done");
        Path hang = script(dir, "hang.sh", "sleep 30");
        Path fail = script(dir, "fail.sh", "exit 2");
        ScriptRunner r = new ScriptRunner(vertx, (type, msg) -> events.add(type + " " + msg), 300);
        vertx.runOnContext(v -> {
            r.run(List.of(echo.toString(), "mymaster", "leader", "start", "127.0.0.1", "6379", "127.0.0.1", "6380"));
            r.run(List.of(hang.toString(), "+sdown", "master mymaster 127.0.0.1 6379"));
            r.run(List.of(fail.toString(), "+odown", "master mymaster 127.0.0.1 6379 #quorum 2/2"));
        });
        await("the echo script's output", () -> Files.exists(out) && lines(out).size() == 7);
        assertEquals(List.of("[mymaster]", "[leader]", "[start]", "[127.0.0.1]", "[6379]", "[127.0.0.1]", "[6380]"), lines(out));
        await("timeout and error events", () -> events.size() == 2);
        assertTrue(events.contains("-script-timeout " + hang + " 0"), events.toString());
        assertTrue(events.contains("-script-error " + fail + " 2 0"), events.toString());
        await("no script left running", () -> r.running() == 0);
    }

    private static List<String> lines(Path p) {
        try {
            return Files.readAllLines(p);
        } catch (java.io.IOException e) {
            return List.of();
        }
    }
}
