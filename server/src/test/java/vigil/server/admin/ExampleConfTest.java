package vigil.server.admin;

import org.junit.jupiter.api.Test;
import vigil.config.ConfFile;
import vigil.server.config.ServerConfig;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** conf/node-6379.conf, the example the README starts with, loads with the current directive table. */
class ExampleConfTest {
    @Test
    void exampleNodeConfLoads() throws Exception {
        Path conf = Path.of("..", "conf", "node-6379.conf");
        assertTrue(conf.toFile().isFile(), "run from the server module: " + conf.toAbsolutePath());
        // Like redis-server, the node refuses a "dir" that does not exist; bin/vigil-server creates it.
        java.nio.file.Files.createDirectories(Path.of("run", "node-6379"));
        ServerConfig config = new ServerConfig();
        config.load(ConfFile.read(conf));
        assertEquals(6379, config.port);
        assertEquals(List.of("127.0.0.1", "-::1"), config.bind);
        assertEquals(Path.of("run", "node-6379").toAbsolutePath().normalize().toString(), config.dir);
        assertTrue(config.protectedMode);
    }
}
