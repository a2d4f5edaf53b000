package vigil.sentinel.core;

/**
 * Instance flags, named and ordered as Redis 7.0's sentinel prints them in the "flags" field
 * (after the kind word): s_down, o_down, master_down, failover_in_progress, promoted,
 * reconf_sent, reconf_inprog, reconf_done, force_failover, script_kill_sent, master_reboot.
 * "disconnected" is derived from the link, not stored here.
 */
public enum Flag {
    S_DOWN("s_down"), O_DOWN("o_down"), MASTER_DOWN("master_down"),
    FAILOVER_IN_PROGRESS("failover_in_progress"), PROMOTED("promoted"),
    RECONF_SENT("reconf_sent"), RECONF_INPROG("reconf_inprog"), RECONF_DONE("reconf_done"),
    FORCE_FAILOVER("force_failover"), SCRIPT_KILL_SENT("script_kill_sent"),
    MASTER_REBOOT("master_reboot");

    public final String word;

    Flag(String word) {
        this.word = word;
    }
}
