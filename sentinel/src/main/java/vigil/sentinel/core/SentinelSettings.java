package vigil.sentinel.core;

/**
 * The sentinel-wide state and settings that are not per master: identity, epoch and the
 * global {@code sentinel ...} directives. Mutable, owned by the event-loop thread; persisted.
 */
public final class SentinelSettings {
    /** 40 hex characters; generated on first start and persisted as {@code sentinel myid}. */
    public String myId;
    public long currentEpoch;
    /** The address this sentinel announces in hellos (announce-ip/announce-port, else the link's local address and port). */
    public String announceIp;
    public int announcePort;
    public int port = 26379;
    public boolean resolveHostnames;
    public boolean announceHostnames;
    public boolean denyScriptsReconfig = true;
    public String sentinelUser;
    public String sentinelPass;
    /** TILT: entered when the clock jumps back or the tick stalls for more than 2 s; lasts 30 s. */
    public boolean tilt;
    public long tiltStartTime;
    /** SENTINEL SIMULATE-FAILURE flags. */
    public boolean simulateCrashAfterElection;
    public boolean simulateCrashAfterPromotion;
}
