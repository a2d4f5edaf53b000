package vigil.server;

import org.junit.jupiter.api.Test;
import vigil.client.BlockingClient;
import vigil.config.ConfFile;
import vigil.server.config.ServerConfig;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A node started with its own clock: a test advances time instead of sleeping. */
class NodeClockTest {
    @Test
    void keysExpireWhenTheGivenClockPassesTheirTtl() throws Exception {
        AtomicLong clock = new AtomicLong(1_700_000_000_000L);
        ServerConfig config = new ServerConfig();
        config.load(ConfFile.parse("test", "port 0\nbind 127.0.0.1\nsave \"\"\n"));
        try (Node node = Node.start(config, clock::get);
             BlockingClient c = new BlockingClient("127.0.0.1", node.port(), 10_000)) {
            c.call("SET", "k", "v", "PX", "60000");
            assertEquals("v", c.call("GET", "k").asString());
            clock.addAndGet(59_000);
            assertEquals(1L, ((vigil.resp.RespValue.Int) c.call("EXISTS", "k")).value());
            clock.addAndGet(2_000);
            assertEquals(null, c.call("GET", "k").asString());
        }
    }
}
