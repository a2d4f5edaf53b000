package vigil.server.admission;

import vigil.resp.server.command.CommandTable;
import vigil.resp.server.dispatch.AdmissionRule;
import vigil.resp.server.dispatch.PubSubContextRule;
import vigil.server.node.Client;
import vigil.server.config.ServerConfig;
import vigil.server.node.PersistenceState;
import vigil.server.node.ReplicationState;

import java.util.List;
import java.util.function.IntSupplier;

/**
 * The data node's admission checks as one ordered list, in Redis 7.0's processCommand order
 * (src/server.c). The dispatcher runs lookup, arity and authentication first; then these rules,
 * the first rejection wins (inside MULTI it also flags the transaction, EXECABORT at EXEC); then
 * the CLIENT PAUSE postpone and the MULTI queueing.
 */
public final class Admission {
    private final List<AdmissionRule<Client>> rules;

    public Admission(ServerConfig config, CommandTable<Client> commands, PersistenceState persistence,
                     ReplicationState replication, IntSupplier goodReplicas, IntSupplier countedReplicas) {
        WriteIntent writes = new WriteIntent(commands);
        this.rules = List.of(
                new AdmissionRules.NoMulti(),
                // ACL (NOPERM) goes here: ACLCheckAllPerm, after no_multi.
                // OOM goes here: maxmemory's performEvictions and the deny-oom reject.
                new AdmissionRules.Misconf(persistence, writes),
                AdmissionRules.NoReplicas.minReplicasToWrite(config, replication, writes, goodReplicas),
                AdmissionRules.NoReplicas.minReplicasAck(config, replication, writes, countedReplicas),
                new AdmissionRules.ReadOnlyReplica(config, replication, writes),
                new AdmissionRules.Fenced(replication, writes),   // Vigil: a replaced master (not in Redis)
                new PubSubContextRule<>(),
                new AdmissionRules.MasterDown(config, replication),
                new AdmissionRules.Loading(replication)
                // BUSY goes here: a script or module command running too long (allow-busy commands pass).
        );
    }

    /** The rules in the order they run. */
    public List<AdmissionRule<Client>> rules() {
        return rules;
    }
}
