package vigil.sentinel.netsupport;

import java.io.IOException;

/** A data node a sentinel test watches: an in-process Vigil node or a Debian redis-server. */
public interface DataNode extends AutoCloseable {
    int port();

    /** One command on a fresh connection, the reply as text. */
    String call(String... args) throws IOException;
}
