package vigil.server.admission;

import vigil.server.client.Client;
import vigil.server.command.CommandSpec;

/**
 * One of the node's checks before a command is queued or run (Redis's processCommand): returns
 * the error text that rejects the command, or null to let the next rule decide.
 */
public interface AdmissionRule {
    /** The rule's name as Redis's processCommand comments call it (tests and docs use it). */
    String name();

    String reject(Client c, CommandSpec cmd);
}
