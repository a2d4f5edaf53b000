package vigil.resp.server.dispatch;

import vigil.resp.server.command.CommandSpec;
import vigil.resp.server.session.Session;

/**
 * One check a server runs on a resolved command before executing it (the RESP2 pub/sub context,
 * a read-only replica, MASTERDOWN ...): Redis's error text rejecting the command, or null.
 */
@FunctionalInterface
public interface AdmissionRule<S extends Session> {
    String check(S session, CommandSpec<S> cmd, byte[][] argv);

    /** The rule's name as Redis's processCommand comments call it (tests and docs list the order by it). */
    default String name() {
        return getClass().getSimpleName();
    }
}
