package vigil.server.admin;

/** Counters for INFO stats; all updated on the keyspace thread. */
public final class ServerStats {
    public long totalConnections;
    public long totalCommands;
    public long rejectedConnections;
    public long netInputBytes;
    public long netOutputBytes;
    public long totalErrorReplies;
    public long unexpectedErrorReplies;
    public long pubsubChannelsMessages;

    public void reset() {
        totalConnections = totalCommands = rejectedConnections = 0;
        netInputBytes = netOutputBytes = totalErrorReplies = unexpectedErrorReplies = 0;
    }
}
