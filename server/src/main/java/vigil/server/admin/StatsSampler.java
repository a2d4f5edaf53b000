package vigil.server.admin;

import vigil.server.node.VigilServer;

/** serverCron's trackInstantaneousMetric (every 100 ms): the INFO stats rates and the memory peak. */
public final class StatsSampler {
    private final VigilServer server;
    private long lastSample;

    public StatsSampler(VigilServer server) {
        this.server = server;
    }

    public void tick() {
        long now = server.clock.getAsLong();
        if (now - lastSample < 100) return;
        lastSample = now;
        server.stats.sample(now);
        MemoryInfo.trackPeak(server);
    }
}
