package vigil.server.replication;

import org.junit.jupiter.api.Test;
import vigil.client.BlockingClient;
import vigil.resp.RespValue;
import vigil.server.support.Differential;
import vigil.server.support.RedisProcess;
import vigil.server.support.TestNode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vigil.server.replication.ReplicaTestKit.*;

/** WAIT: counts replicas that acknowledged the caller's last write; errors as Redis 7.0. */
class WaitTest {

    private static long num(RespValue v) {
        return ((RespValue.Int) v).value();
    }

    @Test
    void waitReturnsOnceTheReplicaAcknowledgedTheLastWrite() throws Exception {
        try (TestNode master = TestNode.start(); TestNode replica = TestNode.start()) {
            BlockingClient m = master.raw(), r = replica.raw();
            r.call("REPLICAOF", "127.0.0.1", Integer.toString(master.port()));
            awaitInSync(m, r);
            for (int i = 0; i < 20; i++) {
                m.call("SET", "k" + i, "v" + i);
                assertEquals(1L, num(m.call("WAIT", "1", "0")));
                assertEquals("v" + i, r.call("GET", "k" + i).asString());
            }
            long start = System.nanoTime();
            assertEquals(1L, num(m.call("WAIT", "2", "200")));   // only one replica: times out with the count
            assertTrue(System.nanoTime() - start >= 150_000_000L);
            m.call("MULTI");
            m.call("WAIT", "5", "0");
            assertEquals(1L, num(((RespValue.Aggregate) m.call("EXEC")).items().get(0)));   // never blocks inside MULTI
            assertEquals("ERR WAIT cannot be used with replica instances. Please also note that since Redis 4.0 if a replica is configured to be writable (which is not the default) writes to replicas are just local and are not propagated.",
                    r.call("WAIT", "1", "0").asString());
        }
    }

    @Test
    void minReplicasToWriteRefusesWritesWithoutEnoughGoodReplicas() throws Exception {
        try (TestNode master = TestNode.start("min-replicas-to-write", "1", "min-replicas-max-lag", "10");
             TestNode replica = TestNode.start()) {
            BlockingClient m = master.raw(), r = replica.raw();
            assertEquals("NOREPLICAS Not enough good replicas to write.", m.call("SET", "a", "1").asString());
            assertEquals("OK", m.call("MULTI").asString());
            assertEquals("NOREPLICAS Not enough good replicas to write.", m.call("SET", "a", "1").asString());
            m.call("DISCARD");
            assertEquals(null, m.call("GET", "a").asString());   // reads are fine
            r.call("REPLICAOF", "127.0.0.1", Integer.toString(master.port()));
            awaitInSync(m, r);
            assertEquals("OK", m.call("SET", "a", "1").asString());
            m.call("CONFIG", "SET", "min-replicas-to-write", "2");
            assertEquals("NOREPLICAS Not enough good replicas to write.", m.call("SET", "a", "2").asString());
        }
    }

    @Test
    void minReplicasErrorMatchesRedis() throws Exception {
        try (TestNode node = TestNode.start("min-replicas-to-write", "1");
             RedisProcess redis = RedisProcess.start("--min-replicas-to-write", "1");
             Differential d = new Differential(node.raw(), redis.raw())) {
            d.check("SET", "a", "1");
            d.check("GET", "a");
            d.check("MULTI");
            d.check("INCR", "a");
            d.check("EXEC");
        }
    }

    @Test
    void waitRepliesLikeRedisWithoutReplicas() throws Exception {
        try (TestNode node = TestNode.start(); RedisProcess redis = RedisProcess.start();
             Differential d = new Differential(node.raw(), redis.raw())) {
            d.check("WAIT", "0", "0");
            d.check("WAIT", "0", "10");
            d.check("WAIT", "1", "10");
            d.check("WAIT", "a", "1");
            d.check("WAIT", "1", "a");
            d.check("WAIT", "1", "-1");
            d.check("WAIT", "1");
            d.check("REPLCONF");
            d.check("REPLCONF", "foo");
            d.check("REPLCONF", "foo", "bar");
            d.check("REPLCONF", "listening-port", "abc");
            d.check("REPLCONF", "listening-port", "7000", "capa", "eof", "capa", "psync2");
            d.check("REPLCONF", "ip-address", "1.2.3.4");
            d.check("PSYNC", "a");
            d.check("SYNC", "a");
        }
    }
}
