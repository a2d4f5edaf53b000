package vigil.server.replication.fence;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Vigil's write fence for a master that has been replaced: the node reads the sentinels' hello
 * messages published on it ({@code __sentinel__:hello}, payload
 * {@code sentinel_ip,sentinel_port,sentinel_runid,current_epoch,master_name,master_ip,master_port,master_config_epoch})
 * and, while it is a master, refuses writes from the moment a hello for a master name announces a
 * configuration epoch newer than any it has seen for that name, naming another address as the
 * master. Pure state, no I/O: "is this address me" is the injected {@link Self}.
 *
 * <pre>
 * OPEN --hello: other address, epoch newer than any seen for the name, while master--> FENCED(name, epoch, address)
 * FENCED --hello naming this node for the same name with epoch >= the fence's--> OPEN   ("named master again")
 * FENCED --a newer hello naming yet another address--> FENCED (the newer one)
 * any --role change (REPLICAOF host port / NO ONE)--> OPEN   (the epochs seen are kept)
 * OPEN --started behind its own recorded replication state--> FENCED(reason)   (fenceAtStart; only a role change
 *      lifts it, or a newer hello naming another master replaces it)
 * </pre>
 *
 * Epochs seen while a replica count too: a replica promoted by a failover has seen its old
 * master named with epoch e, so the leader's hellos that still name the old master with e (until
 * it sees the promotion) do not fence the new master. A node with no hello seen yet for the name
 * (restarted) knows no epoch: the first hello naming another address fences it.
 */
public final class HelloFence {
    public static final byte[] CHANNEL = "__sentinel__:hello".getBytes(StandardCharsets.US_ASCII);

    /** Recognises this node's own address in a hello (announced, bound or local addresses, and port). */
    public interface Self {
        boolean is(String ip, int port);
    }

    /** What a hello changed, for the log. */
    public enum Change { NONE, FENCED, LIFTED }

    private final Self self;
    /** master name -> the highest config epoch seen in any hello for it. */
    private final Map<String, Long> seenEpoch = new HashMap<>();
    private String fencedName;
    private long fencedEpoch;
    private String fencedBy;

    public HelloFence(Self self) {
        this.self = self;
    }

    /** A PUBLISH on this node; {@code master}: whether the node is a master right now. */
    public Change published(byte[] channel, byte[] message, boolean master) {
        if (!java.util.Arrays.equals(channel, CHANNEL)) return Change.NONE;
        String[] p = new String(message, StandardCharsets.UTF_8).split(",", -1);
        if (p.length != 8) return Change.NONE;
        String name = p[4];
        String ip = p[5];
        int port;
        long epoch;
        try {
            port = Integer.parseInt(p[6]);
            epoch = Long.parseLong(p[7]);
        } catch (NumberFormatException e) {
            return Change.NONE;
        }
        long known = seenEpoch.getOrDefault(name, -1L);
        seenEpoch.put(name, Math.max(known, epoch));
        if (self.is(ip, port)) {
            if (fencedBy != null && name.equals(fencedName) && epoch >= fencedEpoch) {
                lift();
                return Change.LIFTED;
            }
            return Change.NONE;
        }
        if (master && epoch > known && (fencedBy == null || epoch > fencedEpoch || !name.equals(fencedName))) {
            boolean was = fencedBy != null;
            fencedName = name;
            fencedEpoch = epoch;
            fencedBy = name + " " + ip + ":" + port + " epoch " + epoch;
            return was ? Change.NONE : Change.FENCED;
        }
        return Change.NONE;
    }

    /**
     * The node starts as a master behind the replication state it recorded before a crash
     * ({@code replication.restart.StartFence}): writes are refused from the start. The fence names
     * no master, so no hello naming this node lifts it; a role change does.
     */
    public void fenceAtStart(String reason) {
        fencedName = null;
        fencedEpoch = 0;
        fencedBy = reason;
    }

    /** REPLICAOF host port / NO ONE: the node's role was decided; the fence opens. */
    public void roleChanged() {
        lift();
    }

    public boolean fenced() {
        return fencedBy != null;
    }

    /** "name ip:port epoch N" of the hello that fenced the node, the start fence's reason, or null. */
    public String fencedBy() {
        return fencedBy;
    }

    public long fencedEpoch() {
        return fencedEpoch;
    }

    private void lift() {
        fencedBy = null;
        fencedName = null;
        fencedEpoch = 0;
    }
}
