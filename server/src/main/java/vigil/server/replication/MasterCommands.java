package vigil.server.replication;

import vigil.server.node.ReplicationState;
import vigil.server.node.VigilServer;
import vigil.server.node.Client;
import vigil.resp.server.command.CommandTable;
import vigil.util.Bytes;

import java.util.Locale;

/** REPLCONF, PSYNC and SYNC: what a replica sends its master (Redis 7.0's replconfCommand and syncCommand). */
final class MasterCommands {
    private MasterCommands() {
    }

    static void register(CommandTable<Client> t, MasterService master) {
        t.add("replconf", -1, "admin noscript loading stale allow_busy", 0, 0, 0, "server", (c, argv) -> replconf(master, c, argv));
        t.add("psync", -3, "admin noscript no_async_loading no_multi", 0, 0, 0, "server", (c, argv) -> sync(master, c, argv));
        master.waits.register(t);
        t.add("sync", 1, "admin noscript no_async_loading no_multi", 0, 0, 0, "server", (c, argv) -> sync(master, c, argv));
    }

    static void replconf(MasterService master, Client c, byte[][] argv) {
        if (argv.length % 2 == 0) {
            c.out.error("ERR syntax error");
            return;
        }
        ReplicaConnection r = master.conn(c);
        for (int j = 1; j < argv.length; j += 2) {
            String opt = Bytes.str(argv[j]).toLowerCase(Locale.ROOT);
            byte[] val = argv[j + 1];
            switch (opt) {
                case "listening-port" -> {
                    Long port = Bytes.parseLong(val);
                    if (port == null) {
                        c.out.error("ERR value is not an integer or out of range");
                        return;
                    }
                    r.listeningPort = port.intValue();
                }
                case "ip-address" -> {
                    if (val.length >= 46) {
                        c.out.error("ERR REPLCONF ip-address provided by replica instance is too long: " + val.length + " bytes");
                        return;
                    }
                    r.announcedIp = Bytes.str(val);
                }
                case "capa" -> {
                    if (Bytes.is(val, "eof")) r.capaEof = true;
                    else if (Bytes.is(val, "psync2")) r.capaPsync2 = true;
                }
                case "ack" -> {
                    // only a replica's ACK counts, and it gets no reply
                    if ((c.flags & Client.FLAG_REPLICA) == 0) return;
                    Long off = Bytes.parseLong(val);
                    if (off == null) return;
                    master.acked(r, off);
                    Failover f = master.failover;
                    if (f != null && f.active()) master.server.scheduler.runLater(f::update);
                    return;
                }
                case "getack" -> {
                    // a replica answers its master's GETACK (MasterStream); elsewhere nothing to say
                    return;
                }
                case "rdb-only", "rdb-filter-only" -> {
                    // accepted; this master always sends the whole dataset and the stream
                }
                default -> {
                    c.out.error("ERR Unrecognized REPLCONF option: " + Bytes.str(argv[j]));
                    return;
                }
            }
        }
        c.out.ok();
    }

    /** SYNC and PSYNC replid offset. */
    static void sync(MasterService master, Client c, byte[][] argv) {
        if ((c.flags & Client.FLAG_REPLICA) != 0) return;   // already a replica: ignore
        if (argv.length > 3 && Bytes.is(argv[0], "psync") && Bytes.is(argv[3], "failover")) {
            String err = Failover.onPsyncFailover(master.server, master.replica, c, argv);
            if (err != null) {
                c.out.error(err);
                return;
            }
        }
        Failover f = master.failover;
        if (f != null && f.active()) {
            c.out.error("NOMASTERLINK Can't SYNC while failing over");
            return;
        }
        ReplicationState state = master.state;
        if (state.isReplica() && !state.linkUp()) {
            c.out.error("NOMASTERLINK Can't SYNC while not connected with my master");
            return;
        }
        master.server.flush(c);   // earlier replies go out before the stream
        ReplicaConnection r = master.conn(c);
        if (Bytes.is(argv[0], "psync")) master.psync(r, Bytes.str(argv[1]), Bytes.parseLong(argv[2]));
        else master.psync(r, null, null);
    }
}
