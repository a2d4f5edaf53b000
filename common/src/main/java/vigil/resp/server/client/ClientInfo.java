package vigil.resp.server.client;

import vigil.resp.server.session.Connection;
import vigil.resp.server.session.Session;

/**
 * One client's line in CLIENT LIST / CLIENT INFO, with Redis 7.0.15's fields in its order: the
 * one writer of that line for the node and the sentinel. Memory figures are estimates
 * from Vigil's own buffers (the JVM has no per-allocation accounting); fd is a synthetic number
 * (Java hides descriptors), stable per connection.
 */
public final class ClientInfo {
    private ClientInfo() {
    }

    /**
     * The info line (without the trailing newline). {@code argv} is the command the client is
     * running (for argv-mem) and {@code cmd} its name ("client|list"), or both null for another
     * client, whose last command is shown.
     */
    public static String line(Session c, long nowMs, byte[][] argv, String cmd) {
        long argvMem = 0;
        if (argv != null) for (byte[] a : argv) argvMem += a.length;
        long multiMem = c.multiMemory();
        int qbuf = c.in.pending();
        long obl = c.out.size();
        long omem = c.conn.pendingWriteBytes();
        long totMem = 20_000 + qbuf + argvMem + multiMem + obl + omem;
        String flags = c.flagLetters();
        StringBuilder sb = new StringBuilder(256);
        sb.append("id=").append(c.id)
                .append(" addr=").append(c.conn.remoteAddress())
                .append(" laddr=").append(c.conn.localAddress())
                .append(" fd=").append(c.conn == Connection.NONE ? -1 : c.id + 7)
                .append(" name=").append(c.name)
                .append(" age=").append(Math.max(0, (nowMs - c.createdAt) / 1000))
                .append(" idle=").append(Math.max(0, (nowMs - c.lastInteraction) / 1000))
                .append(" flags=").append(flags.isEmpty() ? "N" : flags)
                .append(" db=").append(c.dbIndex())
                .append(" sub=").append(c.channels.size())
                .append(" psub=").append(c.patterns.size())
                .append(" ssub=").append(c.shardChannels.size())
                .append(" multi=").append(c.multiQueued())
                .append(" qbuf=").append(qbuf)
                .append(" qbuf-free=").append(qbuf == 0 ? 0 : Math.max(0, 20474 - qbuf))
                .append(" argv-mem=").append(argvMem)
                .append(" multi-mem=").append(multiMem)
                .append(" rbs=16384 rbp=16384")
                .append(" obl=").append(obl)
                .append(" oll=0")
                .append(" omem=").append(omem)
                .append(" tot-mem=").append(totMem)
                .append(" events=").append(c.suspended() ? "" : obl > 0 ? "rw" : "r")
                .append(" cmd=").append(cmd != null ? cmd : c.lastCommand)
                .append(" user=").append(c.user)
                .append(" redir=-1")
                .append(" resp=").append(c.resp());
        return sb.toString();
    }
}
