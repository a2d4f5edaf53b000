package vigil.sentinel.core;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** TILT on clock jumps, and what hellos teach a sentinel. */
class TiltAndHelloTest {
    private static final String PEER = "a".repeat(40);
    private static final String OTHER = "b".repeat(40);

    @Test
    void clockJumpEntersTiltAndNothingIsDecidedForThirtySeconds() {
        World w = World.threeByThree(30);
        World.Sentinel s = w.sentinels.get(0);
        w.now += 5_000; // the process stalled
        w.node(6379).alive = false;
        w.run(100);
        assertTrue(s.events.contains("+tilt #tilt mode entered"), s.events.toString());
        assertTrue(s.brain.settings.tilt);
        SentinelBrain.DownAnswer a = s.brain.isMasterDownByAddr(new Addr("127.0.0.1", 6379), 0, "*", w.now);
        assertFalse(a.down(), "a sentinel in TILT never says a master is down");
        w.run(25_000);
        assertFalse(s.saw("+sdown"), s.events.toString());
        assertFalse(w.sentinels.stream().anyMatch(x -> x.saw("+odown")));
        // monitoring goes on during TILT
        assertTrue(s.actions.stream().anyMatch(x -> x instanceof Action.SendPing));
        assertTrue(w.runUntil(() -> s.saw("-tilt"), 10_000));
        assertTrue(s.events.contains("-tilt #tilt mode exited"));
        assertTrue(w.runUntil(() -> w.master(s).addr.port() != 6379, 20_000), s.events.toString());
    }

    @Test
    void clockGoingBackEntersTilt() {
        SentinelBrain b = new SentinelBrain(settings(), new Random(1));
        b.tick(10_000);
        b.tick(10_100);
        b.tick(9_000);
        assertTrue(b.settings.tilt);
        assertEquals(9_000, b.settings.tiltStartTime);
    }

    @Test
    void helloFromUnknownPeerAddsItAndAdoptsHigherEpoch() throws Exception {
        SentinelBrain b = brain();
        b.drainActions();
        b.onHello("10.0.0.2,26380," + PEER + ",7,mymaster,127.0.0.1,6379,0", 2_000);
        List<Action> acts = b.drainActions();
        MasterState m = b.masters.get("mymaster");
        PeerState p = m.sentinels.get(PEER);
        assertNotNull(p);
        assertEquals(new Addr("10.0.0.2", 26380), p.addr);
        assertEquals(7, b.settings.currentEpoch);
        assertTrue(events(acts).contains("+sentinel sentinel " + PEER + " 10.0.0.2 26380 @ mymaster 127.0.0.1 6379"));
        assertTrue(events(acts).contains("+new-epoch 7"));
        assertTrue(acts.stream().anyMatch(a -> a instanceof Action.Persist));
        // own hellos and unknown masters are ignored
        b.onHello("10.0.0.1,26379," + b.settings.myId + ",99,mymaster,1.1.1.1,1,99", 2_100);
        b.onHello("10.0.0.3,26381," + OTHER + ",99,unknown,1.1.1.1,1,99", 2_100);
        assertEquals(7, b.settings.currentEpoch);
        assertEquals(1, m.sentinels.size());
    }

    @Test
    void helloWithNewerConfigSwitchesTheMaster() throws Exception {
        SentinelBrain b = brain();
        MasterState m = b.masters.get("mymaster");
        b.addKnownReplica(m, new Addr("127.0.0.1", 6380), 1_000);
        b.addKnownReplica(m, new Addr("127.0.0.1", 6381), 1_000);
        b.drainActions();
        // same address, higher epoch: adopt the epoch, nothing switches
        b.onHello("10.0.0.2,26380," + PEER + ",1,mymaster,127.0.0.1,6379,1", 2_000);
        assertEquals(1, m.configEpoch);
        assertFalse(events(b.drainActions()).stream().anyMatch(e -> e.startsWith("+switch-master")));
        b.onHello("10.0.0.2,26380," + PEER + ",2,mymaster,127.0.0.1,6380,2", 2_100);
        List<String> ev = events(b.drainActions());
        assertTrue(ev.contains("+config-update-from sentinel " + PEER + " 10.0.0.2 26380 @ mymaster 127.0.0.1 6379"), ev.toString());
        assertTrue(ev.contains("+switch-master mymaster 127.0.0.1 6379 127.0.0.1 6380"), ev.toString());
        assertEquals(new Addr("127.0.0.1", 6380), m.addr);
        assertEquals(2, m.configEpoch);
        assertEquals(Set.of(new Addr("127.0.0.1", 6381), new Addr("127.0.0.1", 6379)), m.replicas.keySet());
        // an older config does not switch back
        b.onHello("10.0.0.3,26381," + OTHER + ",2,mymaster,127.0.0.1,6379,1", 2_200);
        assertEquals(new Addr("127.0.0.1", 6380), m.addr);
    }

    @Test
    void knownPeerAtNewAddressIsMovedNotDuplicated() throws Exception {
        SentinelBrain b = brain();
        b.onHello("10.0.0.2,26380," + PEER + ",0,mymaster,127.0.0.1,6379,0", 2_000);
        b.drainActions();
        b.onHello("10.0.0.9,26380," + PEER + ",0,mymaster,127.0.0.1,6379,0", 2_100);
        List<String> ev = events(b.drainActions());
        MasterState m = b.masters.get("mymaster");
        assertEquals(1, m.sentinels.size());
        assertEquals(new Addr("10.0.0.9", 26380), m.sentinels.get(PEER).addr);
        assertTrue(ev.contains("+sentinel-address-switch master mymaster 127.0.0.1 6379 ip 10.0.0.9 port 26380 for " + PEER), ev.toString());
        // a different run id at that address replaces the old one
        b.onHello("10.0.0.9,26380," + OTHER + ",0,mymaster,127.0.0.1,6379,0", 2_200);
        assertEquals(Set.of(OTHER), m.sentinels.keySet());
    }

    @Test
    void periodicHelloCarriesIdentityEpochAndMasterConfig() throws Exception {
        SentinelBrain b = brain();
        MasterState m = b.masters.get("mymaster");
        b.settings.currentEpoch = 3;
        m.configEpoch = 2;
        b.onLinkUp(m.target("mymaster"), 1_000);
        b.tick(4_000);
        List<Action> acts = b.drainActions();
        String expected = "10.0.0.1,26379," + b.settings.myId + ",3,mymaster,127.0.0.1,6379,2";
        assertTrue(acts.contains(new Action.PublishHello(m.target("mymaster"), expected)), acts.toString());
        assertTrue(acts.contains(new Action.BroadcastHello(expected, m.leaderEpoch)), acts.toString());
        assertEquals(expected, Hello.parse(expected).format());
    }

    static SentinelSettings settings() {
        SentinelSettings s = new SentinelSettings();
        s.myId = "f".repeat(40);
        s.announceIp = "10.0.0.1";
        s.announcePort = 26379;
        return s;
    }

    static SentinelBrain brain() throws SentinelError {
        SentinelBrain b = new SentinelBrain(settings(), new Random(1));
        b.monitor("mymaster", new Addr("127.0.0.1", 6379), 2, 1_000);
        return b;
    }

    static List<String> events(List<Action> acts) {
        return acts.stream().filter(a -> a instanceof Action.Event).map(a -> (Action.Event) a)
                .map(e -> e.type() + " " + e.message()).toList();
    }
}
