package vigil.server.types;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vigil.server.support.Differential;
import vigil.server.support.RedisProcess;
import vigil.server.support.TestNode;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every collection command (and the string commands) run against a key of each other type,
 * on Vigil and on Redis 7.0: the same WRONGTYPE error (or, where Redis accepts the other type,
 * as ZUNIONSTORE does with sets, the same result), the keys untouched, and the same dataset
 * digest at the end. K is the key of the other type, D a scratch destination, S/L/Z sources.
 */
class CrossTypeWrongTypeTest {
    static TestNode node;
    static RedisProcess redis;

    static final Map<String, String[]> KEYS = new LinkedHashMap<>();

    static {
        KEYS.put("string", new String[]{"SET", "k:string", "text"});
        KEYS.put("list", new String[]{"RPUSH", "k:list", "a", "b", "m"});
        KEYS.put("hash", new String[]{"HSET", "k:hash", "f", "v", "m", "1"});
        KEYS.put("set", new String[]{"SADD", "k:set", "m", "n", "7"});
        KEYS.put("zset", new String[]{"ZADD", "k:zset", "1", "m", "2", "n"});
    }

    static final Map<String, String[]> COMMANDS = new LinkedHashMap<>();

    static {
        COMMANDS.put("list", new String[]{
            "LPUSH K x", "RPUSH K x", "LPUSHX K x", "RPUSHX K x", "LINSERT K BEFORE a x", "LLEN K", "LINDEX K 0",
            "LSET K 0 x", "LRANGE K 0 -1", "LTRIM K 0 -1", "LREM K 0 a", "LPOS K a", "LPOP K", "RPOP K", "LPOP K 2",
            "LMOVE K D left left", "LMOVE L K left right", "RPOPLPUSH K D", "RPOPLPUSH L K", "LMPOP 1 K left",
            "LMPOP 2 nokey K right COUNT 2", "BLPOP K 0.01", "BRPOP nokey K 0.01", "BLMOVE K D left left 0.01",
            "BLMOVE L K left left 0.01", "BRPOPLPUSH K D 0.01", "BLMPOP 0.01 1 K left"});
        COMMANDS.put("hash", new String[]{
            "HSET K f v", "HSETNX K f v", "HMSET K f v", "HGET K f", "HMGET K f g", "HDEL K f", "HLEN K", "HSTRLEN K f",
            "HEXISTS K f", "HINCRBY K f 1", "HINCRBYFLOAT K f 1.5", "HKEYS K", "HVALS K", "HGETALL K", "HRANDFIELD K",
            "HRANDFIELD K 2 WITHVALUES", "HSCAN K 0"});
        COMMANDS.put("set", new String[]{
            "SADD K m", "SREM K m", "SMOVE K D m", "SMOVE S K m", "SISMEMBER K m", "SMISMEMBER K m n", "SCARD K", "SPOP K",
            "SPOP K 2", "SRANDMEMBER K", "SRANDMEMBER K -2", "SMEMBERS K", "SINTER K S", "SINTER S K", "SINTERCARD 2 S K",
            "SINTERSTORE D K", "SUNION S K", "SUNIONSTORE D S K", "SDIFF K S", "SDIFF S K", "SDIFFSTORE D K", "SSCAN K 0"});
        COMMANDS.put("zset", new String[]{
            "ZADD K 1 m", "ZADD K XX 1 m", "ZINCRBY K 1 m", "ZREM K m", "ZCARD K", "ZCOUNT K 0 1", "ZLEXCOUNT K - +",
            "ZSCORE K m", "ZMSCORE K m n", "ZRANK K m", "ZREVRANK K m", "ZRANGE K 0 -1", "ZRANGE K 0 1 BYSCORE",
            "ZRANGESTORE D K 0 -1", "ZREVRANGE K 0 -1", "ZRANGEBYSCORE K 0 1",
            "ZREVRANGEBYSCORE K 1 0", "ZRANGEBYLEX K - +", "ZREVRANGEBYLEX K + -", "ZREMRANGEBYRANK K 0 0",
            "ZREMRANGEBYSCORE K 0 1", "ZREMRANGEBYLEX K - +", "ZPOPMIN K", "ZPOPMAX K 2", "ZMPOP 1 K MIN",
            "BZPOPMIN K 0.01", "BZPOPMAX nokey K 0.01", "BZMPOP 0.01 1 K MIN", "ZRANDMEMBER K", "ZRANDMEMBER K 2 WITHSCORES",
            "ZUNION 2 Z K", "ZINTER 2 K Z", "ZDIFF 2 Z K", "ZUNIONSTORE D 2 Z K", "ZINTERSTORE D 1 K", "ZDIFFSTORE D 1 K",
            "ZINTERCARD 2 Z K", "ZSCAN K 0"});
        COMMANDS.put("any", new String[]{"SORT K", "SORT_RO K ALPHA", "SORT K BY nosort STORE D"});
        COMMANDS.put("string", new String[]{
            "GET K", "APPEND K x", "STRLEN K", "INCR K", "DECRBY K 2", "INCRBYFLOAT K 1", "GETRANGE K 0 1",
            "SETRANGE K 0 x", "GETDEL K", "GETEX K PERSIST", "GETSET K x", "MGET K"});
    }

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start();
        if (RedisProcess.available()) redis = RedisProcess.start("--enable-debug-command", "yes");
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
        if (redis != null) redis.close();
    }

    @Test
    void everyCommandOnAKeyOfAnotherTypeAnswersAsRedis() throws Exception {
        RedisProcess.assumeAvailable();
        try (Differential d = new Differential(node.raw(), redis.raw())) {
            d.check("FLUSHALL");
            for (String[] create : KEYS.values()) d.check(create);
            for (Map.Entry<String, String[]> group : COMMANDS.entrySet()) {
                for (String template : group.getValue()) {
                    for (Map.Entry<String, String[]> key : KEYS.entrySet()) {
                        if (key.getKey().equals(group.getKey())) continue;
                        d.check("DEL", "D");
                        d.check("RPUSH", "L", "l1", "l2");
                        d.check("SADD", "S", "m", "s1");
                        d.check("ZADD", "Z", "1", "m", "2", "z1");
                        String[] argv = template.split(" ");
                        for (int i = 0; i < argv.length; i++) if (argv[i].equals("K")) argv[i] = key.getValue()[1];
                        d.check(argv);
                        d.check("TYPE", "D");
                        d.check("DEBUG", "DIGEST-VALUE", key.getValue()[1]);
                    }
                }
            }
            d.check("DEBUG", "DIGEST");
            org.junit.jupiter.api.Assertions.assertTrue(d.count() > 1000, "commands compared: " + d.count());
        }
    }
}
