package vigil.sentinel.core;

/**
 * Redis's SENTINEL_FAILOVER_STATE_*; {@link #word} is what INFO/SENTINEL MASTER print ("failover-state").
 * Vigil adds DETACH_REPLICAS between WAIT_START and SELECT_SLAVE, used only in zero-loss mode
 * (see {@link ZeroLoss}).
 */
public enum FailoverState {
    NONE("none"), WAIT_START("wait_start"), DETACH_REPLICAS("detach_slaves"), SELECT_SLAVE("select_slave"),
    SEND_SLAVEOF_NOONE("send_slaveof_noone"), WAIT_PROMOTION("wait_promotion"),
    RECONF_SLAVES("reconf_slaves"), UPDATE_CONFIG("update_config");

    public final String word;

    FailoverState(String word) {
        this.word = word;
    }
}
