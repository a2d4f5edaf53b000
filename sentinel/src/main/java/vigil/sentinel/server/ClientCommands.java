package vigil.sentinel.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static vigil.sentinel.server.SentinelConnection.str;

/**
 * CLIENT in sentinel mode: names, ids, LIST/INFO lines in Redis 7.0's format (with the fields a
 * sentinel's clients have: no databases, no transactions), KILL in both forms, REPLY, and the
 * tracking/eviction switches, which a sentinel accepts and has no use for.
 */
final class ClientCommands {
    private final SentinelServer server;

    ClientCommands(SentinelServer server) {
        this.server = server;
    }

    static boolean validName(String n) {
        for (int i = 0; i < n.length(); i++) {
            char ch = n.charAt(i);
            if (ch < '!' || ch > '~') return false;
        }
        return true;
    }

    void getname(SentinelConnection c, byte[][] argv) {
        if (c.name.isEmpty()) c.out.nullBulk();
        else c.out.bulk(c.name);
    }

    void setname(SentinelConnection c, byte[][] argv) {
        String n = str(argv[2]);
        if (!validName(n)) {
            c.error("ERR Client names cannot contain spaces, newlines or special characters.");
            return;
        }
        c.name = n;
        c.out.ok();
    }

    void id(SentinelConnection c, byte[][] argv) {
        c.out.integer(c.id);
    }

    static String line(SentinelConnection x, long now) {
        boolean pubsub = x.subscribed();
        return "id=" + x.id + " addr=" + x.addr + " laddr=" + x.laddr + " fd=0 name=" + x.name
                + " age=" + (now - x.createdAt) / 1000 + " idle=" + (now - x.lastInteraction) / 1000
                + " flags=" + (pubsub ? "P" : "N") + " db=0 sub=" + x.channels.size() + " psub=" + x.patterns.size()
                + " ssub=0 multi=-1 qbuf=" + x.in.pending() + " qbuf-free=0 argv-mem=0 multi-mem=0 rbs=1024 rbp=0"
                + " obl=0 oll=0 omem=0 tot-mem=0 events=r cmd=" + x.lastCommand + " user=default redir=-1 resp="
                + x.out.proto();
    }

    void info(SentinelConnection c, byte[][] argv) {
        c.out.verbatim(line(c, System.currentTimeMillis()) + "\n");
    }

    void list(SentinelConnection c, byte[][] argv) {
        String type = null;
        List<Long> ids = null;
        if (argv.length == 4 && str(argv[2]).equalsIgnoreCase("type")) {
            type = str(argv[3]).toLowerCase(Locale.ROOT);
            if (!List.of("normal", "master", "replica", "slave", "pubsub").contains(type)) {
                c.error("ERR Unknown client type '" + str(argv[3]) + "'");
                return;
            }
        } else if (argv.length > 3 && str(argv[2]).equalsIgnoreCase("id")) {
            ids = new ArrayList<>();
            for (int i = 3; i < argv.length; i++) {
                Long id = Numbers.parseLong(argv[i]);
                if (id == null || id <= 0) {
                    c.error("ERR Invalid client ID");
                    return;
                }
                ids.add(id);
            }
        } else if (argv.length != 2) {
            c.error("ERR syntax error");
            return;
        }
        long now = System.currentTimeMillis();
        StringBuilder sb = new StringBuilder();
        for (SentinelConnection x : server.clients.values()) {
            if (ids != null && !ids.contains(x.id)) continue;
            if (type != null && !type.equals(x.subscribed() ? "pubsub" : "normal")) continue;
            sb.append(line(x, now)).append('\n');
        }
        c.out.verbatim(sb.toString());
    }

    void kill(SentinelConnection c, byte[][] argv) {
        if (argv.length == 3) {
            String addr = str(argv[2]);
            for (SentinelConnection x : new ArrayList<>(server.clients.values())) {
                if (x.addr.equals(addr)) {
                    c.out.ok();
                    if (x == c) c.closeAfterReply();
                    else x.close();
                    return;
                }
            }
            c.error("ERR No such client");
            return;
        }
        if (argv.length % 2 != 0) {
            c.error("ERR syntax error");
            return;
        }
        Long id = null;
        String type = null, addr = null, laddr = null, user = null;
        boolean skipMe = true;
        for (int i = 2; i < argv.length; i += 2) {
            String k = str(argv[i]).toLowerCase(Locale.ROOT);
            String v = str(argv[i + 1]);
            switch (k) {
                case "id" -> {
                    id = Numbers.parseLong(v);
                    if (id == null || id <= 0) {
                        c.error("ERR client-id should be greater than 0");
                        return;
                    }
                }
                case "type" -> {
                    type = v.toLowerCase(Locale.ROOT);
                    if (!List.of("normal", "master", "replica", "slave", "pubsub").contains(type)) {
                        c.error("ERR Unknown client type '" + v + "'");
                        return;
                    }
                }
                case "addr" -> addr = v;
                case "laddr" -> laddr = v;
                case "user" -> user = v;
                case "skipme" -> {
                    if (v.equalsIgnoreCase("yes")) skipMe = true;
                    else if (v.equalsIgnoreCase("no")) skipMe = false;
                    else {
                        c.error("ERR syntax error");
                        return;
                    }
                }
                default -> {
                    c.error("ERR syntax error");
                    return;
                }
            }
        }
        if (user != null && !user.equals("default")) {
            c.error("ERR No such user '" + user + "'");
            return;
        }
        int killed = 0;
        for (SentinelConnection x : new ArrayList<>(server.clients.values())) {
            if (id != null && x.id != id) continue;
            if (type != null && !type.equals(x.subscribed() ? "pubsub" : "normal")) continue;
            if (addr != null && !x.addr.equals(addr)) continue;
            if (laddr != null && !x.laddr.equals(laddr)) continue;
            if (x == c && skipMe) continue;
            killed++;
            if (x == c) c.closeAfterReply();
            else x.close();
        }
        c.out.integer(killed);
    }

    void reply(SentinelConnection c, byte[][] argv) {
        String mode = str(argv[2]).toLowerCase(Locale.ROOT);
        switch (mode) {
            case "on" -> {
                c.replyMode = 0;
                c.out.ok();
            }
            case "off" -> c.replyMode = 1;
            case "skip" -> {
                if (c.replyMode == 0) c.replyMode = 3;   // becomes 2 (skip the next one) once this command ends
            }
            default -> c.error("ERR syntax error");
        }
    }

    void tracking(SentinelConnection c, byte[][] argv) {
        String v = str(argv[2]);
        if (!v.equalsIgnoreCase("on") && !v.equalsIgnoreCase("off")) {
            c.error("ERR syntax error");
            return;
        }
        c.out.ok();
    }

    void trackinginfo(SentinelConnection c, byte[][] argv) {
        c.out.map(3);
        c.out.bulk("flags").set(1).bulk("off");
        c.out.bulk("redirect").integer(-1);
        c.out.bulk("prefixes").array(0);
    }

    void getredir(SentinelConnection c, byte[][] argv) {
        c.out.integer(-1);
    }

    void caching(SentinelConnection c, byte[][] argv) {
        c.error("ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or OPTOUT mode enabled");
    }

    void noEvict(SentinelConnection c, byte[][] argv) {
        String v = str(argv[2]);
        if (v.equalsIgnoreCase("on") || v.equalsIgnoreCase("off")) c.out.ok();
        else c.error("ERR syntax error");
    }

    void unblock(SentinelConnection c, byte[][] argv) {
        Long id = Numbers.parseLong(argv[2]);
        if (id == null) {
            c.error("ERR value is not an integer or out of range");
            return;
        }
        c.out.integer(0);
    }

    void ok(SentinelConnection c, byte[][] argv) {
        c.out.ok();
    }
}
