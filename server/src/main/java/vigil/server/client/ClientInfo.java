package vigil.server.client;

import java.util.Locale;

/**
 * One client's line in CLIENT LIST / CLIENT INFO, with Redis 7.0.15's fields in its order, and
 * the client types CLIENT LIST TYPE and CLIENT KILL TYPE filter on. Memory figures are estimates
 * from Vigil's own buffers (the JVM has no per-allocation accounting); fd is a synthetic number
 * (Java hides descriptors), stable per connection.
 */
public final class ClientInfo {
    public enum Type { NORMAL, REPLICA, PUBSUB, MASTER }

    private ClientInfo() {
    }

    /** getClientTypeByName: normal, slave|replica, pubsub, master (any case); null when unknown. */
    public static Type typeByName(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "normal" -> Type.NORMAL;
            case "slave", "replica" -> Type.REPLICA;
            case "pubsub" -> Type.PUBSUB;
            case "master" -> Type.MASTER;
            default -> null;
        };
    }

    /** getClientType: a monitor counts as normal, as in Redis. */
    public static Type typeOf(Client c) {
        if ((c.flags & Client.FLAG_MASTER) != 0) return Type.MASTER;
        if ((c.flags & Client.FLAG_REPLICA) != 0 && !c.monitor) return Type.REPLICA;
        if (c.subscriptionCount() > 0 || !c.shardChannels.isEmpty()) return Type.PUBSUB;
        return Type.NORMAL;
    }

    /** The flags letters in Redis's order, "N" when none. */
    static String flags(Client c) {
        StringBuilder f = new StringBuilder();
        if (c.monitor) f.append('O');
        else if ((c.flags & Client.FLAG_REPLICA) != 0) f.append('S');
        if ((c.flags & Client.FLAG_MASTER) != 0) f.append('M');
        if (c.subscriptionCount() > 0 || !c.shardChannels.isEmpty()) f.append('P');
        if (c.inMulti) f.append('x');
        if (c.suspended) f.append('b');
        if (c.dirtyCas) f.append('d');
        if (c.closeAfterReply) f.append('c');
        if (c.noEvict) f.append('e');
        if (f.length() == 0) f.append('N');
        return f.toString();
    }

    /**
     * The info line (without the trailing newline). {@code argv} is the command the client is
     * running (for argv-mem) and {@code cmd} its name ("client|list"), or both null for another
     * client, whose last command is shown.
     */
    public static String line(Client c, long nowMs, byte[][] argv, String cmd) {
        long argvMem = 0;
        if (argv != null) for (byte[] a : argv) argvMem += a.length;
        long multiMem = 0;
        for (byte[][] q : c.queued) {
            multiMem += 8L * q.length;
            for (byte[] a : q) multiMem += a.length;
        }
        int qbuf = c.in.pending();
        long obl = c.out.size();
        long omem = c.conn.pendingWriteBytes();
        long totMem = 20_000 + qbuf + argvMem + multiMem + obl + omem;
        StringBuilder sb = new StringBuilder(256);
        sb.append("id=").append(c.id)
                .append(" addr=").append(c.conn.remoteAddress())
                .append(" laddr=").append(c.conn.localAddress())
                .append(" fd=").append(c.isInternal() ? -1 : c.id + 7)
                .append(" name=").append(c.name)
                .append(" age=").append(Math.max(0, (nowMs - c.createdAt) / 1000))
                .append(" idle=").append(Math.max(0, (nowMs - c.lastInteraction) / 1000))
                .append(" flags=").append(flags(c))
                .append(" db=").append(c.db.id)
                .append(" sub=").append(c.channels.size())
                .append(" psub=").append(c.patterns.size())
                .append(" ssub=").append(c.shardChannels.size())
                .append(" multi=").append(c.inMulti ? c.queued.size() : -1)
                .append(" qbuf=").append(qbuf)
                .append(" qbuf-free=").append(qbuf == 0 ? 0 : Math.max(0, 20474 - qbuf))
                .append(" argv-mem=").append(argvMem)
                .append(" multi-mem=").append(multiMem)
                .append(" rbs=16384 rbp=16384")
                .append(" obl=").append(obl)
                .append(" oll=0")
                .append(" omem=").append(omem)
                .append(" tot-mem=").append(totMem)
                .append(" events=").append(c.suspended ? "" : obl > 0 ? "rw" : "r")
                .append(" cmd=").append(cmd != null ? cmd : c.lastCommand)
                .append(" user=").append(c.user)
                .append(" redir=-1")
                .append(" resp=").append(c.resp());
        return sb.toString();
    }
}
