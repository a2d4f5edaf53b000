package vigil.server.admin;

import vigil.resp.server.command.CommandSpec;
import vigil.resp.server.info.ServerInfo;
import vigil.server.VigilServer;
import vigil.server.client.Client;
import vigil.server.keyspace.Db;
import vigil.server.keyspace.Dict;
import vigil.server.keyspace.KeyspaceStats;

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

    static void server(StringBuilder sb, VigilServer s, vigil.server.client.Client c) {
        ServerInfo.server(sb, new ServerInfo.Identity("standalone", VigilServer.VIGIL_VERSION, s.runId,
                InfoCommand.port(s, c), s.startTimeMs, s.clock.getAsLong(), s.config.hz, s.config.configFile));
    }

    static void clients(StringBuilder sb, VigilServer s) {
        vigil.server.blocking.BlockingManager bm = s.service(vigil.server.blocking.BlockingManager.class);
        ServerInfo.clients(sb, s.clients.size(), s.config.maxclients, bm == null ? 0 : bm.blockedCount());
    }

    static void stats(StringBuilder sb, VigilServer s) {
        ServerStats st = s.stats;
        KeyspaceStats ks = s.keyspace.stats();
        InfoCommand.field(sb, "total_connections_received", st.totalConnections);
        InfoCommand.field(sb, "total_commands_processed", st.totalCommands);
        InfoCommand.field(sb, "instantaneous_ops_per_sec", st.opsPerSec.value());
        InfoCommand.field(sb, "total_net_input_bytes", st.netInputBytes + st.netReplInputBytes);
        InfoCommand.field(sb, "total_net_output_bytes", st.netOutputBytes + st.netReplOutputBytes);
        InfoCommand.field(sb, "total_net_repl_input_bytes", st.netReplInputBytes);
        InfoCommand.field(sb, "total_net_repl_output_bytes", st.netReplOutputBytes);
        InfoCommand.field(sb, "instantaneous_input_kbps", kbps(st.inputBytesPerSec.value()));
        InfoCommand.field(sb, "instantaneous_output_kbps", kbps(st.outputBytesPerSec.value()));
        InfoCommand.field(sb, "instantaneous_input_repl_kbps", kbps(st.replInputBytesPerSec.value()));
        InfoCommand.field(sb, "instantaneous_output_repl_kbps", kbps(st.replOutputBytesPerSec.value()));
        InfoCommand.field(sb, "rejected_connections", st.rejectedConnections);
        InfoCommand.field(sb, "sync_full", st.syncFull);
        InfoCommand.field(sb, "sync_partial_ok", st.syncPartialOk);
        InfoCommand.field(sb, "sync_partial_err", st.syncPartialErr);
        InfoCommand.field(sb, "expired_keys", ks.expiredKeys);
        InfoCommand.field(sb, "expired_stale_perc", String.format(Locale.ROOT, "%.2f", (double) ks.expiredStalePerc));
        InfoCommand.field(sb, "expired_time_cap_reached_count", ks.expiredTimeCapReachedCount);
        InfoCommand.field(sb, "expire_cycle_cpu_milliseconds", ks.expireCycleCpuMillis);
        InfoCommand.field(sb, "evicted_keys", ks.evictedKeys);
        InfoCommand.field(sb, "evicted_clients", 0);
        InfoCommand.field(sb, "total_eviction_exceeded_time", 0);
        InfoCommand.field(sb, "current_eviction_exceeded_time", 0);
        InfoCommand.field(sb, "keyspace_hits", ks.keyspaceHits);
        InfoCommand.field(sb, "keyspace_misses", ks.keyspaceMisses);
        InfoCommand.field(sb, "pubsub_channels", s.pubsub.channelCount());
        InfoCommand.field(sb, "pubsub_patterns", s.pubsub.patternCount());
        InfoCommand.field(sb, "pubsubshard_channels", 0);
        InfoCommand.field(sb, "latest_fork_usec", 0);
        InfoCommand.field(sb, "total_forks", 0);
        InfoCommand.field(sb, "migrate_cached_sockets", 0);
        InfoCommand.field(sb, "slave_expires_tracked_keys", 0);
        InfoCommand.field(sb, "active_defrag_hits", 0);
        InfoCommand.field(sb, "active_defrag_misses", 0);
        InfoCommand.field(sb, "active_defrag_key_hits", 0);
        InfoCommand.field(sb, "active_defrag_key_misses", 0);
        InfoCommand.field(sb, "total_active_defrag_time", 0);
        InfoCommand.field(sb, "current_active_defrag_time", 0);
        InfoCommand.field(sb, "tracking_total_keys", 0);
        InfoCommand.field(sb, "tracking_total_items", 0);
        InfoCommand.field(sb, "tracking_total_prefixes", 0);
        InfoCommand.field(sb, "unexpected_error_replies", st.unexpectedErrorReplies);
        InfoCommand.field(sb, "total_error_replies", st.totalErrorReplies);
        InfoCommand.field(sb, "dump_payload_sanitizations", 0);
        InfoCommand.field(sb, "total_reads_processed", 0);
        InfoCommand.field(sb, "total_writes_processed", 0);
        InfoCommand.field(sb, "io_threaded_reads_processed", 0);
        InfoCommand.field(sb, "io_threaded_writes_processed", 0);
        InfoCommand.field(sb, "reply_buffer_shrinks", 0);
        InfoCommand.field(sb, "reply_buffer_expands", 0);
    }

    private static String kbps(long bytesPerSec) {
        return String.format(Locale.ROOT, "%.2f", bytesPerSec / 1024.0);
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
