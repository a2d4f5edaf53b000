package vigil.server.command;

import vigil.server.client.Client;

/** Executes one command for a client; replies go to {@code c.out}. */
@FunctionalInterface
public interface CommandHandler {
    void execute(Client c, byte[][] argv);
}
