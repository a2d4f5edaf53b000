package vigil.server.types.set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;
import vigil.server.support.TestNode;
import vigil.server.types.support.RecordingFeed;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What set writes propagate, how sets are encoded, and behaviour seen through Jedis. */
class SetPropagationAndEncodingTest {
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

    private static SetValue value(String key) throws Exception {
        return (SetValue) node.node.onLoop(() -> node.node.server().keyspace.db(0).get(key.getBytes()));
    }

    @Test
    void spopPropagatesAsSremOrDel() throws Exception {
        j.sadd("p1", "a", "b", "c", "d", "e");
        feed.take();
        String one = j.spop("p1");
        assertEquals(List.of("SREM p1 " + one), feed.take());
        Set<String> two = j.spop("p1", 2);
        List<String> ops = feed.take();
        assertEquals(4, ops.size(), ops.toString());
        assertEquals("MULTI", ops.get(0));
        assertEquals("EXEC", ops.get(3));
        Set<String> removed = new HashSet<>();
        for (String op : ops.subList(1, 3)) {
            assertTrue(op.startsWith("SREM p1 "), op);
            removed.add(op.substring("SREM p1 ".length()));
        }
        assertEquals(two, removed);
        j.spop("p1", 1);
        assertEquals(1, feed.take().size());
        j.spop("p1", 10);
        assertEquals(List.of("DEL p1"), feed.take());
        assertEquals(0, j.scard("p1"));
        j.spop("p1", 10);
        j.spop("p1");
        j.srandmember("p1", 3);
        assertEquals(List.of(), feed.take());
    }

    @Test
    void writesPropagateAsIsAndNoOpsDoNot() throws Exception {
        j.sadd("w1", "1", "2");
        j.sadd("w1", "1");
        j.srem("w1", "9");
        j.smove("w1", "w2", "9");
        j.sinterstore("w3", "w1", "w1");
        j.sinterstore("w4", "w1", "nokey");
        j.srandmember("w1");
        j.sinter("w1");
        assertEquals(List.of("SADD w1 1 2", "SINTERSTORE w3 w1 w1"), feed.take());
        j.sdiffstore("w3", "nokey");
        j.smove("w1", "w2", "1");
        assertEquals(List.of("SDIFFSTORE w3 nokey", "SMOVE w1 w2 1"), feed.take());
    }

    @Test
    void integerSetsStayIntsetUpTo512Members() throws Exception {
        List<String> members = new ArrayList<>();
        for (int i = 0; i < 512; i++) members.add(Integer.toString(i * 3 - 700));
        j.sadd("e1", members.toArray(new String[0]));
        assertEquals("intset", value("e1").encoding());
        assertEquals(512, j.scard("e1"));
        j.sadd("e1", "100000");
        assertEquals("hashtable", value("e1").encoding());
        assertTrue(j.sismember("e1", "-700"));
        j.sadd("e2", "1", "2");
        j.sadd("e2", "x");
        assertEquals("hashtable", value("e2").encoding());
        j.srem("e2", "x");
        assertEquals("hashtable", value("e2").encoding(), "no conversion back, as Redis");
        j.sadd("e3", "01");
        assertEquals("hashtable", value("e3").encoding(), "a non-canonical integer is a string");
        j.sadd("e4", "9223372036854775807", "-9223372036854775808");
        assertEquals("intset", value("e4").encoding());
        j.sunionstore("e5", "e2");
        assertEquals("intset", value("e5").encoding(), "store results start as intsets");
    }

    @Test
    void emptiedSetsAreDeletedAndWrongTypeIsReported() {
        j.sadd("d1", "a");
        j.srem("d1", "a");
        assertFalse(j.sismember("d1", "a"));
        assertEquals(0, j.scard("d1"));
        j.set("d2", "string");
        JedisDataException e = assertThrows(JedisDataException.class, () -> j.sadd("d2", "a"));
        assertEquals("WRONGTYPE Operation against a key holding the wrong kind of value", e.getMessage());
        assertEquals("string", j.get("d2"));
    }

    @Test
    void sscanVisitsEveryMemberOfALargeSet() {
        Set<String> all = new HashSet<>();
        for (int i = 0; i < 2000; i++) all.add("member:" + i);
        j.sadd("big", all.toArray(new String[0]));
        Set<String> seen = new HashSet<>();
        String cursor = "0";
        int rounds = 0;
        do {
            var r = j.sscan("big", cursor, new redis.clients.jedis.params.ScanParams().count(50));
            seen.addAll(r.getResult());
            cursor = r.getCursor();
            rounds++;
        } while (!cursor.equals("0"));
        assertEquals(all, seen);
        assertTrue(rounds > 10, "scanned in steps: " + rounds);
        var matched = j.sscan("big", "0", new redis.clients.jedis.params.ScanParams().match("member:1999").count(5000));
        assertEquals(List.of("member:1999"), matched.getResult());
    }

    @Test
    void srandmemberAndSpopReturnDistinctMembersOfTheRightCount() {
        for (int i = 0; i < 300; i++) j.sadd("rr", "m" + i);
        List<String> distinct = j.srandmember("rr", 50);
        assertEquals(50, new HashSet<>(distinct).size());
        List<String> repeated = j.srandmember("rr", -400);
        assertEquals(400, repeated.size());
        Set<String> popped = j.spop("rr", 280);
        assertEquals(280, popped.size());
        assertEquals(20, j.scard("rr"));
        for (String m : popped) assertFalse(j.sismember("rr", m));
    }
}
