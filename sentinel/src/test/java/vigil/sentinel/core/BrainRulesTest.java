package vigil.sentinel.core;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Single-brain rules: configuration errors, scheduling, votes, INFO facts, reboot, reset. */
class BrainRulesTest {
    private static final Addr M = new Addr("127.0.0.1", 6379);

    private static SentinelBrain brain() throws SentinelError {
        return TiltAndHelloTest.brain();
    }

    private static String msg(SentinelBrain b, String name, String host, int port, int quorum) {
        try {
            b.monitor(name, new Addr(host, port), quorum, 1_000);
            return "OK";
        } catch (SentinelError e) {
            return e.getMessage();
        }
    }

    @Test
    void monitorValidatesAsRedisDoes() throws Exception {
        SentinelBrain b = brain();
        assertEquals("ERR Duplicate master name.", msg(b, "mymaster", "127.0.0.1", 6390, 2));
        assertEquals("ERR Quorum must be 1 or greater.", msg(b, "mymaster", "127.0.0.1", 6390, 0));
        assertEquals("ERR Invalid port number.", msg(b, "mymaster", "127.0.0.1", 70000, 2));
        assertEquals("ERR Invalid port number.", msg(b, "x", "127.0.0.1", -1, 2));
        assertEquals("ERR Invalid IP address or hostname specified", msg(b, "x", "999.1.1.1", 6390, 2));
        assertEquals("ERR Invalid IP address or hostname specified", msg(b, "x", "localhost", 6390, 2));
        assertEquals("OK", msg(b, "x", "127.0.0.1", 0, 2));
        assertEquals("OK", msg(b, "y", "::1", 6390, 2));
        b.settings.resolveHostnames = true;
        assertEquals("OK", msg(b, "z", "redis-1.local", 6390, 2));
        List<Action> acts = b.drainActions();
        assertTrue(TiltAndHelloTest.events(acts).contains("+monitor master x 127.0.0.1 0 quorum 2"));
        assertTrue(acts.stream().anyMatch(a -> a instanceof Action.Persist));
    }

    @Test
    void removeAndResetByPattern() throws Exception {
        SentinelBrain b = brain();
        b.monitor("other", new Addr("127.0.0.1", 7000), 1, 1_000);
        MasterState m = b.masters.get("mymaster");
        b.addKnownReplica(m, new Addr("127.0.0.1", 6380), 1_000);
        b.addKnownSentinel(m, new Addr("10.0.0.2", 26380), "a".repeat(40), 1_000);
        b.drainActions();
        assertEquals(0, b.reset("nope*", 2_000));
        assertEquals(1, b.reset("my*", 2_000));
        assertTrue(m.replicas.isEmpty());
        assertTrue(m.sentinels.isEmpty());
        List<Action> acts = b.drainActions();
        assertTrue(TiltAndHelloTest.events(acts).contains("+reset-master master mymaster 127.0.0.1 6379"));
        assertTrue(acts.contains(new Action.ResetLink(m.target("mymaster"))));
        assertEquals(2, b.reset("*", 2_000));
        assertEquals("ERR No such master with that name", assertThrows(SentinelError.class, () -> b.remove("nope")).getMessage());
        b.remove("other");
        assertEquals(Set.of("mymaster"), b.masters.keySet());
        assertTrue(TiltAndHelloTest.events(b.drainActions()).contains("-monitor master other 127.0.0.1 7000"));
    }

    @Test
    void pingEverySecondInfoEveryTenSecondsHelloEveryTwo() throws Exception {
        SentinelBrain b = brain();
        MasterState m = b.masters.get("mymaster");
        Target t = m.target("mymaster");
        b.onLinkUp(t, 1_000);
        assertEquals(List.of(new Action.SendPing(t)), b.drainActions().stream().filter(a -> a instanceof Action.SendPing).toList());
        int pings = 0;
        int infos = 0;
        int hellos = 0;
        for (long now = 1_100; now <= 31_000; now += 100) {
            b.tick(now);
            for (Action a : b.drainActions()) {
                if (a instanceof Action.SendPing) {
                    pings++;
                    b.onPingReplyText(t, "PONG", now);
                } else if (a instanceof Action.SendInfo) {
                    infos++;
                    b.onInfo(t, "run_id:" + "c".repeat(40) + "\r\nrole:master\r\n", now);
                } else if (a instanceof Action.PublishHello) {
                    hellos++;
                }
            }
        }
        assertTrue(pings >= 27 && pings <= 31, "pings " + pings);
        assertTrue(infos >= 3 && infos <= 4, "infos " + infos);
        assertTrue(hellos >= 13 && hellos <= 15, "hellos " + hellos);
    }

    @Test
    void downMasterAsksPeersAtOnceThenEvery100msUntilObjectivelyDown() throws Exception {
        SentinelBrain b = brain();
        MasterState m = b.masters.get("mymaster");
        String peer = "a".repeat(40);
        b.addKnownSentinel(m, new Addr("10.0.0.2", 26380), peer, 1_000);
        b.onPeersAlive(Set.of(peer), 1_000);
        m.downAfterMs = 1_000;
        b.tick(1_500);
        b.tick(2_100);
        List<Action> acts = b.drainActions();
        assertTrue(TiltAndHelloTest.events(acts).contains("+sdown master mymaster 127.0.0.1 6379"));
        List<Action> asks = acts.stream().filter(a -> a instanceof Action.AskPeers).toList();
        assertEquals(List.of(new Action.AskPeers("mymaster", M, 0, "*", List.of(peer))), asks);
        b.tick(2_150);
        assertTrue(b.drainActions().stream().noneMatch(a -> a instanceof Action.AskPeers), "not again within fastAskPeriodMs");
        b.onPeerReply("mymaster", peer, false, "*", 0, 2_160);
        b.tick(2_200);
        assertTrue(b.drainActions().stream().noneMatch(a -> a instanceof Action.AskPeers), "not again within fastAskPeriodMs");
        b.tick(2_300);
        assertTrue(b.drainActions().stream().anyMatch(a -> a instanceof Action.AskPeers), "Vigil: again after 100 ms while not O_DOWN");
        for (long now = 2_400; now <= 3_200; now += 100) {
            b.tick(now);
        }
        b.drainActions();
        b.onPeerReply("mymaster", peer, true, "*", 0, 3_250);
        assertTrue(m.has(Flag.O_DOWN), "quorum 2 reached with the peer's answer");
        assertTrue(TiltAndHelloTest.events(b.drainActions()).contains("+odown master mymaster 127.0.0.1 6379 #quorum 2/2"));
        // answers older than five ask periods no longer count (ticks every 100 ms: a jump would be TILT)
        for (long now = 3_300; now <= 9_000; now += 100) {
            b.tick(now);
        }
        assertFalse(m.sentinels.get(peer).has(Flag.MASTER_DOWN));
    }

    @Test
    void oneVotePerEpochPersistedBeforeTheAnswer() throws Exception {
        SentinelBrain b = brain();
        b.drainActions();
        String a = "a".repeat(40);
        String c = "c".repeat(40);
        SentinelBrain.DownAnswer first = b.isMasterDownByAddr(M, 5, a, 2_000);
        assertEquals(new SentinelBrain.DownAnswer(false, a, 5), first);
        List<Action> acts = b.drainActions();
        assertTrue(acts.get(0) instanceof Action.Persist, acts.toString());
        assertEquals(List.of("+new-epoch 5", "+vote-for-leader " + a + " 5"), TiltAndHelloTest.events(acts));
        assertEquals(new SentinelBrain.DownAnswer(false, a, 5), b.isMasterDownByAddr(M, 5, c, 2_100));
        assertEquals(new SentinelBrain.DownAnswer(false, a, 5), b.isMasterDownByAddr(M, 4, c, 2_100));
        assertEquals(new SentinelBrain.DownAnswer(false, c, 6), b.isMasterDownByAddr(M, 6, c, 2_200));
        assertEquals(new SentinelBrain.DownAnswer(false, "*", 0), b.isMasterDownByAddr(M, 9, "*", 2_300));
        assertEquals(new SentinelBrain.DownAnswer(false, "*", 0), b.isMasterDownByAddr(new Addr("1.2.3.4", 1), 9, c, 2_300));
        assertEquals(6, b.settings.currentEpoch);
        // voting for another sentinel holds back our own failover for failover-timeout*2
        MasterState m = b.masters.get("mymaster");
        assertTrue(m.failoverStartTime >= 2_200);
    }

    @Test
    void leaderNeedsMajorityOfAllKnownSentinelsAndQuorum() throws Exception {
        SentinelBrain b = brain(); // quorum 2
        MasterState m = b.masters.get("mymaster");
        String[] peers = {"1".repeat(40), "2".repeat(40), "3".repeat(40), "4".repeat(40)};
        for (int i = 0; i < peers.length; i++) {
            b.addKnownSentinel(m, new Addr("10.0.0." + (i + 2), 26379), peers[i], 1_000);
        }
        b.settings.currentEpoch = 1;
        // 5 voters: self + one peer = 2 votes < 3
        b.onPeerReply("mymaster", peers[0], true, b.settings.myId, 1, 1_000);
        assertNull(b.election.getLeader(m, 1, 1_000));
        b.onPeerReply("mymaster", peers[1], true, b.settings.myId, 1, 1_000);
        assertEquals(b.settings.myId, b.election.getLeader(m, 1, 1_000));
        // votes of another epoch don't count
        SentinelBrain b2 = brain();
        MasterState m2 = b2.masters.get("mymaster");
        b2.addKnownSentinel(m2, new Addr("10.0.0.2", 26379), peers[0], 1_000);
        b2.settings.currentEpoch = 2;
        b2.onPeerReply("mymaster", peers[0], true, b2.settings.myId, 1, 1_000);
        assertNull(b2.election.getLeader(m2, 2, 1_000));
        // quorum above the majority: 2 voters, quorum 3 -> never
        m2.quorum = 3;
        b2.onPeerReply("mymaster", peers[0], true, b2.settings.myId, 2, 1_000);
        assertNull(b2.election.getLeader(m2, 2, 1_000));
        m2.quorum = 2;
        assertEquals(b2.settings.myId, b2.election.getLeader(m2, 2, 1_000));
    }

    @Test
    void infoFactsParsesRedisInfo() {
        String info = "# Server\r\nrun_id:" + "d".repeat(40) + "\r\n# Replication\r\nrole:slave\r\nmaster_host:10.0.0.5\r\n"
                + "master_port:6379\r\nmaster_link_status:down\r\nmaster_link_down_since_seconds:12\r\n"
                + "slave_repl_offset:4242\r\nslave_priority:7\r\nreplica_announced:0\r\n";
        InfoFacts f = InfoFacts.parse(info);
        assertEquals("d".repeat(40), f.runId);
        assertEquals(InstanceKind.REPLICA, f.role);
        assertEquals("10.0.0.5", f.masterHost);
        assertEquals(6379, f.masterPort);
        assertFalse(f.masterLinkUp);
        assertEquals(12_000, f.masterLinkDownMs);
        assertEquals(4242, f.replOffset);
        assertEquals(7, f.priority);
        assertEquals(0, f.replicaAnnounced);
        InfoFacts m = InfoFacts.parse("role:master\nslave0:ip=10.0.0.6,port=6380,state=online,offset=1,lag=0\n"
                + "slave1:10.0.0.7,6381,online\nslave2:ip=,port=1\nmaster_host:ignored\n");
        assertEquals(List.of(new Addr("10.0.0.6", 6380), new Addr("10.0.0.7", 6381)), m.replicas);
        assertNull(m.masterHost);
        assertEquals(5, InfoFacts.parse("role:slave\nreplica_priority:5\n").priority);
    }

    @Test
    void replicaFieldsAndHiddenReplicasComeFromInfo() throws Exception {
        SentinelBrain b = brain();
        MasterState m = b.masters.get("mymaster");
        b.onInfo(m.target("mymaster"), "run_id:" + "c".repeat(40) + "\r\nrole:master\r\nslave0:ip=127.0.0.1,port=6380,state=online,offset=5,lag=0\r\n", 2_000);
        ReplicaState r = m.replicas.get(new Addr("127.0.0.1", 6380));
        assertTrue(b.drainActions().contains(new Action.ResetLink(r.target("mymaster"))), "a new replica gets a link");
        b.onInfo(r.target("mymaster"), "run_id:" + "e".repeat(40) + "\r\nrole:slave\r\nmaster_host:127.0.0.1\r\nmaster_port:6379\r\n"
                + "master_link_status:up\r\nslave_repl_offset:77\r\nslave_priority:0\r\nreplica_announced:0\r\n", 2_100);
        assertEquals(0, r.priority);
        assertEquals(77, r.replOffset);
        assertFalse(r.replicaAnnounced);
        assertTrue(r.masterLinkUp);
        assertEquals("e".repeat(40), r.runId);
    }

    @Test
    void rebootedMasterIsDownUntilPongWithinRebootPeriod() throws Exception {
        SentinelBrain b = brain();
        MasterState m = b.masters.get("mymaster");
        m.masterRebootDownAfterPeriod = 2_000;
        Target t = m.target("mymaster");
        b.onLinkUp(t, 1_000);
        b.onInfo(t, "run_id:" + "c".repeat(40) + "\r\nrole:master\r\n", 1_000);
        b.onInfo(t, "run_id:" + "9".repeat(40) + "\r\nrole:master\r\n", 2_000);
        assertTrue(m.has(Flag.MASTER_REBOOT));
        assertTrue(TiltAndHelloTest.events(b.drainActions()).contains("+reboot master mymaster 127.0.0.1 6379"));
        for (long now = 2_100; now <= 4_500; now += 100) {
            b.onPingReplyText(t, "LOADING Redis is loading the dataset in memory", now);
            b.tick(now);
        }
        assertTrue(m.has(Flag.S_DOWN), "still loading after the reboot period");
        b.onPingReplyText(t, "PONG", 4_600);
        b.tick(4_600);
        assertFalse(m.has(Flag.MASTER_REBOOT));
        assertFalse(m.has(Flag.S_DOWN));
    }

    @Test
    void peerOutOfTheGroupIsSubjectivelyDown() throws Exception {
        SentinelBrain b = brain();
        MasterState m = b.masters.get("mymaster");
        String peer = "a".repeat(40);
        b.onPeersAlive(Set.of(peer), 1_000);
        PeerState p = b.addKnownSentinel(m, new Addr("10.0.0.2", 26380), peer, 1_000);
        assertTrue(p.linkUp, "a peer already in the group starts alive");
        m.downAfterMs = p.downAfterMs = 1_000;
        b.onPeersAlive(Set.of(), 2_000);
        b.tick(2_500);
        assertFalse(p.has(Flag.S_DOWN));
        b.tick(3_100);
        assertTrue(p.has(Flag.S_DOWN));
        b.onPeersAlive(Set.of(peer), 3_200);
        b.tick(3_300);
        assertFalse(p.has(Flag.S_DOWN));
        List<String> ev = TiltAndHelloTest.events(b.drainActions());
        assertTrue(ev.contains("+sdown sentinel " + peer + " 10.0.0.2 26380 @ mymaster 127.0.0.1 6379"), ev.toString());
        assertTrue(ev.contains("-sdown sentinel " + peer + " 10.0.0.2 26380 @ mymaster 127.0.0.1 6379"), ev.toString());
    }

    @Test
    void myIdIsGeneratedAndPersistedWhenMissing() {
        SentinelSettings s = new SentinelSettings();
        SentinelBrain b = new SentinelBrain(s, new Random(3));
        b.tick(1_000);
        assertTrue(s.myId.matches("[0-9a-f]{40}"));
        assertTrue(b.drainActions().contains(new Action.Persist()));
        assertFalse(b.ensureMyId());
    }
}
