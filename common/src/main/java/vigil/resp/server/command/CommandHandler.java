package vigil.resp.server.command;

import vigil.resp.server.session.Session;

/** Executes one command for a client; replies go to {@code c.out}. */
@FunctionalInterface
public interface CommandHandler<S extends Session> {
    void execute(S c, byte[][] argv);
}
