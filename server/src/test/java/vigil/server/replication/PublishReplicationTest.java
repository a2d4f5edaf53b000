package vigil.server.replication;

import org.junit.jupiter.api.Test;
import vigil.client.BlockingClient;
import vigil.server.support.RedisProcess;
import vigil.server.support.TestNode;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static vigil.server.replication.ReplicaTestKit.*;

/** PUBLISH and SPUBLISH on a master reach the subscribers of its replicas, as in Redis 7.0. */
class PublishReplicationTest {

    private static void expectMessage(BlockingClient sub, String kind, String channel, String message) throws Exception {
        assertEquals(List.of(kind, channel, message), strings(sub.read()));
    }

    private static void subscribe(BlockingClient sub) throws Exception {
        sub.send("SUBSCRIBE", "news");
        sub.read();
        sub.send("SSUBSCRIBE", "shard");
        sub.read();
    }

    @Test
    void subscriberOnVigilReplicaGetsMessagesPublishedOnTheMaster() throws Exception {
        try (TestNode m = TestNode.start(); TestNode r = TestNode.start(); BlockingClient sub = r.raw()) {
            BlockingClient cm = m.raw(), cr = r.raw();
            cr.call("REPLICAOF", "127.0.0.1", Integer.toString(m.port()));
            awaitInSync(cm, cr);
            subscribe(sub);
            assertEquals(0L, ((vigil.resp.RespValue.Int) cm.call("PUBLISH", "news", "hello")).value());   // no subscriber on the master
            cm.call("SPUBLISH", "shard", "hi");
            cm.call("MULTI");
            cm.call("SET", "k", "v");
            cm.call("PUBLISH", "news", "in-tx");
            cm.call("EXEC");
            expectMessage(sub, "message", "news", "hello");
            expectMessage(sub, "smessage", "shard", "hi");
            expectMessage(sub, "message", "news", "in-tx");
            awaitInSync(cm, cr);
            assertEquals("v", cr.call("GET", "k").asString());
        }
    }

    @Test
    void redisReplicaOfVigilGetsPublishedMessages() throws Exception {
        RedisProcess.assumeAvailable();
        try (TestNode m = TestNode.start(); RedisProcess redis = RedisProcess.start(); BlockingClient sub = redis.raw()) {
            BlockingClient cm = m.raw(), cr = redis.raw();
            cr.call("REPLICAOF", "127.0.0.1", Integer.toString(m.port()));
            awaitInSync(cm, cr);
            subscribe(sub);
            cm.call("PUBLISH", "news", "to-redis");
            cm.call("SPUBLISH", "shard", "shard-to-redis");
            expectMessage(sub, "message", "news", "to-redis");
            expectMessage(sub, "smessage", "shard", "shard-to-redis");
            awaitInSync(cm, cr);
        }
    }

    @Test
    void publishInTheStreamCountsLikeRedis() throws Exception {
        RedisProcess.assumeAvailable();
        try (TestNode m = TestNode.start("repl-ping-replica-period", "3600"); RedisProcess redis = RedisProcess.start()) {
            BlockingClient cm = m.raw(), cr = redis.raw();
            cr.call("REPLICAOF", "127.0.0.1", Integer.toString(m.port()));
            awaitInSync(cm, cr);
            long before = Long.parseLong(info(cm, "replication").get("master_repl_offset"));
            cm.call("PUBLISH", "news", "x");
            long after = Long.parseLong(info(cm, "replication").get("master_repl_offset"));
            // SELECT 0 (first command of the stream after the sync) + PUBLISH news x, RESP-encoded
            String select = "*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n", publish = "*3\r\n$7\r\nPUBLISH\r\n$4\r\nnews\r\n$1\r\nx\r\n";
            assertEquals(select.length() + publish.length(), after - before);
            awaitInSync(cm, cr);
        }
    }
}
