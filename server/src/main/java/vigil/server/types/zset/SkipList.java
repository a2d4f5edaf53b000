package vigil.server.types.zset;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Redis's zskiplist, ported: nodes ordered by (score, member) with per-level spans, so rank
 * lookups, rank-to-node and range bounds are all O(log n). The member-to-node index lives in
 * {@link ZSetValue}.
 */
final class SkipList {
    static final int MAX_LEVEL = 32;
    private static final SplittableRandom RND = new SplittableRandom();

    static final class Node {
        final byte[] ele;
        double score;
        Node backward;
        final Node[] forward;
        final long[] span;

        Node(int level, double score, byte[] ele) {
            this.ele = ele;
            this.score = score;
            this.forward = new Node[level];
            this.span = new long[level];
        }
    }

    /** A condition on nodes that holds for a prefix (or suffix) of the list. */
    interface Bound {
        boolean test(double score, byte[] ele);
    }

    final Node header = new Node(MAX_LEVEL, 0, null);
    Node tail;
    int length;
    int level = 1;

    private static int randomLevel() {
        int l = 1;
        while (l < MAX_LEVEL && (RND.nextInt() & 0xFFFF) < (int) (0.25 * 0xFFFF)) l++;
        return l;
    }

    private static boolean before(Node x, double score, byte[] ele) {
        return x.score < score || (x.score == score && Arrays.compareUnsigned(x.ele, ele) < 0);
    }

    Node insert(double score, byte[] ele) {
        Node[] update = new Node[MAX_LEVEL];
        long[] rank = new long[MAX_LEVEL];
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            rank[i] = i == level - 1 ? 0 : rank[i + 1];
            while (x.forward[i] != null && before(x.forward[i], score, ele)) {
                rank[i] += x.span[i];
                x = x.forward[i];
            }
            update[i] = x;
        }
        int lvl = randomLevel();
        if (lvl > level) {
            for (int i = level; i < lvl; i++) {
                rank[i] = 0;
                update[i] = header;
                update[i].span[i] = length;
            }
            level = lvl;
        }
        x = new Node(lvl, score, ele);
        for (int i = 0; i < lvl; i++) {
            x.forward[i] = update[i].forward[i];
            update[i].forward[i] = x;
            x.span[i] = update[i].span[i] - (rank[0] - rank[i]);
            update[i].span[i] = (rank[0] - rank[i]) + 1;
        }
        for (int i = lvl; i < level; i++) update[i].span[i]++;
        x.backward = update[0] == header ? null : update[0];
        if (x.forward[0] != null) x.forward[0].backward = x;
        else tail = x;
        length++;
        return x;
    }

    /** Deletes the node with this score and member; false when absent. */
    boolean delete(double score, byte[] ele) {
        Node[] update = new Node[MAX_LEVEL];
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && before(x.forward[i], score, ele)) x = x.forward[i];
            update[i] = x;
        }
        x = x.forward[0];
        if (x != null && x.score == score && Arrays.equals(x.ele, ele)) {
            deleteNode(x, update);
            return true;
        }
        return false;
    }

    private void deleteNode(Node x, Node[] update) {
        for (int i = 0; i < level; i++) {
            if (update[i].forward[i] == x) {
                update[i].span[i] += x.span[i] - 1;
                update[i].forward[i] = x.forward[i];
            } else {
                update[i].span[i] -= 1;
            }
        }
        if (x.forward[0] != null) x.forward[0].backward = x.backward;
        else tail = x.backward;
        while (level > 1 && header.forward[level - 1] == null) level--;
        length--;
    }

    /** 1-based rank of the node with this score and member, 0 when absent. */
    long rank(double score, byte[] ele) {
        Node x = header;
        long rank = 0;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && (x.forward[i].score < score
                    || (x.forward[i].score == score && Arrays.compareUnsigned(x.forward[i].ele, ele) <= 0))) {
                rank += x.span[i];
                x = x.forward[i];
            }
            if (x.ele != null && x.score == score && Arrays.equals(x.ele, ele)) return rank;
        }
        return 0;
    }

    /** The node at a 1-based rank, or null. */
    Node byRank(long rank) {
        Node x = header;
        long traversed = 0;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && traversed + x.span[i] <= rank) {
                traversed += x.span[i];
                x = x.forward[i];
            }
            if (traversed == rank) return x;
        }
        return null;
    }

    /** Number of nodes before the first one satisfying {@code lower} (greedy descent, as zslFirstInRange). */
    long countBefore(Bound lower) {
        Node x = header;
        long traversed = 0;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && !lower.test(x.forward[i].score, x.forward[i].ele)) {
                traversed += x.span[i];
                x = x.forward[i];
            }
        }
        return traversed;
    }

    /** Number of leading nodes satisfying {@code upper} (as zslLastInRange). */
    long countWhile(Bound upper) {
        Node x = header;
        long traversed = 0;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && upper.test(x.forward[i].score, x.forward[i].ele)) {
                traversed += x.span[i];
                x = x.forward[i];
            }
        }
        return traversed;
    }
}
