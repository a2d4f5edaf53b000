package vigil.server.admin;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vigil.resp.server.command.CommandTable;
import vigil.resp.server.command.Replies;
import vigil.server.node.VigilServer;
import vigil.server.node.Client;
import vigil.util.Bytes;

import java.time.Instant;

/**
 * Server commands: TIME, LASTSAVE, SHUTDOWN, and the SLOWLOG and LATENCY containers (ROLE and
 * REPLICAOF live in vigil.server.replication.ReplicationCommands).
 *
 * <p>SHUTDOWN saves an RDB first when save points are configured (unless NOSAVE) or SAVE is
 * given; a failed save answers "Errors trying to SHUTDOWN" unless FORCE. ABORT always answers
 * "No shutdown in progress" because a shutdown never waits for replicas yet.
 */
public final class ServerCommands {
    private static final Logger log = LoggerFactory.getLogger(ServerCommands.class);

    private ServerCommands() {
    }

    public static void register(CommandTable<Client> t, VigilServer server, SlowLog slowLog, LatencyMonitor latency) {
        t.add("time", 1, "loading stale fast", 0, 0, 0, "server", (c, argv) -> time(c));
        t.add("lastsave", 1, "loading stale fast", 0, 0, 0, "server",
                (c, argv) -> c.out.integer(server.persistenceState.lastSaveSec));
        t.add("shutdown", -1, "admin noscript loading stale no_multi allow_busy", 0, 0, 0, "server",
                (c, argv) -> shutdown(server, c, argv));
        slowLog.register(t);
        latency.register(t);
    }

    static void time(Client c) {
        Instant now = Instant.now();
        c.out.array(2).bulkLong(now.getEpochSecond()).bulkLong(now.getNano() / 1000);
    }

    static void shutdown(VigilServer server, Client c, byte[][] argv) {
        boolean nosave = false, save = false, now = false, force = false, abort = false;
        for (int i = 1; i < argv.length; i++) {
            if (Bytes.is(argv[i], "nosave")) nosave = true;
            else if (Bytes.is(argv[i], "save")) save = true;
            else if (Bytes.is(argv[i], "now")) now = true;
            else if (Bytes.is(argv[i], "force")) force = true;
            else if (Bytes.is(argv[i], "abort")) abort = true;
            else {
                c.out.error(Replies.SYNTAX);
                return;
            }
        }
        if ((abort && argv.length != 2) || (nosave && save)) {
            c.out.error(Replies.SYNTAX);
            return;
        }
        if (abort) {
            c.out.error("ERR No shutdown in progress.");
            return;
        }
        log.warn("User requested shutdown...");
        if (!vigil.server.persistence.PersistenceCommands.saveOnShutdown(server, save, nosave) && !force) {
            log.warn("Errors trying to shut down the server. Check the logs for more information.");
            c.out.error("ERR Errors trying to SHUTDOWN. Check logs.");
            return;
        }
        log.warn("Vigil is now ready to exit, bye bye...");
        c.closeAfterReply = true;
        server.shutdownHook.run();
    }
}
