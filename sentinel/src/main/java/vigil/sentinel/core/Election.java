package vigil.sentinel.core;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Agreement between sentinels, as Redis's sentinelAskMasterStateToOtherSentinels,
 * sentinelReceiveIsMasterDownReply, sentinelVoteLeader and sentinelGetLeader: peers are asked
 * whether the master is down (and, once a failover started, for their vote in its epoch); each
 * sentinel votes once per epoch (the vote is persisted before it is answered); a leader needs the
 * votes of a majority of all known sentinels, this one included, and at least quorum.
 */
final class Election {
    private static final Logger LOG = LoggerFactory.getLogger(Election.class);
    private final SentinelBrain b;

    Election(SentinelBrain b) {
        this.b = b;
    }

    /** Ask the alive peers that are due (or all alive ones when {@code forced}) while the master is S_DOWN. */
    void askPeers(MasterState m, long now, boolean forced) {
        List<String> ask = new ArrayList<>();
        for (PeerState p : m.sentinels.values()) {
            // Answers older than 5 ask periods no longer count (Redis clears MASTER_DOWN and the vote).
            if (now - p.lastMasterDownReply > b.askPeriodMs * 5) {
                if (now - p.lastDownHeard > b.askPeriodMs * 5) {
                    p.flags.remove(Flag.MASTER_DOWN);
                }
                p.leader = null;
            }
            if (!m.has(Flag.S_DOWN) || !p.linkUp) {
                continue;
            }
            // Vigil: while only this sentinel holds the master down, re-ask the peers that said
            // "not down" every fastAskPeriodMs (they see the same dropped link within a tick).
            long period = !m.has(Flag.O_DOWN) && m.failoverState == FailoverState.NONE && !p.has(Flag.MASTER_DOWN)
                    ? Math.min(b.fastAskPeriodMs, b.askPeriodMs) : b.askPeriodMs;
            if (!forced && (now - p.lastMasterDownReply < period || now - p.lastAskSent < period)) {
                continue;
            }
            p.lastAskSent = now;
            ask.add(p.runId);
        }
        if (!ask.isEmpty()) {
            boolean candidate = m.failoverState != FailoverState.NONE;
            String runId = candidate ? b.settings.myId : "*";
            // Vigil: a candidate asks for votes in its failover's epoch, not in a higher current
            // epoch learned meanwhile (Redis asks in current_epoch: votes won there would elect
            // this sentinel for its older failover epoch, beside that epoch's real leader).
            long epoch = candidate ? m.failoverEpoch : b.settings.currentEpoch;
            b.act(new Action.AskPeers(m.name, m.addr, epoch, runId, ask));
        }
    }

    /**
     * Vigil: a peer asked IS-MASTER-DOWN-BY-ADDR about {@code m} over the group. A sentinel only
     * asks while it holds the master S_DOWN, so the question carries its opinion: count it as a
     * "down" answer (not as a vote) without waiting to ask it ourselves.
     */
    void peerAsked(MasterState m, PeerState p, long now) {
        p.lastDownHeard = now;
        p.flags.add(Flag.MASTER_DOWN);
    }

    void peerReply(MasterState m, PeerState p, boolean masterDown, String leaderRunId, long leaderEpoch, long now) {
        p.lastMasterDownReply = now;
        if (masterDown) {
            p.flags.add(Flag.MASTER_DOWN);
        } else {
            p.flags.remove(Flag.MASTER_DOWN);
        }
        if (leaderRunId != null && !"*".equals(leaderRunId)) {
            if (p.leader == null || !p.leader.equalsIgnoreCase(leaderRunId)) {
                LOG.info("{} voted for {} {}", p.name, leaderRunId, leaderEpoch);
            }
            p.leader = leaderRunId;
            p.leaderEpoch = leaderEpoch;
        }
    }

    /**
     * Redis's sentinelVoteLeader: adopt a higher epoch; vote for {@code reqRunId} if this sentinel
     * has not voted in {@code reqEpoch} yet. Returns the leader this sentinel voted for (any epoch),
     * or null. Persist is queued before the vote can be answered.
     */
    String vote(MasterState m, long reqEpoch, String reqRunId, long now) {
        SentinelSettings s = b.settings;
        if (reqEpoch > s.currentEpoch) {
            s.currentEpoch = reqEpoch;
            b.persist();
            b.event("+new-epoch", true, m, Long.toString(s.currentEpoch));
        }
        if (m.leaderEpoch < reqEpoch && s.currentEpoch <= reqEpoch) {
            m.leader = reqRunId;
            m.leaderEpoch = s.currentEpoch;
            b.persist();
            b.event("+vote-for-leader", true, m, m.leader + " " + m.leaderEpoch);
            // Vigil: the group learns of the vote at once (its epoch blocks fast conversions, FastConversion).
            b.hello.broadcast(m, now);
            // Voted for another sentinel: don't start our own failover for failover-timeout*2.
            if (!m.leader.equalsIgnoreCase(s.myId)) {
                m.failoverStartTime = now + b.desync();
            }
        }
        return m.leader;
    }

    /**
     * Redis's sentinelGetLeader: the winner of {@code epoch} as far as this sentinel knows, or null.
     * Vigil counts only the votes cast in {@code epoch} (Redis counts those of the current epoch,
     * which may have moved past the failover's epoch: two leaders for one failover epoch).
     */
    String getLeader(MasterState m, long epoch, long now) {
        Map<String, Integer> counters = new LinkedHashMap<>();
        int voters = m.sentinels.size() + 1;
        for (PeerState p : m.sentinels.values()) {
            if (p.leader != null && p.leaderEpoch == epoch) {
                counters.merge(p.leader, 1, Integer::sum);
            }
        }
        String winner = null;
        int maxVotes = 0;
        for (Map.Entry<String, Integer> e : counters.entrySet()) {
            if (e.getValue() > maxVotes) {
                maxVotes = e.getValue();
                winner = e.getKey();
            }
        }
        // Vote for the peers' favourite if there is one, else for ourselves.
        String myVote = vote(m, epoch, winner != null ? winner : b.settings.myId, now);
        if (myVote != null && m.leaderEpoch == epoch) {
            int votes = counters.merge(myVote, 1, Integer::sum);
            if (votes > maxVotes) {
                maxVotes = votes;
                winner = myVote;
            }
        }
        int votersQuorum = voters / 2 + 1;
        if (winner != null && (maxVotes < votersQuorum || maxVotes < m.quorum)) {
            winner = null;
        }
        return winner;
    }
}
