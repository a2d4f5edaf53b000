package vigil.server.replication;

import vigil.server.node.VigilServer;

import java.io.IOException;
import java.io.InputStream;

/**
 * Loads a full-sync RDB payload into the keyspace, in two steps so that the parsing can run off
 * the keyspace thread while clients get -LOADING: {@link #read} (any thread) and then
 * {@link Staged#install} (the keyspace thread, on an emptied keyspace).
 *
 * <p>The implementation in use is {@link StagedRdbLoader}, a deliberately minimal stand-in: once
 * the persistence issue's RdbLoad lands, swap it in here (an adapter whose read() just hands the
 * stream over and whose install() runs RdbLoad).
 */
public interface PayloadLoader {
    /** The parsed payload, ready to install. */
    interface Staged {
        void install(VigilServer server);
    }

    Staged read(InputStream rdb) throws IOException;
}
