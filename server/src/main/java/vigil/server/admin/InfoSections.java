package vigil.server.admin;

import vigil.resp.server.command.CommandSpec;
import vigil.resp.server.info.ServerInfo;
import vigil.server.node.VigilServer;
import vigil.resp.server.command.CommandSpec;
import vigil.server.node.Client;
import vigil.server.stats.ServerStats;
import vigil.server.keyspace.Db;
import vigil.server.keyspace.Dict;
import vigil.server.keyspace.KeyspaceStats;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The bodies of INFO's sections, with Redis 7.0's field names in Redis's order. Values that have
 * no meaning in a JVM are reported the way Redis reports an absent feature (0, "no", 0.0.0).
 */
final class InfoSections {
    private static final SplittableRandom RANDOM = new SplittableRandom();

    private InfoSections() {
    }

    static void server(StringBuilder sb, VigilServer s, vigil.server.node.Client c) {
        ServerInfo.server(sb, new ServerInfo.Identity("standalone", VigilServer.VIGIL_VERSION, s.runId,
                InfoCommand.port(s, c), s.startTimeMs, s.clock.getAsLong(), s.config.hz, s.config.configFile));
    }

    /** blocked_clients: blocked on keys or in WAIT, plus the commands CLIENT PAUSE holds (Redis counts BLOCKED_POSTPONE). */
    static void clients(StringBuilder sb, VigilServer s, int heldClients) {
        ServerInfo.clients(sb, s.clients.size(), s.config.maxclients, s.blocking.blockedCount() + heldClients);
    }

    static void stats(StringBuilder sb, VigilServer s) {
        ServerStats st = s.stats;
        KeyspaceStats ks = s.keyspace.stats();
        Map<String, Object> v = new HashMap<>();
        v.put("total_connections_received", st.totalConnections);
        v.put("total_commands_processed", st.totalCommands);
        v.put("instantaneous_ops_per_sec", st.opsPerSec.value());
        v.put("total_net_input_bytes", st.netInputBytes + st.netReplInputBytes);
        v.put("total_net_output_bytes", st.netOutputBytes + st.netReplOutputBytes);
        v.put("total_net_repl_input_bytes", st.netReplInputBytes);
        v.put("total_net_repl_output_bytes", st.netReplOutputBytes);
        v.put("instantaneous_input_kbps", ServerInfo.kbps(st.inputBytesPerSec.value()));
        v.put("instantaneous_output_kbps", ServerInfo.kbps(st.outputBytesPerSec.value()));
        v.put("instantaneous_input_repl_kbps", ServerInfo.kbps(st.replInputBytesPerSec.value()));
        v.put("instantaneous_output_repl_kbps", ServerInfo.kbps(st.replOutputBytesPerSec.value()));
        v.put("rejected_connections", st.rejectedConnections);
        v.put("sync_full", st.syncFull);
        v.put("sync_partial_ok", st.syncPartialOk);
        v.put("sync_partial_err", st.syncPartialErr);
        v.put("expired_keys", ks.expiredKeys);
        v.put("expired_stale_perc", String.format(Locale.ROOT, "%.2f", (double) ks.expiredStalePerc));
        v.put("expired_time_cap_reached_count", ks.expiredTimeCapReachedCount);
        v.put("expire_cycle_cpu_milliseconds", ks.expireCycleCpuMillis);
        v.put("evicted_keys", ks.evictedKeys);
        v.put("keyspace_hits", ks.keyspaceHits);
        v.put("keyspace_misses", ks.keyspaceMisses);
        v.put("pubsub_channels", s.pubsub.channelCount());
        v.put("pubsub_patterns", s.pubsub.patternCount());
        v.put("unexpected_error_replies", st.unexpectedErrorReplies);
        v.put("total_error_replies", st.totalErrorReplies);
        ServerInfo.stats(sb, v);
    }

    static void commandstats(StringBuilder sb, VigilServer s) {
        for (CommandSpec<Client> c : s.commands.all()) {
            if (c.subcommands.isEmpty()) commandstat(sb, c);
            else for (CommandSpec<Client> sub : c.subcommands.values()) commandstat(sb, sub);
        }
    }

    private static void commandstat(StringBuilder sb, CommandSpec<Client> c) {
        if (c.calls == 0 && c.failedCalls == 0 && c.rejectedCalls == 0) return;
        sb.append("cmdstat_").append(c.fullName()).append(":calls=").append(c.calls)
                .append(",usec=").append(c.micros)
                .append(",usec_per_call=").append(String.format(Locale.ROOT, "%.2f", c.calls == 0 ? 0.0 : (double) c.micros / c.calls))
                .append(",rejected_calls=").append(c.rejectedCalls)
                .append(",failed_calls=").append(c.failedCalls).append("\r\n");
    }

    static void errorstats(StringBuilder sb, VigilServer s) {
        for (Map.Entry<String, Long> e : s.stats.errorCodes.entrySet()) {
            sb.append("errorstat_").append(e.getKey()).append(":count=").append(e.getValue()).append("\r\n");
        }
    }

    static void keyspace(StringBuilder sb, VigilServer s) {
        for (int i = 0; i < s.keyspace.size(); i++) {
            Db db = s.keyspace.db(i);
            if (db.size() == 0) continue;
            sb.append("db").append(i).append(":keys=").append(db.size())
                    .append(",expires=").append(db.volatileCount())
                    .append(",avg_ttl=").append(avgTtl(db, s.keyspace.wallClock())).append("\r\n");
        }
    }

    /** Average remaining TTL in ms: exact up to 128 volatile keys, else from 128 random samples. */
    static long avgTtl(Db db, long now) {
        Dict expires = db.expiresDict();
        int n = expires.size();
        if (n == 0) return 0;
        long[] sum = {0, 0};
        if (n <= 128) {
            expires.forEach(node -> addTtl(sum, ttlNode(node), now));
        } else {
            for (int i = 0; i < 128; i++) {
                Dict.Node node = expires.random(RANDOM);
                if (node != null) addTtl(sum, ttlNode(node), now);
            }
        }
        return sum[1] == 0 ? 0 : sum[0] / sum[1];
    }

    private static Dict.Node ttlNode(Dict.Node expiresNode) {
        return expiresNode.value instanceof Dict.Node main ? main : expiresNode;
    }

    private static void addTtl(long[] acc, Dict.Node node, long now) {
        if (node.expireAt < 0) return;
        acc[0] += Math.max(0, node.expireAt - now);
        acc[1]++;
    }
}
