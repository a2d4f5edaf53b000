package vigil.sentinel.core;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One brain, the group's hellos fed by hand: the fast conversion's agreement ({@link FastConversion})
 * needs fresh hellos, after the claim, from a majority announcing our address and config epoch,
 * with no vote in a newer epoch; without it Redis's 8 s rule applies, and only with a majority alive.
 */
class FastConversionTest {
    static final Addr M = new Addr("127.0.0.1", 6379);
    static final Addr R = new Addr("127.0.0.1", 6380);
    static final String A = "a".repeat(40);
    static final String B = "b".repeat(40);
    static final String MASTER_INFO = "run_id:" + "c".repeat(40) + "\r\nrole:master\r\nmaster_repl_offset:10\r\n";
    static final String CLAIM_INFO = "run_id:" + "d".repeat(40) + "\r\nrole:master\r\nmaster_repl_offset:3\r\n";

    SentinelBrain b;
    MasterState m;
    Target rt;
    long now = 1_000;

    /** Master 6379 in config epoch 5, sane; 6380 listed as its replica but reporting role:master at {@code now}. */
    void setUp() throws Exception {
        b = TiltAndHelloTest.brain();
        m = b.masters.get("mymaster");
        m.configEpoch = 5;
        m.leaderEpoch = 5;
        b.settings.currentEpoch = 5;
        b.addKnownSentinel(m, new Addr("10.0.0.2", 26380), A, now);
        b.addKnownSentinel(m, new Addr("10.0.0.3", 26381), B, now);
        b.onPeersAlive(Set.of(A, B), now);
        b.addKnownReplica(m, R, now);
        rt = new Target("mymaster", InstanceKind.REPLICA, R);
        b.onLinkUp(m.target("mymaster"), now);
        b.onInfo(m.target("mymaster"), MASTER_INFO, now);
        b.onLinkUp(rt, now);
        b.onPingReplyText(rt, "PONG", now);
        now += 100;
        b.onInfo(rt, CLAIM_INFO, now);
    }

    void groupHello(String peer, Addr master, long configEpoch, long voteEpoch) {
        String ip = peer.equals(A) ? "10.0.0.2" : "10.0.0.3";
        int port = peer.equals(A) ? 26380 : 26381;
        b.onGroupHello(ip + "," + port + "," + peer + ",5,mymaster," + master.host() + "," + master.port() + "," + configEpoch,
                voteEpoch, now);
    }

    boolean converted() {
        List<Action> acts = b.drainActions();
        return acts.contains(new Action.ReplicaOf(rt, M));
    }

    /** Ticks every 100 ms for {@code ms}, the master's INFO kept fresh; whether 6380 was converted. */
    boolean runFor(long ms) {
        boolean converted = false;
        for (long end = now + ms; now < end; ) {
            now += 100;
            b.onInfo(m.target("mymaster"), MASTER_INFO, now);
            b.onPingReplyText(rt, "PONG", now);
            b.tick(now);
            converted |= converted();
        }
        return converted;
    }

    @Test
    void oneAgreeingPeerIsAMajorityWithUs() throws Exception {
        setUp();
        assertTrue(b.drainActions().contains(new Action.BroadcastHello(
                "10.0.0.1,26379," + "f".repeat(40) + ",5,mymaster,127.0.0.1,6379,5", 5)), "our view goes to the group at once");
        groupHello(A, M, 5, 5);
        assertTrue(converted());
        assertTrue(b.masters.get("mymaster").replicas.get(R).convertSentTime == now);
    }

    @Test
    void hellosFromBeforeTheClaimDoNotCount() throws Exception {
        setUp();
        b.drainActions();
        ReplicaState r = m.replicas.get(R);
        r.roleReportedTime = now + 1;   // the claim is seen just after A's hello arrived
        groupHello(A, M, 5, 5);
        assertEquals(false, converted());
        now += 1;
        assertEquals(false, runFor(200), "A's hello predates the claim");
        groupHello(A, M, 5, 5);
        assertTrue(converted(), "A's next hello completes the agreement");
    }

    @Test
    void aVoteInANewerEpochBlocksTheAgreement() throws Exception {
        setUp();
        b.drainActions();
        groupHello(A, M, 5, 6);   // A and B voted for a failover of this master in epoch 6
        groupHello(B, M, 5, 6);
        assertEquals(false, runFor(2_000), "a failover may be under way");
    }

    @Test
    void anyNewerVoteInTheGroupBlocksTheAgreement() throws Exception {
        setUp();
        b.drainActions();
        groupHello(A, M, 5, 6);   // A alone voted in epoch 6 (e.g. for a forced failover, no majority needed)
        groupHello(B, M, 5, 5);
        assertEquals(false, converted(), "a majority agrees, but a newer election was seen");
        assertEquals(false, runFor(7_500), "until Redis's 8 s rule");
        assertTrue(runFor(1_000));
    }

    @Test
    void aVoteIsBroadcastToTheGroupAtOnce() throws Exception {
        setUp();
        b.drainActions();
        b.isMasterDownByAddr(M, 6, A, now);
        assertTrue(b.drainActions().stream().anyMatch(a -> a instanceof Action.BroadcastHello h && h.voteEpoch() == 6));
    }

    @Test
    void ourOwnVoteInANewerEpochBlocksTheAgreement() throws Exception {
        setUp();
        m.leaderEpoch = 6;
        b.drainActions();
        groupHello(A, M, 5, 5);
        groupHello(B, M, 5, 5);
        assertEquals(false, converted());
    }

    @Test
    void peersAnnouncingAnotherAddressOrEpochDoNotAgree() throws Exception {
        setUp();
        b.drainActions();
        groupHello(A, new Addr("127.0.0.1", 6390), 5, 5);
        assertEquals(false, converted());
    }

    @Test
    void withoutGroupHellosRedisWaitsFourHelloPeriods() throws Exception {
        setUp();
        b.drainActions();
        long claim = now;
        boolean early = runFor(7_900);
        assertEquals(false, early, "not before 8 s");
        assertTrue(runFor(600), "Redis's rule after 8 s with a majority alive");
        assertTrue(now - claim > 8_000);
    }

    @Test
    void aSentinelInAMinorityNeverConverts() throws Exception {
        setUp();
        b.onPeersAlive(Set.of(), now);
        b.drainActions();
        assertEquals(false, runFor(20_000));
    }
}
