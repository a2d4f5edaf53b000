package vigil.server.types.zset;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.resps.Tuple;
import vigil.client.BlockingClient;
import vigil.server.support.TestNode;
import vigil.server.types.support.RecordingFeed;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** What sorted set writes propagate, how sorted sets are encoded, and large-set behaviour through Jedis. */
class ZSetPropagationAndEncodingTest {
    static TestNode node;
    static RecordingFeed feed;
    static Jedis j;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start();
        feed = RecordingFeed.install(node);
        j = node.jedis();
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    private static String encoding(String key) throws Exception {
        Object v = node.node.onLoop(() -> node.node.server().keyspace.db(0).get(key.getBytes()));
        return v == null ? null : ((ZSetValue) v).encoding();
    }

    @Test
    void popsPropagateAsZpopWithTheCountPopped() throws Exception {
        BlockingClient c = node.raw();
        c.call("zadd", "p", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e");
        feed.take();
        c.call("zmpop", "1", "p", "min", "count", "2");
        c.call("bzpopmax", "nokey", "p", "0");
        c.call("bzmpop", "0", "1", "p", "max", "count", "10");
        c.call("zadd", "p", "1", "a", "2", "b");
        c.call("bzpopmin", "p", "1");
        c.call("zpopmax", "p", "5");
        assertEquals(List.of("ZPOPMIN p 2", "ZPOPMAX p", "ZPOPMAX p 2", "zadd p 1 a 2 b", "ZPOPMIN p", "zpopmax p 5"), feed.take());
        c.call("zpopmin", "p", "0");
        c.call("zpopmin", "nokey");
        c.call("zmpop", "1", "nokey", "min");
        c.call("zrandmember", "p", "3");
        assertEquals(List.of(), feed.take());
    }

    @Test
    void writesPropagateAsIsOnlyWhenTheyChangeData() throws Exception {
        BlockingClient c = node.raw();
        c.call("zadd", "w", "incr", "1.5", "a");
        c.call("zadd", "w", "nx", "5", "a");
        c.call("zadd", "w", "gt", "1", "a");
        c.call("zincrby", "w", "1", "a");
        c.call("zrem", "w", "nope");
        c.call("zremrangebyscore", "w", "100", "200");
        c.call("zunionstore", "w2", "1", "nokey");
        c.call("zrangestore", "w3", "w", "0", "-1");
        c.call("zremrangebyrank", "w", "0", "0");
        assertEquals(List.of("zadd w incr 1.5 a", "zincrby w 1 a", "zrangestore w3 w 0 -1", "zremrangebyrank w 0 0"), feed.take());
    }

    @Test
    void listpackHoldsUpTo128ShortMembers() throws Exception {
        List<String> args = new ArrayList<>();
        for (int i = 0; i < 128; i++) {
            args.add(Integer.toString(i));
            args.add("m" + i);
        }
        BlockingClient c = node.raw();
        List<String> cmd = new ArrayList<>(List.of("zadd", "e1"));
        cmd.addAll(args);
        c.call(cmd.toArray(new String[0]));
        assertEquals("listpack", encoding("e1"));
        j.zadd("e1", 1000, "one-more");
        assertEquals("skiplist", encoding("e1"));
        j.zremrangeByRank("e1", 0, 100);
        assertEquals("skiplist", encoding("e1"), "no conversion back on delete, as Redis");
        j.zunionstore("e1copy", "e1");
        assertEquals("listpack", encoding("e1copy"), "stored results shrink to a listpack when they fit");
        j.zadd("e2", 1, "x".repeat(64));
        assertEquals("listpack", encoding("e2"));
        j.zadd("e2", 2, "y".repeat(65));
        assertEquals("skiplist", encoding("e2"));
        j.zadd("e3", 1, "z".repeat(65));
        assertEquals("skiplist", encoding("e3"), "a long first member creates a skiplist");
        List<String> same = new ArrayList<>(List.of("zadd", "e4"));
        for (int i = 0; i < 200; i++) {
            same.add(Integer.toString(i));
            same.add("same");
        }
        c.call(same.toArray(new String[0]));
        assertEquals("listpack", encoding("e4"));
        assertEquals(199.0, j.zscore("e4", "same"));
    }

    @Test
    void largeSortedSetAnswersRanksAndRangesLikeAModel() throws Exception {
        Random r = new Random(7);
        Map<String, Double> model = new HashMap<>();
        for (int i = 0; i < 3000; i++) {
            String m = "k" + r.nextInt(2000);
            double s = r.nextInt(500) / 4.0;
            j.zadd("big", s, m);
            model.put(m, s);
            if (i % 7 == 0) {
                String gone = "k" + r.nextInt(2000);
                j.zrem("big", gone);
                model.remove(gone);
            }
        }
        assertEquals("skiplist", encoding("big"));
        List<Map.Entry<String, Double>> sorted = new ArrayList<>(model.entrySet());
        sorted.sort((a, b) -> a.getValue().equals(b.getValue()) ? a.getKey().compareTo(b.getKey()) : Double.compare(a.getValue(), b.getValue()));
        assertEquals(sorted.size(), j.zcard("big"));
        for (int i = 0; i < sorted.size(); i += 97) {
            assertEquals(i, j.zrank("big", sorted.get(i).getKey()));
            assertEquals(sorted.size() - 1 - i, j.zrevrank("big", sorted.get(i).getKey()));
        }
        List<Tuple> window = j.zrangeWithScores("big", 1000, 1009);
        for (int i = 0; i < 10; i++) {
            assertEquals(sorted.get(1000 + i).getKey(), window.get(i).getElement());
            assertEquals(sorted.get(1000 + i).getValue(), window.get(i).getScore());
        }
        long inRange = sorted.stream().filter(e -> e.getValue() > 10 && e.getValue() <= 50).count();
        assertEquals(inRange, j.zcount("big", "(10", "50"));
        assertNull(j.zrank("big", "absent"));
        Map<String, Double> scanned = new HashMap<>();
        String cursor = "0";
        do {
            var page = j.zscan("big", cursor, new redis.clients.jedis.params.ScanParams().count(100));
            for (Tuple t : page.getResult()) scanned.put(t.getElement(), t.getScore());
            cursor = page.getCursor();
        } while (!cursor.equals("0"));
        assertEquals(model, scanned);
    }
}
