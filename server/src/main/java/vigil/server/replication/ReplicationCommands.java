package vigil.server.replication;

import vigil.server.node.Client;
import vigil.resp.server.command.CommandTable;
import vigil.util.Bytes;

/** ROLE and REPLICAOF / SLAVEOF, Redis 7.0's replies. */
public final class ReplicationCommands {
    private ReplicationCommands() {
    }

    static void register(CommandTable<Client> t, ReplicaService service) {
        t.add("role", 1, "noscript loading stale fast", 0, 0, 0, "server", (c, argv) -> service.state().role(c));
        t.add("replicaof", 3, "admin noscript stale no_async_loading", 0, 0, 0, "server", (c, argv) -> replicaof(service, c, argv));
        t.add("slaveof", 3, "admin noscript stale no_async_loading", 0, 0, 0, "server", (c, argv) -> replicaof(service, c, argv));
    }

    static void replicaof(ReplicaService service, Client c, byte[][] argv) {
        Failover f = service.failover();
        if (f != null && f.active()) {
            c.out.error("ERR REPLICAOF not allowed while failing over.");
            return;
        }
        if ((c.flags & Client.FLAG_REPLICA) != 0) {
            c.out.error("ERR Command is not valid when client is a replica.");
            return;
        }
        if (Bytes.is(argv[1], "no") && Bytes.is(argv[2], "one")) {
            service.noOne();
            c.out.ok();
            return;
        }
        Long port = Bytes.parseLong(argv[2]);
        if (port == null || port < 0 || port > 65535) {
            c.out.error("ERR Invalid master port");
            return;
        }
        if (service.replicaOf(Bytes.str(argv[1]), port.intValue())) c.out.ok();
        else c.out.simple("OK Already connected to specified master");
    }
}
