package vigil.sentinel.core;

/**
 * Redis's sentinelCheckTiltCondition: if the timer ran late by more than tilt-trigger (2 s) or the
 * clock went back, the sentinel can't trust its timings (every instance looks down, or none does),
 * so for tilt-period (30 s) it keeps monitoring but takes no action (+tilt / -tilt).
 */
final class Tilt {
    private Tilt() {
    }

    static void check(SentinelBrain b, long now) {
        if (b.previousTime != 0) {
            long delta = now - b.previousTime;
            if (delta < 0 || delta > b.tiltTriggerMs) {
                b.settings.tilt = true;
                b.settings.tiltStartTime = now;
                b.event("+tilt", true, null, "#tilt mode entered");
            }
        }
        b.previousTime = now;
    }
}
