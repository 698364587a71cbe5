package io.kafkaconnect.metronome.emulator.state;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * "Now" for the whole emulator: real time, or a frozen instant tests can move at will. Real time is cut
 * to milliseconds, the precision Metronome's own timestamps have.
 */
public final class EmulatorClock {
    private volatile Instant frozenAt;

    public Instant now() {
        Instant frozen = frozenAt;
        return frozen != null ? frozen : Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    public void freezeAt(Instant now) {
        frozenAt = now;
    }

    public void useRealTime() {
        frozenAt = null;
    }

    public boolean frozen() {
        return frozenAt != null;
    }
}
