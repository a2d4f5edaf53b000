package vigil.server.types.sort;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vigil.server.keyspace.CollectionValue;
import vigil.server.support.Differential;
import vigil.server.types.support.Pair;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * SORT and SORT_RO over sets and sorted sets against Redis 7.0. STORE needs a list value; until
 * the list package wires {@link SortHooks}, this test installs a minimal stand-in list.
 */
class SortDifferentialTest {
    static Pair pair;
    static Differential d;

    /** Stand-in for the list type: just the elements. */
    record StubList(List<byte[]> items) implements CollectionValue {
        public String typeName() {
            return "list";
        }

        public String encoding() {
            return "quicklist";
        }

        public long estimatedBytes() {
            return 0;
        }

        public int size() {
            return items.size();
        }

        public CollectionValue copy() {
            return new StubList(new ArrayList<>(items));
        }
    }

    @BeforeAll
    static void start() throws Exception {
        SortHooks.newList = StubList::new;
        SortHooks.listElements = v -> v instanceof StubList l ? l.items() : null;
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
    }

    @AfterAll
    static void stop() throws Exception {
        SortHooks.newList = null;
        SortHooks.listElements = v -> null;
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
        Object stored = pair.value("dst2");
        List<String> items = new ArrayList<>();
        for (byte[] b : ((StubList) stored).items()) items.add(new String(b));
        assertEquals(List.of("10", "9", "a", "b", "c"), items);
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
