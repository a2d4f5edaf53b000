package vigil.sentinel.peers;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import vigil.sentinel.core.Addr;
import vigil.sentinel.core.SentinelBrain;

import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three peer-group members in one JVM, started knowing nobody, find each other from the hello
 * addresses fed to their directories, answer IS-MASTER-DOWN questions, relay hellos, and notice a
 * member that leaves (gracefully or by crashing). The measured times are printed for docs/sentinel.md.
 */
class PeerGroupTest {
    private final List<Member> members = new ArrayList<>();

    /** One sentinel's view: its group and what its listener received. */
    static final class Member implements PeerListener {
        final String runId;
        final int sentinelPort;
        final PeerDirectory directory = new PeerDirectory(PeerDirectory.DEFAULT_PORT_OFFSET, List.of());
        volatile Set<String> alive = Set.of();
        final BlockingQueue<String> hellos = new LinkedBlockingQueue<>();
        final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
        final BlockingQueue<String> questions = new LinkedBlockingQueue<>();
        final BlockingQueue<String> beats = new LinkedBlockingQueue<>();
        PeerGroup group;

        Member(String runId, int sentinelPort) {
            this.runId = runId;
            this.sentinelPort = sentinelPort;
        }

        @Override
        public void onPeersAlive(Set<String> runIds) {
            alive = runIds;
        }

        @Override
        public void onHello(String payload) {
            hellos.add(payload);
        }

        @Override
        public void onBeat(String peerRunId) {
            beats.add(peerRunId);
        }

        @Override
        public void onQuestion(String fromRunId, String master, Addr addr, long epoch, String runId,
                               Consumer<SentinelBrain.DownAnswer> reply) {
            questions.add(fromRunId + " " + master + " " + addr + " " + epoch + " " + runId);
            // This member votes for whoever asks first in an epoch and says the master is down.
            reply.accept(new SentinelBrain.DownAnswer(true, runId, epoch));
        }

        @Override
        public void onAnswer(String master, String peerRunId, boolean down, String leaderRunId, long leaderEpoch) {
            answers.add(master + " " + peerRunId + " " + down + " " + leaderRunId + " " + leaderEpoch);
        }
    }

    @AfterEach
    void closeAll() {
        for (Member m : members) {
            if (m.group != null) m.group.close();
        }
    }

    private static int freeSentinelPort() throws Exception {
        // A sentinel port whose Hazelcast port (port + offset) is free.
        for (int i = 0; i < 50; i++) {
            try (ServerSocket s = new ServerSocket(0)) {
                int hz = s.getLocalPort();
                if (hz - PeerDirectory.DEFAULT_PORT_OFFSET > 1024) return hz - PeerDirectory.DEFAULT_PORT_OFFSET;
            }
        }
        throw new IllegalStateException("no free port");
    }

    private static String id(char c) {
        return String.valueOf(c).repeat(40);
    }

    private static void await(String what, long timeoutMs, java.util.function.BooleanSupplier cond) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (!cond.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(20);
        }
    }

    /** Starts three strangers under one cluster name and feeds each the others' hello addresses. */
    private List<Member> formGroup() throws Exception {
        String cluster = "test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        List<Member> ms = new ArrayList<>();
        for (char c : new char[]{'a', 'b', 'c'}) {
            Member m = new Member(id(c), freeSentinelPort());
            PeerOptions o = PeerOptions.defaults(m.runId, "127.0.0.1", m.sentinelPort + PeerDirectory.DEFAULT_PORT_OFFSET)
                    .withClusterName(cluster);
            members.add(m);
            m.group = PeerGroup.start(o, m.directory, m, Runnable::run);
            ms.add(m);
        }
        long fed = System.nanoTime();
        for (Member m : ms) {
            for (Member other : ms) {
                if (other != m) m.directory.addSentinel("127.0.0.1", other.sentinelPort);
            }
        }
        await("all three members to see each other", 60_000, () -> ms.stream().allMatch(m -> m.alive.size() == 2));
        System.out.printf("peer group: three strangers formed one group %d ms after learning the addresses%n",
                (System.nanoTime() - fed) / 1_000_000);
        return ms;
    }

    @Test
    void strangersFedHelloAddressesFormOneGroupAndAnswerQuestions() throws Exception {
        List<Member> ms = formGroup();
        Member a = ms.get(0), b = ms.get(1), c = ms.get(2);
        assertEquals(Set.of(b.runId, c.runId), a.alive);
        assertEquals(Set.of(a.runId, c.runId), b.alive);

        a.group.ask("mymaster", new Addr("127.0.0.1", 6379), 7, a.runId, List.of(b.runId, c.runId));
        String ab = a.answers.poll(10, TimeUnit.SECONDS);
        String ac = a.answers.poll(10, TimeUnit.SECONDS);
        assertNotNull(ab);
        assertNotNull(ac);
        assertEquals(Set.of("mymaster " + b.runId + " true " + a.runId + " 7", "mymaster " + c.runId + " true " + a.runId + " 7"),
                Set.of(ab, ac));
        assertEquals(a.runId + " mymaster 127.0.0.1:6379 7 " + a.runId, b.questions.poll(5, TimeUnit.SECONDS));
        assertTrue(a.questions.isEmpty(), "the asker does not answer itself");

        // A question addressed to b only is not answered by c.
        a.group.ask("mymaster", new Addr("127.0.0.1", 6379), 8, "*", List.of(b.runId));
        assertNotNull(a.answers.poll(10, TimeUnit.SECONDS));
        assertEquals(null, a.answers.poll(300, TimeUnit.MILLISECONDS));

        c.group.broadcastHello("127.0.0.1,26379," + c.runId + ",1,mymaster,127.0.0.1,6379,0", 0);
        assertEquals("127.0.0.1,26379," + c.runId + ",1,mymaster,127.0.0.1,6379,0", a.hellos.poll(10, TimeUnit.SECONDS));
        assertNotNull(b.hellos.poll(10, TimeUnit.SECONDS));
        assertTrue(c.hellos.isEmpty(), "own hellos are not delivered back");

        // Beats (Isolation counts the peers heard) reach the others with the sender's run id, not the sender.
        b.group.beat();
        assertEquals(b.runId, a.beats.poll(10, TimeUnit.SECONDS));
        assertEquals(b.runId, c.beats.poll(10, TimeUnit.SECONDS));
        assertEquals(null, b.beats.poll(300, TimeUnit.MILLISECONDS));
    }

    @Test
    void aMemberThatShutsDownIsGoneAtOnce() throws Exception {
        List<Member> ms = formGroup();
        Member a = ms.get(0), c = ms.get(2);
        long t0 = System.nanoTime();
        c.group.close();
        await("a to notice c left", 20_000, () -> !a.alive.contains(c.runId));
        System.out.printf("peer group: graceful leave noticed in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        assertEquals(Set.of(ms.get(1).runId), a.alive);
    }

    @Test
    void aCrashedMemberIsNoticedWithinTheHeartbeatTimeout() throws Exception {
        List<Member> ms = formGroup();
        Member a = ms.get(0), b = ms.get(1), c = ms.get(2);
        long t0 = System.nanoTime();
        c.group.crash();
        await("a and b to notice c crashed", 20_000, () -> !a.alive.contains(c.runId) && !b.alive.contains(c.runId));
        long ms_ = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("peer group: crashed member noticed in %d ms%n", ms_);
        assertTrue(ms_ < 10_000, "crash noticed in " + ms_ + " ms");
    }
}
