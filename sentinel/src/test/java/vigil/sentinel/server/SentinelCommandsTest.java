package vigil.sentinel.server;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import vigil.client.BlockingClient;
import vigil.resp.RespValue;
import vigil.sentinel.core.Addr;
import vigil.sentinel.core.Flag;
import vigil.sentinel.core.MasterState;
import vigil.sentinel.core.PeerState;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the SENTINEL subcommands change and report, through a real socket to a sentinel with a real brain. */
class SentinelCommandsTest {
    static final String PEER1 = "1111111111111111111111111111111111111111";
    static final String PEER2 = "2222222222222222222222222222222222222222";
    TestSentinel s;

    @BeforeEach
    void start() throws Exception {
        s = TestSentinel.start("sentinel monitor mymaster 127.0.0.1 6379 2",
                "sentinel known-sentinel mymaster 127.0.0.1 26380 " + PEER1,
                "sentinel known-sentinel mymaster 127.0.0.1 26381 " + PEER2);
    }

    @AfterEach
    void stop() {
        s.close();
    }

    private MasterState master() {
        return s.brain.masters.get("mymaster");
    }

    private String conf() throws IOException {
        return Files.readString(s.confFile);
    }

    static List<String> strings(RespValue v) {
        return ((RespValue.Aggregate) v).items().stream().map(RespValue::asString).toList();
    }

    @Test
    void setChangesTheMasterPublishesSetEventsAndRewritesTheConf() throws Exception {
        try (BlockingClient sub = s.client(); BlockingClient c = s.client()) {
            sub.call("SUBSCRIBE", "+set");
            assertEquals("OK", c.call("SENTINEL", "SET", "mymaster", "quorum", "3", "down-after-milliseconds", "1234",
                    "auth-pass", "pw").asString());
            assertEquals(List.of("message", "+set", "master mymaster 127.0.0.1 6379 quorum 3"), strings(sub.read()));
            assertEquals(List.of("message", "+set", "master mymaster 127.0.0.1 6379 down-after-milliseconds 1234"),
                    strings(sub.read()));
            assertEquals(List.of("message", "+set", "master mymaster 127.0.0.1 6379 auth-pass ******"), strings(sub.read()));
            Map<String, String> m = SentinelDifferentialTest.fields(c.call("SENTINEL", "MASTER", "mymaster"));
            assertEquals("3", m.get("quorum"));
            assertEquals("1234", m.get("down-after-milliseconds"));
            Map<String, String> peer = SentinelDifferentialTest.fields(
                    ((RespValue.Aggregate) c.call("SENTINEL", "SENTINELS", "mymaster")).items().get(0));
            assertEquals("1234", peer.get("down-after-milliseconds"));
        }
        String conf = conf();
        assertTrue(conf.contains("sentinel monitor mymaster 127.0.0.1 6379 3\n"), conf);
        assertTrue(conf.contains("sentinel down-after-milliseconds mymaster 1234\n"), conf);
        assertTrue(conf.contains("sentinel auth-pass mymaster pw\n"), conf);
    }

    @Test
    void setKeepsTheChangesMadeBeforeABadOption() throws Exception {
        try (BlockingClient c = s.client()) {
            assertEquals("ERR Unknown option or number of arguments for SENTINEL SET 'foo'",
                    c.call("SENTINEL", "SET", "mymaster", "quorum", "5", "foo", "1").asString());
            assertEquals("PONG", c.call("PING").asString());   // exactly one reply was sent
        }
        assertEquals(5, master().quorum);
        assertTrue(conf().contains("sentinel monitor mymaster 127.0.0.1 6379 5\n"));
    }

    @Test
    void monitorAndRemoveChangeRolePublishAndPersist() throws Exception {
        try (BlockingClient sub = s.client(); BlockingClient c = s.client()) {
            sub.call("PSUBSCRIBE", "*monitor");
            assertEquals("OK", c.call("SENTINEL", "MONITOR", "other", "127.0.0.1", "7000", "1").asString());
            assertEquals(List.of("pmessage", "*monitor", "+monitor", "master other 127.0.0.1 7000 quorum 1"),
                    strings(sub.read()));
            assertEquals("[sentinel, [mymaster, other]]", c.call("ROLE").asString());
            assertEquals(List.of("127.0.0.1", "7000"), strings(c.call("SENTINEL", "GET-MASTER-ADDR-BY-NAME", "other")));
            assertTrue(conf().contains("sentinel monitor other 127.0.0.1 7000 1\n"));
            assertEquals("OK", c.call("SENTINEL", "REMOVE", "other").asString());
            assertEquals(List.of("pmessage", "*monitor", "-monitor", "master other 127.0.0.1 7000"), strings(sub.read()));
            assertEquals("[sentinel, [mymaster]]", c.call("ROLE").asString());
        }
        assertFalse(conf().contains("other"));
    }

    @Test
    void aVoteIsAnsweredAndPersistedOncePerEpoch() throws Exception {
        try (BlockingClient c = s.client()) {
            assertEquals("[0, " + PEER1 + ", 5]",
                    c.call("SENTINEL", "IS-MASTER-DOWN-BY-ADDR", "127.0.0.1", "6379", "5", PEER1).asString());
            assertEquals("[0, " + PEER1 + ", 5]",
                    c.call("SENTINEL", "IS-MASTER-DOWN-BY-ADDR", "127.0.0.1", "6379", "5", PEER2).asString());
            assertEquals("[0, *, 0]", c.call("SENTINEL", "IS-MASTER-DOWN-BY-ADDR", "10.0.0.9", "6379", "6", PEER2).asString());
        }
        String conf = conf();
        assertTrue(conf.contains("sentinel leader-epoch mymaster 5\n"), conf);
        assertTrue(conf.contains("sentinel current-epoch 6\n") || conf.contains("sentinel current-epoch 5\n"), conf);
    }

    @Test
    void isMasterDownReportsSubjectiveDown() throws Exception {
        s.onLoop(() -> master().flags.add(Flag.S_DOWN));
        try (BlockingClient c = s.client()) {
            assertEquals("[1, *, 0]", c.call("SENTINEL", "IS-MASTER-DOWN-BY-ADDR", "127.0.0.1", "6379", "0", "*").asString());
        }
    }

    @Test
    void failoverIsRefusedWithoutAReplicaOrWhileOneRuns() throws Exception {
        try (BlockingClient c = s.client()) {
            assertEquals("NOGOODSLAVE No suitable replica to promote", c.call("SENTINEL", "FAILOVER", "mymaster").asString());
            s.onLoop(() -> master().flags.add(Flag.FAILOVER_IN_PROGRESS));
            assertEquals("INPROG Failover already in progress", c.call("SENTINEL", "FAILOVER", "mymaster").asString());
        }
    }

    @Test
    void ckquorumCountsPeersThatAreNotDown() throws Exception {
        try (BlockingClient c = s.client()) {
            assertEquals("OK 3 usable Sentinels. Quorum and failover authorization can be reached",
                    c.call("SENTINEL", "CKQUORUM", "mymaster").asString());
            s.onLoop(() -> master().sentinels.values().forEach(p -> p.flags.add(Flag.S_DOWN)));
            assertEquals("NOQUORUM 1 usable Sentinels. Not enough available Sentinels to reach the specified quorum "
                            + "for this master. Not enough available Sentinels to reach the majority and authorize a failover",
                    c.call("SENTINEL", "CKQUORUM", "mymaster").asString());
        }
    }

    @Test
    void infoShowsMasterStatusAndSimulatedFailures() throws Exception {
        try (BlockingClient c = s.client()) {
            assertTrue(c.call("INFO", "sentinel").asString().contains(
                    "master0:name=mymaster,status=ok,address=127.0.0.1:6379,slaves=0,sentinels=3\r\n"));
            s.onLoop(() -> master().flags.add(Flag.S_DOWN));
            assertTrue(c.call("INFO", "sentinel").asString().contains("status=sdown"));
            s.onLoop(() -> master().flags.add(Flag.O_DOWN));
            assertTrue(c.call("INFO", "sentinel").asString().contains("status=odown"));
            assertEquals("s_down,o_down,master,disconnected",
                    SentinelDifferentialTest.fields(c.call("SENTINEL", "MASTER", "mymaster")).get("flags"));
            assertEquals("OK", c.call("SENTINEL", "SIMULATE-FAILURE", "crash-after-election", "crash-after-promotion").asString());
            assertTrue(c.call("INFO", "sentinel").asString().contains("sentinel_simulate_failure_flags:3\r\n"));
        }
    }

    @Test
    void configSetIsVisibleInConfigGetAndPersisted() throws Exception {
        try (BlockingClient c = s.client()) {
            assertEquals("OK", c.call("SENTINEL", "CONFIG", "SET", "announce-ip", "10.1.2.3").asString());
            assertEquals("OK", c.call("SENTINEL", "CONFIG", "SET", "resolve-hostnames", "yes").asString());
            assertEquals(List.of("announce-ip", "10.1.2.3"), strings(c.call("SENTINEL", "CONFIG", "GET", "announce-ip")));
        }
        String conf = conf();
        assertTrue(conf.contains("sentinel announce-ip \"10.1.2.3\"\n"), conf);
        assertTrue(conf.contains("sentinel resolve-hostnames yes\n"), conf);
    }

    @Test
    void flushconfigWritesTheCurrentStateAndResetCountsMatches() throws Exception {
        s.onLoop(() -> master().configEpoch = 7);
        try (BlockingClient c = s.client()) {
            assertEquals("OK", c.call("SENTINEL", "FLUSHCONFIG").asString());
            assertTrue(conf().contains("sentinel config-epoch mymaster 7\n"));
            assertEquals(1L, ((RespValue.Int) c.call("SENTINEL", "RESET", "my*")).value());
            assertEquals(0L, ((RespValue.Int) c.call("SENTINEL", "RESET", "x*")).value());
            assertEquals(s.brain.settings.myId, c.call("SENTINEL", "MYID").asString());
        }
    }

    @Test
    void debugChangesTheBrainsPeriods() throws Exception {
        try (BlockingClient c = s.client()) {
            assertEquals("OK", c.call("SENTINEL", "DEBUG", "ping-period", "500", "info-period", "2000").asString());
            Map<String, String> d = SentinelDifferentialTest.fields(c.call("SENTINEL", "DEBUG"));
            assertEquals("500", d.get("PING-PERIOD"));
            assertEquals("2000", d.get("INFO-PERIOD"));
        }
        assertEquals(500, s.brain.pingPeriodMs);
        assertEquals(2000, s.brain.infoPeriodMs);
    }

    @Test
    void infoCacheShowsTheLastInfoOfMasterAndReplicas() throws Exception {
        s.onLoop(() -> {
            master().lastInfo = "# Replication\r\nrole:master\r\n";
            master().infoRefresh = s.clock - 250;
            s.brain.addKnownReplica(master(), new Addr("127.0.0.1", 6380), s.clock);
        });
        try (BlockingClient c = s.client()) {
            // As Redis: a replica's age is "now - its info_refresh" whenever the master has an INFO, even if it has none.
            assertEquals("[mymaster, [[250, # Replication\r\nrole:master\r\n], [" + s.clock + ", null]]]",
                    c.call("SENTINEL", "INFO-CACHE", "mymaster").asString());
        }
    }

    @Test
    void peersAreListedWithTheirVotes() throws Exception {
        s.onLoop(() -> {
            PeerState p = master().sentinels.get(PEER1);
            p.leader = PEER2;
            p.leaderEpoch = 4;
        });
        try (BlockingClient c = s.client()) {
            Map<String, String> p = SentinelDifferentialTest.fields(
                    ((RespValue.Aggregate) c.call("SENTINEL", "SENTINELS", "mymaster")).items().get(0));
            assertEquals(PEER1, p.get("name"));
            assertEquals("26380", p.get("port"));
            assertEquals(PEER2, p.get("voted-leader"));
            assertEquals("4", p.get("voted-leader-epoch"));
        }
    }

    @Test
    void publishedEventsReachChannelAndPatternSubscribersAsRespThreePushes() throws Exception {
        try (BlockingClient ch = s.client(); BlockingClient pat = s.client(); BlockingClient none = s.client()) {
            ch.call("HELLO", "3");
            ch.call("SUBSCRIBE", "+switch-master");
            pat.call("PSUBSCRIBE", "+switch-*");
            none.call("SUBSCRIBE", "+sdown");
            s.onLoop(() -> s.server.publish("+switch-master", "mymaster 127.0.0.1 6379 127.0.0.1 6380"));
            RespValue push = ch.read();
            assertEquals('>', ((RespValue.Aggregate) push).kind());
            assertEquals(List.of("message", "+switch-master", "mymaster 127.0.0.1 6379 127.0.0.1 6380"), strings(push));
            assertEquals(List.of("pmessage", "+switch-*", "+switch-master", "mymaster 127.0.0.1 6379 127.0.0.1 6380"),
                    strings(pat.read()));
            none.setTimeout(200);
            assertThrows(java.net.SocketTimeoutException.class, none::read);
        }
    }

    @Test
    void jedisReadsMastersAndTheMasterAddress() {
        try (Jedis j = new Jedis("127.0.0.1", s.port())) {
            assertEquals(List.of("127.0.0.1", "6379"), j.sentinelGetMasterAddrByName("mymaster"));
            List<Map<String, String>> masters = j.sentinelMasters();
            assertEquals("mymaster", masters.get(0).get("name"));
            assertEquals(2, j.sentinelSentinels("mymaster").size());
        }
    }

    @Test
    void clientReplyOffAndSkipSuppressReplies() throws Exception {
        try (BlockingClient c = s.client()) {
            c.send("CLIENT", "REPLY", "OFF");
            c.send("PING");
            assertEquals("OK", c.call("CLIENT", "REPLY", "ON").asString());
            c.send("CLIENT", "REPLY", "SKIP");
            c.send("PING", "skipped");
            assertEquals("shown", c.call("PING", "shown").asString());
        }
    }

    @Test
    void clientNamesAndKillWork() throws Exception {
        try (BlockingClient a = s.client(); BlockingClient b = s.client()) {
            assertEquals("OK", a.call("CLIENT", "SETNAME", "alpha").asString());
            assertEquals("alpha", a.call("CLIENT", "GETNAME").asString());
            long id = ((RespValue.Int) a.call("CLIENT", "ID")).value();
            assertTrue(b.call("CLIENT", "LIST").asString().contains("id=" + id + " "));
            assertEquals(1L, ((RespValue.Int) b.call("CLIENT", "KILL", "ID", Long.toString(id))).value());
            assertThrows(IOException.class, a::read);
        }
    }

    @Test
    void shutdownClosesTheConnectionAndStopsTheHost() throws Exception {
        try (BlockingClient c = s.client()) {
            c.send("SHUTDOWN");
            assertThrows(EOFException.class, c::read);
        }
        assertTrue(s.shutdownCalled);
    }

    @Test
    void requirepassGuardsEveryCommandButAuthAndHello() throws Exception {
        try (TestSentinel p = TestSentinel.withPassword("secret", "sentinel monitor m 127.0.0.1 6379 1");
             BlockingClient c = p.client()) {
            assertEquals("NOAUTH Authentication required.", c.call("PING").asString());
            assertEquals("NOAUTH Authentication required.", c.call("SENTINEL", "MASTERS").asString());
            assertTrue(c.call("HELLO", "3").asString().startsWith("NOAUTH HELLO must be called"));
            assertEquals("WRONGPASS invalid username-password pair or user is disabled.", c.call("AUTH", "nope").asString());
            assertEquals("OK", c.call("AUTH", "secret").asString());
            assertEquals("PONG", c.call("PING").asString());
            try (BlockingClient h = p.client()) {
                RespValue hello = h.call("HELLO", "3", "AUTH", "default", "secret", "SETNAME", "me");
                assertInstanceOf(RespValue.Aggregate.class, hello);
                assertEquals('%', ((RespValue.Aggregate) hello).kind());
                assertEquals("me", h.call("CLIENT", "GETNAME").asString());
            }
        }
    }
}
