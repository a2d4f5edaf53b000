package vigil.server.types.sort;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vigil.server.support.Differential;
import vigil.server.types.support.Pair;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * SORT and SORT_RO over lists, sets and sorted sets against Redis 7.0, with BY / GET patterns
 * reading strings and hash fields (key->field) and STORE writing a list.
 */
class SortDifferentialTest {
    static Pair pair;
    static Differential d;

    @BeforeAll
    static void start() throws Exception {
        pair = Pair.start();
        d = pair.diff;
        d.check("sadd", "s", "3", "1", "2", "10", "-5");
        d.check("sadd", "t", "b", "a", "c", "10", "9");
        d.check("zadd", "z", "3", "c", "1", "a", "2", "b", "0", "d");
        d.check("zadd", "zn", "1", "30", "2", "4", "3", "100");
        d.check("set", "w_1", "5");
        d.check("set", "w_2", "-1");
        d.check("set", "w_3", "2.5");
        d.check("set", "w_10", "2.5");
        d.check("set", "o_a", "x");
        d.check("set", "o_b", "a");
        d.check("set", "o_c", "m");
        d.check("set", "o_10", "z");
        d.check("set", "o_9", "k");
        d.check("set", "str", "v");
        d.check("rpush", "l", "3", "1", "2", "10", "-5", "2");
        d.check("rpush", "la", "b", "a", "c", "10", "9", "a");
        d.check("hset", "hw_1", "f", "5", "name", "one");
        d.check("hset", "hw_2", "f", "-1", "name", "two");
        d.check("hset", "hw_3", "f", "2.5", "name", "three");
        d.check("hset", "hw_10", "f", "2.5");
        d.check("hset", "ho_a", "g", "x");
        d.check("hset", "ho_b", "g", "a");
        d.check("hset", "ho_c", "g", "m");
    }

    @AfterAll
    static void stop() throws Exception {
        if (pair != null) pair.close();
    }

    @Test
    void numericAlphaDescAndLimit() throws Exception {
        for (String src : new String[]{"s", "zn"}) {
            d.check("sort", src);
            d.check("sort", src, "desc");
            d.check("sort", src, "limit", "1", "2");
            d.check("sort", src, "desc", "limit", "0", "1");
            d.check("sort", src, "limit", "-1", "2");
            d.check("sort", src, "limit", "10", "2");
            d.check("sort", src, "limit", "0", "-5");
            d.check("sort", src, "limit", "2", "0");
            d.check("sort", src, "alpha");
            d.check("sort_ro", src, "alpha", "desc", "limit", "1", "10");
            d.check("sort", src, "asc", "desc", "asc");
        }
        d.check("sort", "t");
        d.check("sort", "t", "alpha");
        d.check("sort", "t", "alpha", "desc", "limit", "1", "3");
        d.check("sort", "z", "alpha");
        d.check("sort", "z");
        d.check("sort", "nokey");
        d.check("sort", "nokey", "alpha", "limit", "0", "1");
    }

    /** Found by AllTypesDifferentialTest: strtod stops at the first NUL (SETRANGE pads with NULs). */
    @Test
    void weightsAreReadAsCStrings() throws Exception {
        d.check("sadd", "nul", "1", "2", "3");
        d.check("setrange", "nw_1", "3", "abc");
        d.check("setrange", "nw_2", "0", "7");
        d.check("setrange", "nw_2", "3", "x");
        d.check("set", "nw_3", "");
        d.check("sort", "nul", "by", "nw_*");
        d.check("sort", "nul", "by", "nw_*", "desc");
        d.check("sort", "nul", "by", "nw_*", "get", "#", "get", "nw_*");
    }

    @Test
    void byAndGetPatterns() throws Exception {
        d.check("sort", "s", "by", "w_*");
        d.check("sort", "s", "by", "w_*", "desc");
        d.check("sort", "s", "by", "w_*", "get", "#", "get", "w_*", "get", "nokey_*", "get", "fixed");
        d.check("sort", "t", "by", "o_*", "alpha", "limit", "0", "3");
        d.check("sort", "t", "by", "o_*");
        d.check("sort", "z", "by", "nosort");
        d.check("sort", "z", "by", "nosort", "desc");
        d.check("sort", "z", "by", "nosort", "desc", "limit", "1", "2");
        d.check("sort", "z", "by", "nosort", "limit", "1", "10", "get", "#", "get", "o_*");
        d.check("sort", "s", "by", "nosort");
        d.check("sort", "s", "get", "w_*->f");
        d.check("sort", "s", "get", "str->");
        d.check("sort_ro", "s", "by", "w_*", "get", "w_*");
        d.check("sort", "zn", "by", "w_*", "get", "#");
    }

    @Test
    void listsSortInPlaceOrderUnlessAsked() throws Exception {
        d.check("sort", "l");
        d.check("sort", "l", "desc", "limit", "1", "3");
        d.check("sort", "la", "alpha");
        d.check("sort", "la");
        d.check("sort", "l", "by", "nosort");
        d.check("sort", "la", "by", "nosort", "desc");
        d.check("sort", "l", "by", "nosort", "limit", "2", "2");
        d.check("sort_ro", "l", "by", "w_*", "get", "#", "get", "w_*");
        d.check("sort", "l", "store", "lsorted");
        d.check("lrange", "lsorted", "0", "-1");
        d.check("sort", "la", "alpha", "store", "la");
        d.check("lrange", "la", "0", "-1");
        d.check("sort", "l", "by", "nosort", "store", "lcopy");
        d.check("lrange", "lcopy", "0", "-1");
    }

    @Test
    void byAndGetReadHashFields() throws Exception {
        d.check("sort", "s", "by", "hw_*->f");
        d.check("sort", "s", "by", "hw_*->f", "desc", "get", "#", "get", "hw_*->name", "get", "hw_*->f");
        d.check("sort", "l", "by", "hw_*->f", "get", "hw_*->name", "get", "hw_*->nosuch", "get", "nokey_*->f");
        d.check("sort", "t", "by", "ho_*->g", "alpha", "get", "ho_*->g");
        d.check("sort", "t", "by", "ho_*->g");
        d.check("sort", "s", "by", "hw_*->name");
        d.check("sort", "s", "by", "hw_*->name", "alpha");
        d.check("sort", "z", "get", "w_*->f");
        d.check("sort", "s", "get", "hw_*->");
        d.check("sort", "s", "get", "hw_*");
        d.check("sort", "l", "by", "hw_*->f", "get", "hw_*->name", "store", "hs");
        d.check("lrange", "hs", "0", "-1");
    }

    @Test
    void errors() throws Exception {
        for (String[] cmd : new String[][]{{"sort", "str"}, {"sort", "s", "limit", "1", "x"}, {"sort", "s", "limit", "1"},
                {"sort", "s", "store"}, {"sort_ro", "s", "store", "d"}, {"sort", "s", "foo"}, {"sort", "s", "by"},
                {"sort", "s", "get"}, {"sort", "t"}, {"sort", "s", "by", "o_*"}, {"sort"}, {"sort_ro"},
                {"sort", "str", "limit", "x", "1"}}) {
            d.check(cmd);
        }
    }

    @Test
    void storeWritesAListAndCountsOutput() throws Exception {
        vigil.server.types.support.RecordingFeed feed = vigil.server.types.support.RecordingFeed.install(pair.node);
        d.check("sort", "s", "store", "dst1");
        d.check("sort", "t", "store", "dst2", "by", "nosort");
        d.check("sort", "z", "by", "nosort", "get", "#", "get", "o_*", "store", "dst3");
        d.check("sort", "nokey", "store", "dst3");
        d.check("sort", "s", "limit", "0", "0", "store", "dst4");
        for (String k : new String[]{"dst1", "dst2", "dst3", "dst4"}) {
            d.check("type", k);
            d.check("lrange", k, "0", "-1");
        }
        d.check("object", "encoding", "dst1");
        assertEquals(null, pair.value("dst3"));
        assertEquals(List.of("sort s store dst1", "sort t store dst2 by nosort",
                "sort z by nosort get # get o_* store dst3", "sort nokey store dst3"), feed.take());
        d.check("sort_ro", "s");
        assertEquals(List.of(), feed.take());
    }

    @Test
    void sortConvertsAListpackZsetToSkiplistAsRedisDoes() throws Exception {
        d.check("zadd", "zc", "1", "a");
        assertEquals("listpack", pair.encoding("zc"));
        d.check("sort_ro", "zc", "alpha");
        assertEquals("skiplist", pair.encoding("zc"));
    }
}
