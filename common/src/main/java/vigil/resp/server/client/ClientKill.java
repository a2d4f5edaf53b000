package vigil.resp.server.client;

import vigil.resp.server.command.Replies;
import vigil.resp.server.session.ClientType;
import vigil.resp.server.session.Session;
import vigil.util.Bytes;

import java.util.ArrayList;
import java.util.List;

/**
 * CLIENT KILL in both of Redis 7.0's forms: the old {@code CLIENT KILL ip:port} (may kill the
 * caller; "No such client" when none matched) and the filter form ({@code ID, ADDR, LADDR, TYPE,
 * USER, SKIPME}; replies the number killed). The caller, when it matches, is closed after its
 * reply is written.
 */
final class ClientKill {
    private ClientKill() {
    }

    static <S extends Session> void kill(ClientRegistry<S> registry, S c, byte[][] argv) {
        String addr = null, laddr = null, user = null;
        ClientType type = null;
        long id = 0;
        boolean skipme = true;
        if (argv.length == 3) {
            addr = Bytes.str(argv[2]);
            skipme = false;
        } else {
            for (int i = 2; i < argv.length; i += 2) {
                boolean more = i + 1 < argv.length;
                if (!more) {
                    c.out.error(Replies.SYNTAX);
                    return;
                }
                String value = Bytes.str(argv[i + 1]);
                if (Bytes.is(argv[i], "id")) {
                    Long v = Bytes.parseLong(argv[i + 1]);
                    if (v == null || v < 1) {
                        c.out.error("ERR client-id should be greater than 0");
                        return;
                    }
                    id = v;
                } else if (Bytes.is(argv[i], "type")) {
                    type = ClientType.byName(value);
                    if (type == null) {
                        c.out.error("ERR Unknown client type '" + value + "'");
                        return;
                    }
                } else if (Bytes.is(argv[i], "addr")) {
                    addr = value;
                } else if (Bytes.is(argv[i], "laddr")) {
                    laddr = value;
                } else if (Bytes.is(argv[i], "user")) {
                    if (!value.equals("default")) {
                        c.out.error("ERR No such user '" + value + "'");
                        return;
                    }
                    user = value;
                } else if (Bytes.is(argv[i], "skipme")) {
                    if (Bytes.is(argv[i + 1], "yes")) skipme = true;
                    else if (Bytes.is(argv[i + 1], "no")) skipme = false;
                    else {
                        c.out.error(Replies.SYNTAX);
                        return;
                    }
                } else {
                    c.out.error(Replies.SYNTAX);
                    return;
                }
            }
        }
        List<S> victims = new ArrayList<>();
        boolean killSelf = false;
        for (S x : registry.clients().values()) {
            if (addr != null && !x.conn.remoteAddress().equals(addr)) continue;
            if (laddr != null && !x.conn.localAddress().equals(laddr)) continue;
            if (type != null && x.type() != type) continue;
            if (id != 0 && x.id != id) continue;
            if (user != null && !x.user.equals(user)) continue;
            if (x == c) {
                if (skipme) continue;
                killSelf = true;
            } else {
                victims.add(x);
            }
        }
        for (S x : victims) registry.disconnect(x);
        int killed = victims.size() + (killSelf ? 1 : 0);
        if (argv.length == 3) {
            if (killed == 0) c.out.error("ERR No such client");
            else c.out.ok();
        } else {
            c.out.integer(killed);
        }
        if (killSelf) c.closeAfterReply = true;
    }
}
