package vigil.sentinel.core;

import java.util.ArrayList;
import java.util.List;

/**
 * The fields of an INFO reply the sentinel acts on, parsed the way Redis 7.0's
 * sentinelRefreshInstanceInfo reads them (line by line, unknown lines ignored). Replica fields are
 * only taken when the role is slave, as Redis does.
 */
public final class InfoFacts {
    /** run_id (40 chars), or null when absent. */
    public String runId;
    /** MASTER, REPLICA, or null when the reply has no role line. */
    public InstanceKind role;
    /** slaveN lines (masters): the replicas' announced addresses, in order. */
    public final List<Addr> replicas = new ArrayList<>();
    /** master_link_down_since_seconds, in ms (0 when absent). */
    public long masterLinkDownMs;
    public String masterHost;
    public int masterPort;
    public boolean masterHostSeen;
    public boolean masterPortSeen;
    public boolean masterLinkUp;
    public boolean masterLinkStatusSeen;
    /** slave_priority / replica_priority; -1 when absent. */
    public int priority = -1;
    /** slave_repl_offset; -1 when absent. */
    public long replOffset = -1;
    /** replica_announced; -1 when absent. */
    public int replicaAnnounced = -1;
    /** master_repl_offset (any role); -1 when absent. */
    public long masterReplOffset = -1;
    /** Vigil replicas: master_sync_refused:1 (a full sync from a master behind it was refused). */
    public boolean syncRefused;

    /** min_replicas_ack / min_replicas_ack_join_delay (Vigil's zero-loss mode); -1 when absent. */
    public int minReplicasAck = -1;
    public long minReplicasAckJoinDelay = -1;
    /** master_replid / master_replid2 (null when absent), second_repl_offset (-1 when absent). */
    public String replid;
    public String replid2;
    public long secondReplOffset = -1;

    private InfoFacts() {
    }

    public static InfoFacts parse(String info) {
        InfoFacts f = new InfoFacts();
        List<String> replicaLines = new ArrayList<>();
        List<String> roleLines = new ArrayList<>();
        for (String raw : info.split("\r?\n")) {
            String l = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
            if (l.startsWith("run_id:") && l.length() >= 47) {
                f.runId = l.substring(7, 47);
            } else if (l.length() >= 7 && l.startsWith("slave") && Character.isDigit(l.charAt(5))) {
                replicaLines.add(l);
            } else if (l.startsWith("master_link_down_since_seconds:")) {
                f.masterLinkDownMs = parseLong(l.substring(31), 0) * 1000;
            } else if (l.startsWith("min_replicas_ack:")) {
                f.minReplicasAck = (int) parseLong(l.substring(17), -1);
            } else if (l.startsWith("min_replicas_ack_join_delay:")) {
                f.minReplicasAckJoinDelay = parseLong(l.substring(28), -1);
            } else if (l.startsWith("master_replid:")) {
                f.replid = l.substring(14).trim();
            } else if (l.startsWith("master_replid2:")) {
                f.replid2 = l.substring(15).trim();
            } else if (l.startsWith("second_repl_offset:")) {
                f.secondReplOffset = parseLong(l.substring(19), -1);
            } else if (l.startsWith("master_repl_offset:")) {
                f.masterReplOffset = parseLong(l.substring(19), -1);
            } else if (l.equals("role:master")) {
                f.role = InstanceKind.MASTER;
            } else if (l.equals("role:slave")) {
                f.role = InstanceKind.REPLICA;
            } else {
                roleLines.add(l);
            }
        }
        for (String l : replicaLines) {
            Addr a = parseReplicaLine(l);
            if (a != null) {
                f.replicas.add(a);
            }
        }
        if (f.role == InstanceKind.REPLICA) {
            for (String l : roleLines) {
                f.replicaField(l);
            }
        }
        return f;
    }

    private void replicaField(String l) {
        if (l.startsWith("master_host:")) {
            masterHost = l.substring(12);
            masterHostSeen = true;
        } else if (l.startsWith("master_port:")) {
            masterPort = (int) parseLong(l.substring(12), 0);
            masterPortSeen = true;
        } else if (l.startsWith("master_link_status:")) {
            masterLinkUp = l.substring(19).equalsIgnoreCase("up");
            masterLinkStatusSeen = true;
        } else if (l.startsWith("slave_priority:")) {
            priority = (int) parseLong(l.substring(15), 100);
        } else if (l.startsWith("replica_priority:")) {
            priority = (int) parseLong(l.substring(17), 100);
        } else if (l.startsWith("slave_repl_offset:")) {
            replOffset = parseLong(l.substring(18), 0);
        } else if (l.equals("master_sync_refused:1")) {
            syncRefused = true;
        } else if (l.startsWith("replica_announced:")) {
            replicaAnnounced = (int) parseLong(l.substring(18), 1);
        }
    }

    /**
     * {@code slave0:ip=127.0.0.1,port=6380,state=online,offset=1,lag=0} (or the old
     * {@code slave0:<ip>,<port>,<state>} form); null when it names no usable address.
     */
    static Addr parseReplicaLine(String l) {
        int colon = l.indexOf(':');
        if (colon < 0) {
            return null;
        }
        String body = l.substring(colon + 1);
        String ip = null;
        String port = null;
        if (!body.contains("=")) {
            String[] p = body.split(",");
            if (p.length >= 2) {
                ip = p[0];
                port = p[1];
            }
        } else {
            for (String kv : body.split(",")) {
                if (kv.startsWith("ip=")) {
                    ip = kv.substring(3);
                } else if (kv.startsWith("port=")) {
                    port = kv.substring(5);
                }
            }
        }
        if (ip == null || port == null || ip.isEmpty()) {
            return null;
        }
        long p = parseLong(port, -1);
        if (p < 0 || p > 65535) {
            return null;
        }
        return new Addr(ip, (int) p);
    }

    /** strtoll/atoi-like: leading number, {@code dflt} when there is none. */
    static long parseLong(String s, long dflt) {
        s = s.trim();
        int i = 0;
        if (i < s.length() && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            i++;
        }
        int start = i;
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
            i++;
        }
        if (i == start) {
            return dflt;
        }
        try {
            return Long.parseLong(s.substring(0, i));
        } catch (NumberFormatException e) {
            return dflt;
        }
    }
}
