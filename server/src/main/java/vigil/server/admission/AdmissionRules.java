package vigil.server.admission;

import vigil.server.node.Client;
import vigil.server.node.Dispatcher;
import vigil.resp.server.command.CommandFlag;
import vigil.resp.server.command.CommandSpec;
import vigil.resp.server.dispatch.AdmissionRule;
import vigil.server.config.ServerConfig;
import vigil.server.node.PersistenceState;
import vigil.server.node.ReplicationState;

import java.util.function.IntSupplier;

/** The rules of {@link Admission}, each named after its error and Redis 7.0's processCommand check. */
public final class AdmissionRules {
    public static final String NO_MULTI = "ERR Command not allowed inside a transaction";
    public static final String MISCONF = "MISCONF Redis is configured to save RDB snapshots, but it's currently "
            + "unable to persist to disk. Commands that may modify the data set are disabled, because this instance "
            + "is configured to report errors during writes if RDB snapshotting fails (stop-writes-on-bgsave-error "
            + "option). Please check the Redis logs for details about the RDB error.";
    public static final String NOREPLICAS = "NOREPLICAS Not enough good replicas to write.";
    public static final String READONLY = "READONLY You can't write against a read only replica.";
    /** Vigil: a master replaced by a newer configuration (docs/sentinel.md, "Node fence"). */
    public static final String FENCED = "READONLY You can't write against a replaced master: "
            + "sentinels announced a newer configuration naming another master.";
    public static final String MASTERDOWN = "MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.";
    public static final String LOADING = "LOADING Redis is loading the dataset in memory";

    private AdmissionRules() {
    }

    /** CMD_NO_MULTI inside MULTI (the transaction commands themselves are handled by MULTI/EXEC). */
    static final class NoMulti implements AdmissionRule<Client> {
        @Override
        public String name() {
            return "no-multi";
        }

        @Override
        public String check(Client c, CommandSpec<Client> cmd, byte[][] argv) {
            return c.inMulti && cmd.has(CommandFlag.NO_MULTI) && !Dispatcher.isTransactionControl(cmd) ? NO_MULTI : null;
        }
    }

    /**
     * writeCommandsDeniedByDiskError: after a failed background save (stop-writes-on-bgsave-error
     * with save points), writes and PING are refused, except from our master.
     */
    static final class Misconf implements AdmissionRule<Client> {
        private final PersistenceState persistence;
        private final WriteIntent writes;

        Misconf(PersistenceState persistence, WriteIntent writes) {
            this.persistence = persistence;
            this.writes = writes;
        }

        @Override
        public String name() {
            return "misconf";
        }

        @Override
        public String check(Client c, CommandSpec<Client> cmd, byte[][] argv) {
            if (!persistence.writesDenied() || WriteIntent.obeyed(c)) return null;
            return writes.isWrite(c, cmd) || cmd.fullName().equals("ping") ? MISCONF : null;
        }
    }

    /**
     * A write on a master needs enough replicas, else NOREPLICAS before it runs. Two instances:
     * "noreplicas" (Redis's checkGoodReplicasStatus: min-replicas-to-write replicas with a recent
     * ACK, when min-replicas-max-lag is set) and "noreplicas-ack" (Vigil's zero-loss mode:
     * min-replicas-ack replicas whose ACKs count, i.e. online for min-replicas-ack-join-delay;
     * commands obeyed from a master link or the AOF are not refused).
     */
    static final class NoReplicas implements AdmissionRule<Client> {
        private final String name;
        private final ReplicationState replication;
        private final WriteIntent writes;
        /** Replicas needed now (0: the rule is off). */
        private final IntSupplier required;
        private final IntSupplier available;
        private final boolean obeyedPass;

        private NoReplicas(String name, ReplicationState replication, WriteIntent writes, IntSupplier required,
                           IntSupplier available, boolean obeyedPass) {
            this.name = name;
            this.replication = replication;
            this.writes = writes;
            this.required = required;
            this.available = available;
            this.obeyedPass = obeyedPass;
        }

        static NoReplicas minReplicasToWrite(ServerConfig config, ReplicationState replication, WriteIntent writes,
                                             IntSupplier goodReplicas) {
            return new NoReplicas("noreplicas", replication, writes,
                    () -> config.minReplicasMaxLag <= 0 ? 0 : config.minReplicasToWrite, goodReplicas, false);
        }

        static NoReplicas minReplicasAck(ServerConfig config, ReplicationState replication, WriteIntent writes,
                                         IntSupplier countedReplicas) {
            return new NoReplicas("noreplicas-ack", replication, writes, () -> config.minReplicasAck, countedReplicas, true);
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String check(Client c, CommandSpec<Client> cmd, byte[][] argv) {
            int need = required.getAsInt();
            if (replication.isReplica() || need <= 0 || (obeyedPass && WriteIntent.obeyed(c))) return null;
            if (!writes.isWrite(c, cmd) || available.getAsInt() >= need) return null;
            return NOREPLICAS;
        }
    }

    /** replica-read-only: a replica refuses writes, except from its master. */
    static final class ReadOnlyReplica implements AdmissionRule<Client> {
        private final ServerConfig config;
        private final ReplicationState replication;
        private final WriteIntent writes;

        ReadOnlyReplica(ServerConfig config, ReplicationState replication, WriteIntent writes) {
            this.config = config;
            this.replication = replication;
            this.writes = writes;
        }

        @Override
        public String name() {
            return "readonly";
        }

        @Override
        public String check(Client c, CommandSpec<Client> cmd, byte[][] argv) {
            if (!replication.isReplica() || !config.replicaReadOnly || WriteIntent.obeyed(c)) return null;
            return writes.isWrite(c, cmd) ? READONLY : null;
        }
    }

    /**
     * Vigil: a master that has seen a sentinel hello naming another master with a newer
     * configuration epoch refuses writes until it is made a replica or named master again
     * ({@code HelloFence}); our master's link and internal clients pass, as for readonly.
     */
    static final class Fenced implements AdmissionRule<Client> {
        private final ReplicationState replication;
        private final WriteIntent writes;

        Fenced(ReplicationState replication, WriteIntent writes) {
            this.replication = replication;
            this.writes = writes;
        }

        @Override
        public String name() {
            return "fenced";
        }

        @Override
        public String check(Client c, CommandSpec<Client> cmd, byte[][] argv) {
            if (replication.isReplica() || !replication.fence.fenced() || WriteIntent.obeyed(c)) return null;
            return writes.isWrite(c, cmd) ? FENCED : null;
        }
    }

    /** replica-serve-stale-data no: while the link to the master is down, only commands with the stale flag run. */
    static final class MasterDown implements AdmissionRule<Client> {
        private final ServerConfig config;
        private final ReplicationState replication;

        MasterDown(ServerConfig config, ReplicationState replication) {
            this.config = config;
            this.replication = replication;
        }

        @Override
        public String name() {
            return "masterdown";
        }

        @Override
        public String check(Client c, CommandSpec<Client> cmd, byte[][] argv) {
            if (!replication.isReplica() || replication.linkUp() || config.replicaServeStaleData) return null;
            return cmd.has(CommandFlag.STALE) ? null : MASTERDOWN;
        }
    }

    /**
     * A full sync's payload is loading: commands without the loading flag wait; with swapdb
     * (async loading) the old data is served and only no_async_loading commands are refused.
     */
    static final class Loading implements AdmissionRule<Client> {
        private final ReplicationState replication;

        Loading(ReplicationState replication) {
            this.replication = replication;
        }

        @Override
        public String name() {
            return "loading";
        }

        @Override
        public String check(Client c, CommandSpec<Client> cmd, byte[][] argv) {
            if (replication.loading && !replication.asyncLoading && !cmd.has(CommandFlag.LOADING)) return LOADING;
            if (replication.asyncLoading && cmd.has(CommandFlag.NO_ASYNC_LOADING)) return LOADING;
            return null;
        }
    }
}
