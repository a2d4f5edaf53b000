package vigil.sentinel.runtime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vigil.sentinel.core.Action;
import vigil.sentinel.core.Hello;
import vigil.sentinel.core.MasterState;
import vigil.sentinel.link.InstanceLink;
import vigil.sentinel.peers.PeerGroup;

import java.io.IOException;
import java.util.List;

/**
 * Carries out one {@link Action} of the brain: link commands, hellos (with this sentinel's
 * announced address filled in), questions and hellos to the peer group, events (published on the
 * command server, logged as Redis logs them, notification script for warnings), conf persistence
 * and scripts.
 */
final class ActionExecutor {
    private static final Logger log = LoggerFactory.getLogger("vigil.sentinel");
    private final SentinelRuntime rt;
    final ScriptRunner scripts;

    ActionExecutor(SentinelRuntime rt) {
        this.rt = rt;
        this.scripts = new ScriptRunner(rt.vertx, this::event);
    }

    void execute(Action a) {
        if (a instanceof Action.SendPing p) {
            InstanceLink l = upLink(p.target());
            if (l != null) l.ping();
        } else if (a instanceof Action.SendInfo i) {
            InstanceLink l = upLink(i.target());
            if (l != null) l.info();
        } else if (a instanceof Action.PublishHello h) {
            InstanceLink l = upLink(h.target());
            if (l != null) l.publishHello(announce(h.payload(), l));
        } else if (a instanceof Action.BroadcastHello b) {
            PeerGroup g = rt.peers;
            if (g != null) {
                Hello h = Hello.parse(b.payload());
                InstanceLink l = h == null ? null : rt.links.masterLink(h.masterName());
                g.broadcastHello(announce(b.payload(), l), b.voteEpoch());
            }
        } else if (a instanceof Action.PeerBeat) {
            PeerGroup g = rt.peers;
            if (g != null) g.beat();
        } else if (a instanceof Action.AskPeers q) {
            PeerGroup g = rt.peers;
            if (g != null && !q.peerRunIds().isEmpty()) g.ask(q.master(), q.masterAddr(), q.epoch(), q.runId(), q.peerRunIds());
        } else if (a instanceof Action.Promote p) {
            InstanceLink l = rt.links.get(p.target());
            if (l != null) l.promote();
        } else if (a instanceof Action.ReplicaOf r) {
            InstanceLink l = rt.links.get(r.target());
            if (l != null) l.replicaOf(r.newMaster());
        } else if (a instanceof Action.Detach d) {
            InstanceLink l = rt.links.get(d.target());
            if (l != null) l.detach(Action.Detach.ADDR);
        } else if (a instanceof Action.ResetLink r) {
            InstanceLink l = rt.links.get(r.target());
            if (l != null) l.reset();
        } else if (a instanceof Action.Event e) {
            event(e.type(), e.message(), e.warning());
            var st = rt.brain.settings;
            if ((st.simulateCrashAfterElection && e.type().equals("+elected-leader"))
                    || (st.simulateCrashAfterPromotion && e.type().equals("+promoted-slave"))) {
                // SENTINEL SIMULATE-FAILURE: Redis's sentinelSimFailureCrash.
                log.warn("Sentinel CRASH because of SENTINEL simulate-failure");
                rt.simulateCrash();
                return;
            }
            MasterState m = e.master() == null ? null : rt.brain.masters.get(e.master());
            if (e.warning() && m != null && m.notificationScript != null && !m.notificationScript.isEmpty()) {
                scripts.run(List.of(m.notificationScript, e.type(), e.message()));
            }
        } else if (a instanceof Action.Persist) {
            persist();
        } else if (a instanceof Action.RunReconfigScript s) {
            scripts.run(List.of(s.script(), s.master(), s.role(), s.state(),
                    s.from().host(), Integer.toString(s.from().port()), s.to().host(), Integer.toString(s.to().port())));
        }
    }

    private InstanceLink upLink(vigil.sentinel.core.Target t) {
        InstanceLink l = rt.links.get(t);
        return l != null && l.isUp() ? l : null;
    }

    /** An event of the shell's own (script errors): logged here, then published. */
    private void event(String type, String message) {
        log.warn("{} {}", type, message);
        event(type, message, true);
    }

    /** Redis's sentinelEvent: publish on the command server (the brain already logged the event's line). */
    private void event(String type, String message, boolean warning) {
        try {
            rt.server.publish(type, message);
        } catch (RuntimeException e) {
            log.debug("publish {}: {}", type, e.toString());
        }
    }

    private void persist() {
        try {
            rt.flushConfig();
        } catch (IOException e) {
            log.warn("WARNING: Sentinel was not able to save the new configuration on disk!!!: {}", e.getMessage());
        }
    }

    /**
     * Fills in the hello's address when no announce-ip / announce-port is set: the local address
     * of the link to the instance (Redis uses the command connection's local address) and the
     * listening port.
     */
    String announce(String payload, InstanceLink link) {
        Hello h = Hello.parse(payload);
        if (h == null) return payload;
        var s = rt.brain.settings;
        String ip = s.announceIp != null && !s.announceIp.isEmpty() ? s.announceIp
                : link != null && link.localIp() != null ? link.localIp() : h.ip();
        int port = s.announcePort > 0 ? s.announcePort : rt.conf.port;
        if (ip == null || ip.isEmpty()) return payload;
        return new Hello(ip, port, h.runId(), h.currentEpoch(), h.masterName(), h.masterIp(), h.masterPort(),
                h.masterConfigEpoch()).format();
    }
}
