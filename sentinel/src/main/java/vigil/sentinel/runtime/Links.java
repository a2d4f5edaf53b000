package vigil.sentinel.runtime;

import vigil.sentinel.core.Instance;
import vigil.sentinel.core.InstanceKind;
import vigil.sentinel.core.MasterState;
import vigil.sentinel.core.ReplicaState;
import vigil.sentinel.core.Target;
import vigil.sentinel.link.InstanceLink;
import vigil.sentinel.link.LinkOptions;

import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One {@link InstanceLink} per master and replica the brain knows, kept in step with it: a new
 * replica or a switched master gets a link, a forgotten instance's link is closed. Runs on the
 * sentinel's event loop only.
 */
final class Links {
    private final SentinelRuntime rt;
    private final Map<Target, InstanceLink> links = new LinkedHashMap<>();

    Links(SentinelRuntime rt) {
        this.rt = rt;
    }

    InstanceLink get(Target t) {
        return links.get(t);
    }

    /** The link of {@code master}'s current master address, if any. */
    InstanceLink masterLink(String master) {
        MasterState m = rt.brain.masters.get(master);
        return m == null ? null : links.get(new Target(master, InstanceKind.MASTER, m.addr));
    }

    void reconcile() {
        Set<Target> wanted = new HashSet<>();
        for (MasterState m : rt.brain.masters.values()) {
            want(wanted, m, m.target(m.name), m);
            for (ReplicaState r : m.replicas.values()) want(wanted, m, r.target(m.name), r);
        }
        for (Iterator<Map.Entry<Target, InstanceLink>> it = links.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Target, InstanceLink> e = it.next();
            if (!wanted.contains(e.getKey())) {
                e.getValue().close();
                it.remove();
            }
        }
    }

    private void want(Set<Target> wanted, MasterState m, Target t, Instance i) {
        wanted.add(t);
        InstanceLink l = links.get(t);
        // SENTINEL SET auth-pass / auth-user: reconnect with the new credentials (Redis drops the links).
        if (l != null && !(Objects.equals(l.options().authPass(), m.authPass)
                && Objects.equals(l.options().authUser(), m.authUser))) {
            l.close();
            l = null;
        }
        if (l == null) {
            LinkOptions o = LinkOptions.defaults(rt.brain.settings.myId, m.authUser, m.authPass, i.downAfterMs);
            links.put(t, new InstanceLink(rt.vertx, t, o, rt.linkEvents));
        }
    }

    /** Copies each link's unanswered-command count into its instance (SENTINEL MASTER's link-pending-commands). */
    void updatePending() {
        for (Map.Entry<Target, InstanceLink> e : links.entrySet()) {
            Instance i = rt.instance(e.getKey());
            if (i != null) i.pendingCommands = e.getValue().pendingCommands();
        }
    }

    void closeAll() {
        links.values().forEach(InstanceLink::close);
        links.clear();
    }
}
