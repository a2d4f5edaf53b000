package vigil.sentinel.core;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A failover whose replicas' last INFO is too old to trust (their INFO comes every 10 s while all
 * is well) waits for fresh INFO instead of aborting with no-good-slave and retrying after twice
 * the failover-timeout, as Redis would.
 */
class StaleInfoSelectionTest {
    private static final Addr R = new Addr("127.0.0.1", 6380);
    private static final String REPLICA_INFO = "# Replication\r\nrole:slave\r\nmaster_host:127.0.0.1\r\nmaster_port:6379\r\n"
            + "master_link_status:up\r\nslave_repl_offset:10\r\nslave_priority:100\r\n";

    @Test
    void selectionWaitsForFreshInfoThenPromotes() throws Exception {
        SentinelBrain b = TiltAndHelloTest.brain();
        MasterState m = b.masters.get("mymaster");
        Target mt = new Target("mymaster", InstanceKind.MASTER, m.addr);
        Target rt = new Target("mymaster", InstanceKind.REPLICA, R);
        long now = 1_000;
        b.onLinkUp(mt, now);
        b.onInfo(mt, "# Server\r\nrun_id:" + "a".repeat(40) + "\r\n# Replication\r\nrole:master\r\n"
                + "slave0:ip=127.0.0.1,port=6380,state=online,offset=10,lag=0\r\n", now);
        b.onLinkUp(rt, now);
        b.onInfo(rt, "run_id:" + "b".repeat(40) + "\r\n" + REPLICA_INFO, now);
        m.quorum = 1;
        m.downAfterMs = 1_000;
        // 35 s of a healthy pair whose replica's INFO is not answered (so it ages past any validity),
        // then the master stops answering. Once selection starts, the replica answers INFO again.
        List<String> events = new ArrayList<>();
        boolean selecting = false;
        for (; now < 45_000 && !events.stream().anyMatch(e -> e.startsWith("+selected-slave")); now += 100) {
            b.tick(now);
            List<Action> acts = b.drainActions();
            events.addAll(TiltAndHelloTest.events(acts));
            selecting |= events.contains("+failover-state-select-slave master mymaster 127.0.0.1 6379");
            for (Action a : acts) {
                if (a instanceof Action.SendPing p && (p.target().equals(rt) || now < 36_000)) {
                    b.onPingReply(p.target(), true, false, now);
                }
                if (a instanceof Action.SendInfo i && i.target().equals(rt) && selecting) {
                    b.onInfo(rt, REPLICA_INFO, now);
                }
            }
        }
        assertTrue(selecting, events.toString());
        assertFalse(events.stream().anyMatch(e -> e.startsWith("-failover-abort-no-good-slave")), events.toString());
        assertTrue(events.stream().anyMatch(e -> e.startsWith("+selected-slave slave 127.0.0.1:6380")), events.toString());
    }

}
