package vigil.sentinel.server;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Redis 7.0's sentinel-mode command table: the 15 commands (and their subcommands) a
 * redis-sentinel answers, with the arity, flags, ACL categories and tips COMMAND reports, and the
 * handler that runs each. Everything else gets Redis's "unknown command" error.
 */
final class CommandTable {
    interface Handler {
        void run(SentinelConnection c, byte[][] argv);
    }

    static final class Spec {
        final String name;
        final String fullName;
        final int arity;
        final List<String> flags;
        final List<String> acl;
        final List<String> tips;
        final Handler handler;
        final Map<String, Spec> subs = new LinkedHashMap<>();

        Spec(String fullName, int arity, String flags, String acl, String tips, Handler handler) {
            this.fullName = fullName;
            this.name = fullName.contains("|") ? fullName.substring(fullName.indexOf('|') + 1) : fullName;
            this.arity = arity;
            this.flags = words(flags);
            this.acl = words(acl);
            this.tips = words(tips);
            this.handler = handler;
        }

        boolean has(String flag) {
            return flags.contains(flag);
        }

        private static List<String> words(String s) {
            return s.isEmpty() ? List.of() : List.of(s.split(","));
        }
    }

    final Map<String, Spec> commands = new LinkedHashMap<>();

    CommandTable(SentinelCommands sentinel, ConnectionCommands conn, ClientCommands client, SentinelPubSub pubsub) {
        String adm = "@admin,@slow,@dangerous";
        add("publish", 3, "pubsub,loading,stale,fast", "@pubsub,@fast", "", conn::publish);
        add("punsubscribe", -1, "pubsub,noscript,loading,stale", "@pubsub,@slow", "", pubsub::punsubscribe);
        Spec acl = add("acl", -2, "", "@slow", "", null);
        sub(acl, "whoami", 2, "noscript,loading,stale", "@slow", "", conn::aclWhoami);
        sub(acl, "help", 2, "loading,stale", "@slow", "", conn::aclUnsupported);
        sub(acl, "cat", -2, "noscript,loading,stale", "@slow", "", conn::aclUnsupported);
        add("shutdown", -1, "admin,noscript,loading,stale,no_multi,allow_busy", adm, "", conn::shutdown);
        add("subscribe", -2, "pubsub,noscript,loading,stale", "@pubsub,@slow", "", pubsub::subscribe);
        add("role", 1, "noscript,loading,stale,fast", "@admin,@fast,@dangerous", "", conn::role);
        add("info", -1, "loading,stale", "@slow,@dangerous",
                "nondeterministic_output,request_policy:all_shards,response_policy:special", conn::info);
        Spec cmd = add("command", -1, "loading,stale", "@slow,@connection", "nondeterministic_output_order", conn::command);
        String cc = "@slow,@connection";
        sub(cmd, "count", 2, "loading,stale", cc, "", conn::commandCount);
        sub(cmd, "help", 2, "loading,stale", cc, "", (c, a) -> c.help("command"));
        sub(cmd, "list", -2, "loading,stale", cc, "nondeterministic_output_order", conn::commandList);
        sub(cmd, "docs", -2, "loading,stale", cc, "nondeterministic_output_order", conn::commandDocs);
        sub(cmd, "info", -2, "loading,stale", cc, "nondeterministic_output_order", conn::commandInfo);
        sub(cmd, "getkeys", -4, "loading,stale", cc, "", conn::commandGetKeys);
        sub(cmd, "getkeysandflags", -4, "loading,stale", cc, "", conn::commandGetKeys);
        add("psubscribe", -2, "pubsub,noscript,loading,stale", "@pubsub,@slow", "", pubsub::psubscribe);
        add("ping", -1, "fast", "@fast,@connection", "request_policy:all_shards,response_policy:all_succeeded", conn::ping);
        add("hello", -1, "noscript,loading,stale,fast,no_auth,allow_busy", "@fast,@connection", "", conn::hello);
        add("unsubscribe", -1, "pubsub,noscript,loading,stale", "@pubsub,@slow", "", pubsub::unsubscribe);
        Spec s = add("sentinel", -2, "admin", adm, "", null);
        sub(s, "failover", 3, "admin", adm, "", sentinel::failover);
        sub(s, "help", 2, "loading,stale", "@slow", "", (c, a) -> c.help("sentinel"));
        sub(s, "myid", 2, "admin", adm, "", sentinel::myid);
        sub(s, "is-master-down-by-addr", 6, "admin", adm, "", sentinel::isMasterDownByAddr);
        sub(s, "flushconfig", 2, "admin", adm, "", sentinel::flushconfig);
        sub(s, "monitor", 6, "admin", adm, "", sentinel::monitor);
        sub(s, "simulate-failure", -3, "admin", adm, "", sentinel::simulateFailure);
        sub(s, "ckquorum", 3, "admin", adm, "", sentinel::ckquorum);
        sub(s, "master", 3, "admin", adm, "", sentinel::master);
        sub(s, "sentinels", 3, "admin", adm, "", sentinel::sentinels);
        sub(s, "set", -5, "admin", adm, "", sentinel::set);
        sub(s, "slaves", 3, "admin", adm, "", sentinel::replicas);
        sub(s, "masters", 2, "admin", adm, "", sentinel::masters);
        sub(s, "info-cache", -3, "admin", adm, "", sentinel::infoCache);
        sub(s, "replicas", 3, "admin", adm, "", sentinel::replicas);
        sub(s, "pending-scripts", 2, "admin", adm, "", sentinel::pendingScripts);
        sub(s, "config", -3, "admin", adm, "", sentinel::config);
        sub(s, "debug", -2, "admin", adm, "", sentinel::debug);
        sub(s, "get-master-addr-by-name", 3, "admin", adm, "", sentinel::getMasterAddrByName);
        sub(s, "reset", 3, "admin", adm, "", sentinel::reset);
        sub(s, "remove", 3, "admin", adm, "", sentinel::remove);
        Spec cl = add("client", -2, "", "@slow", "", null);
        String cf = "noscript,loading,stale";
        String ca = "admin,noscript,loading,stale";
        String cadm = "@admin,@slow,@dangerous,@connection";
        sub(cl, "getname", 2, cf, cc, "", client::getname);
        sub(cl, "trackinginfo", 2, cf, cc, "", client::trackinginfo);
        sub(cl, "help", 2, "loading,stale", cc, "", (c, a) -> c.help("client"));
        sub(cl, "tracking", -3, cf, cc, "", client::tracking);
        sub(cl, "id", 2, cf, cc, "", client::id);
        sub(cl, "getredir", 2, cf, cc, "", client::getredir);
        sub(cl, "reply", 3, cf, cc, "", client::reply);
        sub(cl, "info", 2, cf, cc, "nondeterministic_output", client::info);
        sub(cl, "kill", -3, ca, cadm, "", client::kill);
        sub(cl, "pause", -3, ca, cadm, "", client::ok);
        sub(cl, "caching", 3, cf, cc, "", client::caching);
        sub(cl, "list", -2, ca, cadm, "nondeterministic_output", client::list);
        sub(cl, "unpause", 2, ca, cadm, "", client::ok);
        sub(cl, "setname", 3, cf, cc, "", client::setname);
        sub(cl, "no-evict", 3, ca, cadm, "", client::noEvict);
        sub(cl, "unblock", -3, ca, cadm, "", client::unblock);
        add("auth", -2, "noscript,loading,stale,fast,no_auth,allow_busy", "@fast,@connection", "", conn::auth);
    }

    private Spec add(String name, int arity, String flags, String acl, String tips, Handler h) {
        Spec s = new Spec(name, arity, flags, acl, tips, h);
        commands.put(name, s);
        return s;
    }

    private void sub(Spec parent, String name, int arity, String flags, String acl, String tips, Handler h) {
        parent.subs.put(name, new Spec(parent.name + "|" + name, arity, flags, acl, tips, h));
    }

    Spec lookup(String name) {
        return commands.get(name.toLowerCase(Locale.ROOT));
    }

    /** "name" or "container|sub", as COMMAND INFO takes them. */
    Spec lookupFull(String fullName) {
        String n = fullName.toLowerCase(Locale.ROOT);
        int bar = n.indexOf('|');
        if (bar < 0) return commands.get(n);
        Spec p = commands.get(n.substring(0, bar));
        return p == null ? null : p.subs.get(n.substring(bar + 1));
    }

    List<Spec> all() {
        return new ArrayList<>(commands.values());
    }
}
