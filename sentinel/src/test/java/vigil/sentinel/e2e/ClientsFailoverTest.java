package vigil.sentinel.e2e;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.RedisRole;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Command;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisSentinelPool;
import vigil.client.BlockingClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vigil.sentinel.e2e.HaCluster.awaitReplicaOf;
import static vigil.sentinel.e2e.HaCluster.awaitTrue;

/**
 * The main job end to end: 3 nodes + 3 sentinels as processes, kill -9 of the master while
 * Jedis (JedisSentinelPool), Lettuce (sentinel RedisURI) and the Vert.x Redis client (SENTINEL
 * mode) write. The sentinels agree on one new master, every client carries on writing to it, the
 * other replica and the restarted old master replicate from it.
 *
 * <p>Runs Vigil sentinels over Vigil nodes; {@code -De2e.nodes=REDIS} / {@code -De2e.sentinels=REDIS}
 * swap in Redis 7.0's binaries (the same test then checks the harness and the clients against the reference).
 */
class ClientsFailoverTest {
    static final HaCluster.Kind NODES = HaCluster.Kind.valueOf(System.getProperty("e2e.nodes", "VIGIL"));
    static final HaCluster.Kind SENTINELS = HaCluster.Kind.valueOf(System.getProperty("e2e.sentinels", "VIGIL"));

    /** One client's write loop: SET <prefix><n> n, remembering what was acknowledged. */
    abstract static class Writer implements Runnable {
        final String prefix;
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicLong acked = new AtomicLong();
        final Set<Long> ackedValues = ConcurrentHashMap.newKeySet();
        volatile Throwable lastError;
        Thread thread;

        Writer(String prefix) {
            this.prefix = prefix;
        }

        abstract void set(String key, String value) throws Exception;

        @Override
        public void run() {
            long n = 0;
            while (!stop.get()) {
                n++;
                try {
                    set(prefix + n, Long.toString(n));
                    ackedValues.add(n);
                    acked.incrementAndGet();
                } catch (Throwable t) {
                    lastError = t;
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }

        void start() {
            thread = new Thread(this, "writer-" + prefix);
            thread.setDaemon(true);
            thread.start();
        }

        void stopAndJoin() throws InterruptedException {
            stop.set(true);
            thread.join(10_000);
        }
    }

    @Test
    void killNineOfTheMasterUnderWriteLoadAllClientsCarryOn() throws Exception {
        try (HaCluster ha = HaCluster.start(NODES, SENTINELS, 3, 3, 1000)) {
            String oldMaster = ha.master().addr();
            awaitTrue("sentinels know both replicas and each other", 30_000, () -> {
                for (HaCluster.Proc s : ha.sentinels) {
                    Map<String, String> m = masterFields(s);
                    if (!"2".equals(m.get("num-slaves")) || !"2".equals(m.get("num-other-sentinels"))) return false;
                }
                return true;
            });
            Set<String> sentinelAddrs = new java.util.LinkedHashSet<>();
            for (HaCluster.Proc s : ha.sentinels) sentinelAddrs.add(s.addr());

            // Jedis
            var poolConfig = new redis.clients.jedis.JedisPoolConfig();
            poolConfig.setMaxWait(Duration.ofSeconds(2));
            JedisSentinelPool pool = new JedisSentinelPool(HaCluster.MASTER_NAME, sentinelAddrs, poolConfig, 2000, null);
            Writer jedisWriter = new Writer("jedis:") {
                @Override
                void set(String key, String value) {
                    try (Jedis j = pool.getResource()) {
                        j.set(key, value);
                    }
                }
            };
            // Lettuce
            RedisURI.Builder ub = RedisURI.builder().withSentinelMasterId(HaCluster.MASTER_NAME)
                    .withTimeout(Duration.ofSeconds(2));
            for (HaCluster.Proc s : ha.sentinels) ub.withSentinel("127.0.0.1", s.port);
            RedisClient lettuce = RedisClient.create(ub.build());
            StatefulRedisConnection<String, String> lc = lettuce.connect();
            Writer lettuceWriter = new Writer("lettuce:") {
                @Override
                void set(String key, String value) {
                    lc.sync().set(key, value);
                }
            };
            // Vert.x Redis client, SENTINEL mode
            Vertx vertx = Vertx.vertx();
            RedisOptions vo = new RedisOptions().setType(RedisClientType.SENTINEL).setMasterName(HaCluster.MASTER_NAME)
                    .setRole(RedisRole.MASTER).setMaxPoolWaiting(1000);
            for (HaCluster.Proc s : ha.sentinels) vo.addConnectionString("redis://127.0.0.1:" + s.port);
            Redis vx = Redis.createClient(vertx, vo);
            Writer vertxWriter = new Writer("vertx:") {
                @Override
                void set(String key, String value) throws Exception {
                    vx.send(Request.cmd(Command.SET).arg(key).arg(value))
                            .toCompletionStage().toCompletableFuture().get(2, TimeUnit.SECONDS);
                }
            };
            List<Writer> writers = List.of(jedisWriter, lettuceWriter, vertxWriter);
            String newMaster;
            try {
                for (Writer w : writers) w.start();
                for (Writer w : writers) awaitTrue(w.prefix + " writes", 20_000, () -> w.acked.get() > 50);

                ha.master().kill9();
                newMaster = ha.awaitAgreedMasterOtherThan(oldMaster, 60_000);
                for (HaCluster.Proc s : ha.sentinels) assertEquals(newMaster, ha.masterAddrFrom(s));

                long[] before = new long[writers.size()];
                for (int i = 0; i < writers.size(); i++) before[i] = writers.get(i).acked.get();
                for (int i = 0; i < writers.size(); i++) {
                    Writer w = writers.get(i);
                    long b = before[i];
                    awaitTrue(w.prefix + " writes to the new master (last error: " + w.lastError + ")", 60_000,
                            () -> w.acked.get() > b + 50);
                }
                for (HaCluster.Proc n : ha.nodes) {
                    if (n != ha.master() && !n.addr().equals(newMaster)) awaitReplicaOf(n, newMaster, 60_000);
                }
                ha.master().start();
                awaitReplicaOf(ha.master(), newMaster, 60_000);
            } catch (AssertionError | Exception e) {
                throw new AssertionError(e.getMessage() + "\n" + ha.logs(), e);
            } finally {
                for (Writer w : writers) w.stopAndJoin();
                pool.close();
                lc.close();
                lettuce.shutdown();
                vx.close();
                vertx.close();
            }
            // The new master has every key each client wrote after the failover (sample: the last 20).
            try (BlockingClient c = ha.nodeAt(newMaster).client(5000)) {
                for (Writer w : writers) {
                    List<Long> values = new ArrayList<>(w.ackedValues);
                    values.sort(null);
                    for (Long v : values.subList(Math.max(0, values.size() - 20), values.size())) {
                        assertEquals(Long.toString(v), c.call("GET", w.prefix + v).asString(), w.prefix + v);
                    }
                }
            }
        }
    }

    static Map<String, String> masterFields(HaCluster.Proc sentinel) throws Exception {
        Map<String, String> m = new java.util.HashMap<>();
        try (BlockingClient c = sentinel.client(2000)) {
            var v = c.call("SENTINEL", "MASTER", HaCluster.MASTER_NAME);
            if (v instanceof vigil.resp.RespValue.Aggregate a) {
                for (int i = 0; i + 1 < a.items().size(); i += 2) m.put(a.items().get(i).asString(), a.items().get(i + 1).asString());
            }
        } catch (java.io.IOException e) {
            // not answering yet
        }
        assertTrue(m.isEmpty() || m.containsKey("name"));
        return m;
    }
}
