package vigil.server.admission;

import vigil.server.node.Client;
import vigil.resp.server.command.CommandSpec;
import vigil.resp.server.command.CommandTable;

/** processCommand's is_write_command: a write command, or an EXEC whose queue holds one. */
final class WriteIntent {
    private final CommandTable<Client> commands;

    WriteIntent(CommandTable<Client> commands) {
        this.commands = commands;
    }

    boolean isWrite(Client c, CommandSpec<Client> cmd) {
        if (cmd.isWrite()) return true;
        if (cmd.parent != null || !cmd.name.equals("exec") || !c.inMulti) return false;
        for (byte[][] q : c.queued) {
            CommandSpec<Client> s = commands.lookup(q[0]);
            if (s != null && s.isWrite()) return true;
        }
        return false;
    }

    /** mustObeyClient: our master's link (and internal clients) are never refused for writing. */
    static boolean obeyed(Client c) {
        return (c.flags & Client.FLAG_MASTER) != 0 || c.isInternal();
    }
}
