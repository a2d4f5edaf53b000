package vigil.resp.server.client;

import vigil.resp.server.session.Session;

import java.util.Map;

/** The connected clients of a server, as CLIENT LIST and CLIENT KILL see them. */
public interface ClientRegistry<S extends Session> {
    /** Every client by id, in connection order. */
    Map<Long, S> clients();

    /** Closes another client's connection now and forgets it. */
    void disconnect(S victim);

    /** The server's clock, in milliseconds (age= and idle=). */
    long now();
}
