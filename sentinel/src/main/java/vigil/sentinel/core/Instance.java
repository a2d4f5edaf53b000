package vigil.sentinel.core;

import java.util.EnumSet;

/**
 * What this sentinel knows of one instance (Redis's sentinelRedisInstance, common part).
 * Plain mutable state owned by the sentinel's single event-loop thread; only {@link SentinelBrain}
 * changes it, the command layer reads it. All times are milliseconds of the injected clock;
 * 0 means "never".
 */
public abstract class Instance {
    public final InstanceKind kind;
    /** Master: its configured name. Replica and sentinel: "ip:port", as Redis names them. */
    public String name;
    public Addr addr;
    /** From INFO (run_id) or, for sentinels, from hellos; null while unknown. */
    public String runId;
    public final EnumSet<Flag> flags = EnumSet.noneOf(Flag.class);

    // --- link (for sentinels: the Hazelcast membership plays the link's part) ---
    public boolean linkUp;
    /** When the link last went down (0 while up or never connected). */
    public long linkDownSince;
    /** Commands sent on the link and not answered yet (SENTINEL MASTER's link-pending-commands). */
    public int pendingCommands;
    /** Time of the oldest PING still without a reply; 0 when none is pending (Redis's act_ping_time). */
    public long pingPendingSince;
    /** Last PING sent (Redis's last_ping_time). */
    public long lastPingSent;
    /** Last valid PING reply: +PONG, -LOADING, -MASTERDOWN (Redis's last_avail_time). */
    public long lastAvail;
    /** Last reply of any kind to PING (Redis's last_pong_time). */
    public long lastPong;
    /** Last hello published to this instance (masters and replicas) or received from it (sentinels). */
    public long lastHello;
    /** When the link last came up (Redis's cc_conn_time); 0 while down. */
    public long linkUpSince;
    /** Last INFO sent (not in Redis, which resends every tick until the reply comes). */
    public long lastInfoSent;

    // --- what INFO said (masters and replicas) ---
    public long infoRefresh;
    public String lastInfo;
    public InstanceKind roleReported;
    public long roleReportedTime;

    // --- down state ---
    public long sDownSince;
    public long downAfterMs;

    protected Instance(InstanceKind kind, String name, Addr addr, long downAfterMs) {
        this.kind = kind;
        this.name = name;
        this.addr = addr;
        this.downAfterMs = downAfterMs;
        this.roleReported = kind;
    }

    public Target target(String masterName) {
        return new Target(masterName, kind, addr);
    }

    public boolean has(Flag f) {
        return flags.contains(f);
    }
}
