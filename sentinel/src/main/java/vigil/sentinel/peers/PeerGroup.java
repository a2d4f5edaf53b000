package vigil.sentinel.peers;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.Config;
import com.hazelcast.config.DiscoveryStrategyConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.topic.ITopic;
import com.hazelcast.topic.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vigil.sentinel.core.Addr;
import vigil.sentinel.core.SentinelBrain;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sentinels' Hazelcast group. One member per sentinel; the member attribute
 * {@value #RUN_ID_ATTRIBUTE} carries its myid, so membership maps straight to "which peers are
 * alive". Members are found through {@link HelloDiscoveryStrategy} (addresses from hellos) and
 * the optional explicit members; multicast, TCP-IP lists, auto-detection and phone-home are off.
 *
 * <p>Messages travel on one {@link ITopic} of {@code String[]} ({@value #TOPIC}): every member
 * receives every message and keeps those addressed to it. Three kinds:
 * {@code Q reqId from to-list master ip port epoch runid} (IS-MASTER-DOWN-BY-ADDR),
 * {@code A reqId from to master down leader leaderEpoch} (its answer), {@code H from payload voteEpoch} (hello, with the sender's last vote epoch for the master),
 * {@code B from} (a beat every quarter second: who can hear whom, for the isolated master's step-down).
 * A lost question is harmless: the brain asks again every second, as Redis does. With a handful of
 * sentinels the broadcast costs nothing, and there is no reply bookkeeping to leak.
 *
 * <p>Every listener call is handed to {@code hop} (the sentinel's event loop); Hazelcast threads
 * never touch sentinel state.
 */
public final class PeerGroup implements AutoCloseable {
    public static final String RUN_ID_ATTRIBUTE = "vigil.sentinel.runid";
    static final String TOPIC = "vigil-sentinel-bus";
    private static final Logger log = LoggerFactory.getLogger(PeerGroup.class);

    private final HazelcastInstance hz;
    private final ITopic<String[]> topic;
    private final String runId;
    private final PeerListener listener;
    private final Executor hop;
    private final AtomicLong requestIds = new AtomicLong();
    private volatile boolean closed;

    private PeerGroup(HazelcastInstance hz, String runId, PeerListener listener, Executor hop) {
        this.hz = hz;
        this.topic = hz.getTopic(TOPIC);
        this.runId = runId;
        this.listener = listener;
        this.hop = hop;
    }

    /** Starts the member (blocking: call it off the event loop) and joins whatever peers the directory knows. */
    public static PeerGroup start(PeerOptions options, PeerDirectory directory, PeerListener listener, Executor hop) {
        // Hazelcast logs a few lines before it reads the config's logging type.
        if (System.getProperty("hazelcast.logging.type") == null) System.setProperty("hazelcast.logging.type", "slf4j");
        HazelcastInstance hz = Hazelcast.newHazelcastInstance(config(options, directory));
        directory.serve();
        PeerGroup group = new PeerGroup(hz, options.runId(), listener, hop);
        group.topic.addMessageListener(group::onMessage);
        hz.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent e) {
                group.reportMembers();
            }

            @Override
            public void memberRemoved(MembershipEvent e) {
                group.reportMembers();
            }
        });
        hz.getLifecycleService().addLifecycleListener(e -> {
            if (e.getState() == LifecycleEvent.LifecycleState.MERGED) group.reportMembers();
        });
        group.reportMembers();
        log.info("Peer group {} joined as {} ({} member(s))", options.clusterName(),
                hz.getCluster().getLocalMember().getAddress(), hz.getCluster().getMembers().size());
        return group;
    }

    static Config config(PeerOptions o, PeerDirectory directory) {
        Config c = new Config();
        c.setClusterName(o.clusterName());
        c.setInstanceName("vigil-sentinel-" + o.runId().substring(0, Math.min(8, o.runId().length())) + "-" + o.port());
        c.setProperty("hazelcast.logging.type", "slf4j");
        c.setProperty("hazelcast.phone.home.enabled", "false");
        c.setProperty("hazelcast.shutdownhook.enabled", "false");
        c.setProperty("hazelcast.discovery.enabled", "true");
        c.setProperty("hazelcast.heartbeat.interval.seconds", Integer.toString(o.heartbeatIntervalSeconds()));
        c.setProperty("hazelcast.max.no.heartbeat.seconds", Integer.toString(o.maxNoHeartbeatSeconds()));
        c.setProperty("hazelcast.merge.first.run.delay.seconds", Integer.toString(o.mergeFirstRunSeconds()));
        c.setProperty("hazelcast.merge.next.run.delay.seconds", Integer.toString(o.mergeNextRunSeconds()));
        // No data lives in the group: few partitions make joins and merges cheap.
        c.setProperty("hazelcast.partition.count", "7");
        c.setProperty("hazelcast.wait.seconds.before.join", "0");
        c.setProperty("hazelcast.max.wait.seconds.before.join", "0");
        c.setProperty("hazelcast.max.join.seconds", "3");
        c.setProperty("hazelcast.graceful.shutdown.max.wait", "2");
        c.getMemberAttributeConfig().setAttribute(RUN_ID_ATTRIBUTE, o.runId());
        NetworkConfig net = c.getNetworkConfig();
        net.setPort(o.port()).setPortAutoIncrement(false);
        if (o.bindHost() != null) {
            net.getInterfaces().setEnabled(true).addInterface(o.bindHost());
        }
        if (o.publicHost() != null) net.setPublicAddress(o.publicHost() + ":" + o.port());
        JoinConfig join = net.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getDiscoveryConfig().addDiscoveryStrategyConfig(
                new DiscoveryStrategyConfig(new HelloDiscoveryStrategy.Factory(directory)));
        return c;
    }

    /** The run ids of the other members right now. */
    public Set<String> aliveRunIds() {
        Set<String> ids = new HashSet<>();
        if (closed || !hz.getLifecycleService().isRunning()) return ids;
        for (Member m : hz.getCluster().getMembers()) {
            if (m.localMember()) continue;
            String id = m.getAttribute(RUN_ID_ATTRIBUTE);
            if (id != null) ids.add(id);
        }
        return ids;
    }

    public int memberCount() {
        return hz.getLifecycleService().isRunning() ? hz.getCluster().getMembers().size() : 0;
    }

    private void reportMembers() {
        Set<String> ids = aliveRunIds();
        hop.execute(() -> listener.onPeersAlive(ids));
    }

    // ---------------------------------------------------------------- sending

    /** Asks the peers in {@code to} IS-MASTER-DOWN-BY-ADDR; answers arrive through {@link PeerListener#onAnswer}. */
    public void ask(String master, Addr addr, long epoch, String askRunId, List<String> to) {
        publish(new String[]{"Q", Long.toString(requestIds.incrementAndGet()), runId, String.join(",", to),
                master, addr.host(), Integer.toString(addr.port()), Long.toString(epoch), askRunId});
    }

    /** Vigil: "I am here" to every peer ({@link vigil.sentinel.core.Action.PeerBeat}). */
    public void beat() {
        publish(new String[]{"B", runId});
    }

    public void broadcastHello(String payload, long voteEpoch) {
        publish(new String[]{"H", runId, payload, Long.toString(voteEpoch)});
    }

    private void answer(String reqId, String to, String master, SentinelBrain.DownAnswer a) {
        publish(new String[]{"A", reqId, runId, to, master, a.down() ? "1" : "0", a.leaderRunId(),
                Long.toString(a.leaderEpoch())});
    }

    private void publish(String[] msg) {
        if (closed) return;
        try {
            topic.publishAsync(msg);
        } catch (RuntimeException e) {
            log.debug("peer message not sent: {}", e.toString());
        }
    }

    // ---------------------------------------------------------------- receiving (Hazelcast threads)

    private void onMessage(Message<String[]> m) {
        String[] f = m.getMessageObject();
        if (f == null || f.length == 0 || closed) return;
        try {
            switch (f[0]) {
                case "H" -> {
                    if ((f.length == 3 || f.length == 4) && !f[1].equals(runId)) {
                        long voteEpoch = f.length == 4 ? Long.parseLong(f[3]) : -1;
                        hop.execute(() -> listener.onHello(f[2], voteEpoch));
                    }
                }
                case "B" -> {
                    if (f.length == 2 && !f[1].equals(runId)) {
                        hop.execute(() -> listener.onBeat(f[1]));
                    }
                }
                case "Q" -> {
                    if (f.length != 9 || f[2].equals(runId) || !Arrays.asList(f[3].split(",")).contains(runId)) return;
                    String reqId = f[1], from = f[2], master = f[4];
                    Addr addr = new Addr(f[5], Integer.parseInt(f[6]));
                    long epoch = Long.parseLong(f[7]);
                    String askRunId = f[8];
                    hop.execute(() -> listener.onQuestion(from, master, addr, epoch, askRunId,
                            a -> answer(reqId, from, master, a)));
                }
                case "A" -> {
                    if (f.length != 8 || !f[3].equals(runId)) return;
                    String from = f[2], master = f[4], leader = f[6];
                    boolean down = f[5].equals("1");
                    long leaderEpoch = Long.parseLong(f[7]);
                    hop.execute(() -> listener.onAnswer(master, from, down, leader, leaderEpoch));
                }
                default -> log.debug("unknown peer message kind {}", f[0]);
            }
        } catch (NumberFormatException e) {
            log.debug("malformed peer message {}", Arrays.toString(f));
        }
    }

    /** Leaves the group: a graceful shutdown tells the others at once. */
    @Override
    public void close() {
        closed = true;
        try {
            hz.shutdown();
        } catch (RuntimeException ignored) {
            // already down
        }
    }

    /** Test hook: drop out without telling anyone, as a crashed process would. */
    public void crash() {
        closed = true;
        hz.getLifecycleService().terminate();
    }
}
